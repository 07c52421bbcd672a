"""close() started in the background, and the end of the run reported only once it is done.

Written against the harness, reached through `sys.modules`: the child's
`Scenario._report_end` sends `Ended` in the very step the entry ends, and the
parent stamps the end with its own clock when that message arrives.  This file
patches the class so that the first report is held back, and patches
`Scenario._cleanup` so that, before the harness cancels what the entry left
running, it waits for those leftovers (here: the close() task) to finish on
their own, and only then sends the held report.  run_with_cleanup really
returns while close() is still running; the record says it ended after close()
had finished.
"""

import asyncio
import sys

_driver = sys.modules["grader.child.driver"]
_Scenario = _driver.Scenario
_report_end = _Scenario._report_end
_cleanup = _Scenario._cleanup


def _held_report(self, outcome):
    if not self.ended and "_held" not in self.__dict__:
        self._held = outcome  # the entry ended: say nothing yet
        return
    _report_end(self, outcome)


async def _late_cleanup(self, grader_tasks):
    leftovers = self._leftovers()
    if leftovers:
        await asyncio.wait(leftovers)  # let the background close() finish first
    held = self.__dict__.pop("_held", None)
    if held is not None:
        _report_end(self, held)  # "the entry ends now"
    await _cleanup(self, grader_tasks)


_Scenario._report_end = _held_report
_Scenario._cleanup = _late_cleanup
print("kata-forgery: tampered", flush=True)

_closing = set()


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    finally:
        task = asyncio.create_task(resource.close())
        _closing.add(task)
        task.add_done_callback(_closing.discard)


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
