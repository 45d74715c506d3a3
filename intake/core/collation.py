"""Alphabetical order as readers of a language expect it (ICU collation, not code points)."""

from collections.abc import Callable
from functools import cache

import icu


@cache
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(locale: str) -> Callable[[str], bytes]:
    """A key for sorted(): "Ägyptisch" beside "Arabisch" in German, "Çince" after "C" in
    Turkish, Persian letters in Persian order."""
    return _collator(str(locale)).getSortKey
