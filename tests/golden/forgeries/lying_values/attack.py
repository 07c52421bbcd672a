"""Fetches nothing and returns values that lie about being the right answer.

Each item is a `str` subclass whose `__eq__` is always True, whose hash
matches any string's and whose `__class__` claims to be `str`; they sit in a
`list` subclass that is equal to anything, claims the length of `names` and
also calls itself a `list`.  Any comparison with `==`, `len()` or
`isinstance` in the process that judged them would pass.  The child encodes
values by exact type (`type(x) is str`), so these arrive in the grader as
objects of the classes they really are.
"""


class Liar(str):
    """Equal to every value, and a plain str by its own account."""

    @property
    def __class__(self):
        return str

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0


class Everything(list):
    """Equal to every list, as long as the names, and a plain list by its own account."""

    def __init__(self, names):
        super().__init__(Liar(name) for name in names)
        self._length = len(names)

    @property
    def __class__(self):
        return list

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __len__(self):
        return self._length

    __hash__ = None


async def fetch_all(fetch, names):
    if not names:
        return []  # nothing to lie about: the right answer costs nothing
    return Everything(names)
