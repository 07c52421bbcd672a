"""Sequential, and tries to make every check pass by patching pytest and the judges.

Under Landlock the imports fail (site-packages is out of reach); without it the
patches only touch the child's own copies. Either way the verdict stands.
"""

try:
    import pytest

    import grader.testing.expect as expect
except ImportError:
    pass
else:
    pytest.fail = lambda *args, **kwargs: None
    pytest.main = lambda *args, **kwargs: 0
    expect.elapsed_is = lambda *args, **kwargs: None
    expect.fail = lambda *args, **kwargs: None


async def fetch_all(fetch, names):
    return [await fetch(name) for name in names]
