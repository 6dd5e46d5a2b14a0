"""Things an output is made of, which a build may keep from the one before.

A function that makes outputs takes ``made(kind, inputs, make)``: it returns what ``make()``
returns, and a build that keeps a cache (``portal_mkdocs.build_cache.Table``) returns the
value kept for the same ``kind`` and the same ``inputs`` instead of calling it. So ``make``
must depend on nothing but ``inputs`` (and the code, which the cache's fingerprint covers),
and ``inputs`` must be plain data with a stable ``repr``: strings, numbers, dates, tuples,
lists, dicts and dataclasses of those. What ``make`` returns is a string.
"""

from __future__ import annotations

from typing import Callable, Protocol


class Made(Protocol):
    def __call__(self, kind: str, inputs, make: Callable[[], str]) -> str: ...


def fresh(kind: str, inputs, make: Callable[[], str]) -> str:
    """Nothing kept: every output is made."""
    return make()
