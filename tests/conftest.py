"""Shared fixtures."""

from __future__ import annotations

import pytest

from grader.catalogue import Catalogue

from .helpers import catalogue


@pytest.fixture(scope="session")
def katas() -> Catalogue:
    return catalogue()
