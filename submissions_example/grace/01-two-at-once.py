async def fetch_two(fetch, first: str, second: str) -> tuple[str, str]:
    a = await fetch(first)
    b = await fetch(second)
    return (a, b)
