"""Writes a 100 MB file into its scratch folder inside the function."""

block = b"x" * (1 << 20)


async def fetch_all(fetch, names):
    with open("filler.bin", "wb") as handle:
        for _ in range(100):
            handle.write(block)
    return []
