"""Closes in a bare `except:` without re-raising: swallows the cancellation and step()'s error.

fails: cancelled-run-ends-cancelled, step-error-closes-and-propagates
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    except:  # noqa: E722 - the mistake this mutant makes
        await resource.close()


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
