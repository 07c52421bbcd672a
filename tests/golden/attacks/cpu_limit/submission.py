"""Spins on the CPU with the CPU-time limit lowered below the wall-clock limit."""


async def fetch_all(fetch, names):
    while True:
        pass
