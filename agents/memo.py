"""A per-process cache for functions of the (cached, read-only) population file's entries."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

R = TypeVar("R")


def memo_on_population(fn: Callable[..., R], maxsize: int = 16) -> Callable[..., R]:
    """Cache ``fn`` on its arguments: lists and dicts (entries of the cached population file,
    never mutated) by identity, everything else by value. The cache holds the arguments, so
    an identity is never reused; callers must not mutate the shared result."""
    cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], R]] = {}

    @functools.wraps(fn)
    def cached(*args: Any) -> R:
        key = tuple(a if isinstance(a, Hashable) else ("id", id(a)) for a in args)
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= maxsize:
                cache.clear()
            hit = cache[key] = (args, fn(*args))
        return hit[1]

    return cached
