async def fetch_all(fetch, names):
    while True:
        pass
