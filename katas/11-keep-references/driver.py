"""Programs for kata 11, run in the child: they drive the student's Background
step by step and note what happened.  They observe only; the checks judge."""

import asyncio
import gc
import weakref


async def lonely_task_and_gc(ctx):
    """Spawn a task waiting on a future only it references, drop our reference, collect."""
    background = ctx.module.Background()

    async def waits_for_nothing():
        await asyncio.get_running_loop().create_future()

    ref = weakref.ref(background.spawn(waits_for_nothing()))
    await asyncio.sleep(0.01)
    gc.collect()
    await asyncio.sleep(0.01)
    task = ref()
    ctx.note("alive", task is not None and not task.done())
    if task is not None:
        task.cancel()
        await asyncio.wait([task])
    ctx.note("background", background is not None)


async def many_finished_tasks(ctx, count, longest):
    """Spawn `count` quick tasks, let them all finish, then count who still holds them."""
    background = ctx.module.Background()

    async def quick(index):
        await asyncio.sleep((index % 50) * longest / 50)

    refs = [weakref.ref(background.spawn(quick(i))) for i in range(count)]
    await asyncio.sleep(longest + 0.5)
    gc.collect()
    ctx.note("finished", sum(1 for r in refs if r() is None or r().done()))
    ctx.note("still_referenced", sum(1 for r in refs if r() is not None))
    ctx.note("background", background is not None)


async def failures_then_errors(ctx, names, cancel, cancel_at, settle, read_errors):
    """Spawn fetch(name) for each name; cancel one at `cancel_at`; read errors after `settle`."""
    background = ctx.module.Background()
    fetch = ctx.objects["fetch"]
    tasks = {name: background.spawn(fetch(name)) for name in names}
    victim = tasks.pop(cancel)
    await asyncio.sleep(cancel_at)
    victim.cancel()
    del tasks, victim
    await asyncio.sleep(settle - cancel_at)
    if read_errors:
        errors = background.errors
        ctx.note("errors_type", type(errors).__name__)
        listed = list(errors) if isinstance(errors, (list, tuple)) else errors
        ctx.note("errors", ctx.encode(listed))


async def drain_after(ctx, names, stragglers, timeout):
    """Spawn fetches and straggling services, then time `await drain(timeout)`."""
    background = ctx.module.Background()
    fetch, services = ctx.objects["fetch"], ctx.objects.get("services", {})
    for name in names:
        background.spawn(fetch(name))
    for name in stragglers:
        background.spawn(services[name]())
    await asyncio.sleep(0)
    started = ctx.now()
    cancelled = await background.drain(timeout)
    ctx.note("drain_started", started)
    ctx.note("drain_returned", ctx.now())
    ctx.note("cancelled", ctx.encode(cancelled))
