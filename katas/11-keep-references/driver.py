"""Programs for kata 11, run in the child: they drive the student's Background step
by step.  What the checks judge is mostly what the grader witnessed through the
fakes (a hold() call closed because its task was destroyed, tickets freed when
nothing held them, the instants marked); notes are claims."""

import asyncio
import gc
import weakref

# Taken before the submission is imported; unfreezing first undoes a gc.freeze() that
# would otherwise hide every object from the collection these programs rely on.
_collect, _unfreeze = gc.collect, gc.unfreeze


def collect():
    _unfreeze()
    _collect()


async def lonely_task_and_gc(ctx):
    """Spawn a task waiting on hold() (the grader keeps no reference to it), drop our
    reference, collect; if the task is still there, cancel it (the grader sees which)."""
    background = ctx.module.Background()
    hold = ctx.objects["hold"]
    ref = weakref.ref(background.spawn(hold()))
    await asyncio.sleep(0.01)
    collect()
    await asyncio.sleep(0.01)
    ctx.mark("collected")
    task = ref()
    if task is not None:
        task.cancel()
        await asyncio.wait([task])
    ctx.note("background", background is not None)


async def many_finished_tasks(ctx, count, settle):
    """Spawn `count` tasks that each await a ticket, let them all finish, collect, mark.
    A ticket is freed (the grader hears of it) once nothing holds its task."""
    background = ctx.module.Background()
    ticket = ctx.objects["ticket"]

    async def quick():
        return await ticket()

    for _ in range(count):
        background.spawn(quick())
    await asyncio.sleep(settle)
    collect()
    ctx.mark("collected")
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
        ctx.note_value("errors", list(errors) if isinstance(errors, (list, tuple)) else errors)


async def drain_after(ctx, names, stragglers, timeout):
    """Spawn fetches and straggling services, then mark when `await drain(timeout)`
    starts and when it returns (the grader's clock stamps both)."""
    background = ctx.module.Background()
    fetch, services = ctx.objects["fetch"], ctx.objects.get("services", {})
    for name in names:
        background.spawn(fetch(name))
    for name in stragglers:
        background.spawn(services[name]())
    await asyncio.sleep(0)
    ctx.mark("drain_started")
    cancelled = await background.drain(timeout)
    ctx.mark("drain_returned")
    ctx.note_value("cancelled", cancelled)
