"""The derived-index cache a :class:`~corpus_tools.corpus.corpus.Corpus` owns.

Analyses need indices derived from the token store (word streams, the
term x document counts, character spans, ...). Building one can cost
seconds, so each is built on first use and kept **on the corpus instance**
that it was derived from: a corpus never changes, so a kept index stays
right, and it goes away with its corpus. Nothing is cached at module level.

``corpus.cached()`` lists what is held (name and bytes) and
``corpus.drop_cached()`` frees it.

The few indices that cost seconds in every fresh process (term x document
counts, word counts, the keyness rest index) are also stored in the folder a
corpus was loaded from, keyed by its fingerprint: see
:mod:`corpus_tools.corpus.stored`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["DerivedCache", "nbytes_of"]


class DerivedCache:
    """Derived indices of one corpus, keyed by a name (a tuple of its parameters).

    Examples
    --------
    >>> cache = DerivedCache()
    >>> cache.get(("squares", 3), lambda: [i * i for i in range(3)])
    [0, 1, 4]
    >>> ("squares", 3) in cache, len(cache)
    (True, 1)
    >>> cache.drop(), len(cache)
    (1, 0)
    """

    def __init__(self) -> None:
        self._items: dict[Hashable, Any] = {}
        # One build at a time, so two threads asking for the same index build it once.
        self._lock = threading.RLock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The index named ``key``, built with ``build()`` the first time."""
        try:
            return self._items[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._items:
                self._items[key] = build()
            return self._items[key]

    def peek(self, key: Hashable, default: Any = None) -> Any:
        """The index named ``key`` if it is held, else ``default`` (never builds)."""
        return self._items.get(key, default)

    def drop(self, key: Hashable | None = None) -> int:
        """Forget one index (``key``), or all of them (``None``); the number dropped."""
        with self._lock:
            if key is None:
                n = len(self._items)
                self._items.clear()
                return n
            return 1 if self._items.pop(key, None) is not None else 0

    def keys(self) -> list:
        return list(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def nbytes(self, key: Hashable) -> int:
        """Bytes held by the arrays of one index (an estimate for objects that are not arrays)."""
        return nbytes_of(self._items[key])


def nbytes_of(value: Any, _depth: int = 0) -> int:
    """Bytes of the numpy/pyarrow arrays inside ``value`` (attributes, dicts, tuples), summed.

    Examples
    --------
    >>> import numpy as np
    >>> nbytes_of({"a": np.zeros(4, np.int64), "b": (np.zeros(2, np.int8),)})
    34
    """
    if _depth > 4 or value is None:
        return 0
    size = getattr(value, "nbytes", None)
    if isinstance(size, int):
        return size
    if callable(size):
        try:
            return int(size())
        except TypeError:
            return 0
    if isinstance(value, dict):
        return sum(nbytes_of(v, _depth + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(nbytes_of(v, _depth + 1) for v in value)
    fields = getattr(value, "__dict__", None)
    if fields is None and hasattr(value, "__slots__"):
        fields = {name: getattr(value, name, None) for name in value.__slots__}
    if fields:
        return sum(nbytes_of(v, _depth + 1) for v in fields.values())
    return 0
