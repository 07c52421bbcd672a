"""Awaits one fetch, then the other: right values, but no concurrency.

fails: takes-the-longer-delay, second-starts-before-first-finishes
"""


async def fetch_two(fetch, first, second):
    first_value = await fetch(first)
    second_value = await fetch(second)
    return (first_value, second_value)
