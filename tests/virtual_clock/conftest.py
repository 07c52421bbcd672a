"""Async tests in this folder run on the grader's own virtual-clock loop."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from grader.child.vloop import VirtualLoop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], VirtualLoop]]:
    return {"virtual": VirtualLoop}
