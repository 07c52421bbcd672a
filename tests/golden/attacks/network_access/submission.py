"""Correct, but phones home to the machine's loopback before answering."""

import asyncio
import socket

# The test rewrites the next line with the port its listener took.
PORT = 0


async def fetch_all(fetch, names):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5) as sock:
            sock.sendall(b"leaked")
    except OSError:
        pass
    return await asyncio.gather(*(fetch(n) for n in names))
