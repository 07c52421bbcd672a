def fetch_all(fetch, names):
    return [name.upper() for name in names]
