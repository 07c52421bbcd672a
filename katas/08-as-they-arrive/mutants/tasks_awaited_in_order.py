"""Starts every fetch as a task, then awaits the tasks in input order: fast ones wait.

fails: names-in-finishing-order, reported-as-they-arrive
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    for name, task in zip(names, tasks):
        report(name, await task)
    return names
