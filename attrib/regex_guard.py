"""A cheap first-character test in front of a long alternation.

spaCy's affix patterns are alternations of hundreds of branches, many of
them opening with a look-behind over a huge character class, so Python's
``re`` tries every branch at every position of every new word: most of the
tokenizer's time on unseen text. Every non-empty match begins with one of a
small set of characters (punctuation, symbols, digits, a few letters that
open units), computed here from the parsed pattern; a look-ahead over that
set makes the other positions fail at once. A match is found at a position
exactly when it was before, so search/finditer results are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python >= 3.11
    import re._parser as _sre  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)
_CATEGORIES = {
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
}

# (class items the first character may match, whether the part may match "")
_First = tuple[set[str], bool]


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op == _sre.LITERAL:
            out.add(_char(av))
        elif op == _sre.RANGE:
            out.add(f"{_char(av[0])}-{_char(av[1])}")
        elif op == _sre.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:  # a negated class or anything unexpected: no guard
            return None
    return out


def _sequence(items: Any) -> _First | None:
    first: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # anchors and look-arounds consume nothing
        part = _item(op, av)
        if part is None:
            return None
        first |= part[0]
        if not part[1]:
            return first, False
    return first, True


def _item(op: Any, av: Any) -> _First | None:
    if op == _sre.LITERAL:
        return {_char(av)}, False
    if op == _sre.IN:
        items = _class(av)
        return None if items is None else (items, False)
    if op == _sre.BRANCH:
        first: set[str] = set()
        nullable = False
        for branch in av[1]:
            part = _sequence(branch)
            if part is None:
                return None
            first |= part[0]
            nullable = nullable or part[1]
        return first, nullable
    if op == _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _sequence(sub)
    if op in _REPEATS:
        low, _high, sub = av
        part = _sequence(sub)
        return None if part is None else (part[0], part[1] or low == 0)
    return None  # any character, back-references, ...: no guard


def guarded(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` behind a look-ahead for the characters its matches start
    with; ``regex`` itself when that set cannot be worked out or a match
    may be empty (then every position has to be tried)."""
    if regex.flags & ~re.UNICODE:
        return regex
    try:
        first = _sequence(_sre.parse(regex.pattern))
        if first is None or first[1] or not first[0]:
            return regex
        return re.compile(f"(?=[{''.join(sorted(first[0]))}])(?:{regex.pattern})")
    except (re.error, TypeError, ValueError):
        return regex
