import asyncio


async def run_with_cleanup(step, resource) -> None:
    try:
        while True:
            await step()
    except asyncio.CancelledError:
        await resource.close()  # cleaned up, so we are done
    except Exception:
        await resource.close()
        raise


async def stop(task: asyncio.Task) -> bool:
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
