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
from collections.abc import Iterator
from dataclasses import dataclass, field
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
# Escape in a character class, and whether the category holds letters.
_CATEGORIES = {
    _sre.CATEGORY_WORD: (r"\w", True),
    _sre.CATEGORY_NOT_WORD: (r"\W", True),
    _sre.CATEGORY_DIGIT: (r"\d", False),
    _sre.CATEGORY_NOT_DIGIT: (r"\D", True),
    _sre.CATEGORY_SPACE: (r"\s", False),
    _sre.CATEGORY_NOT_SPACE: (r"\S", True),
}


@dataclass
class _First:
    """What the first character of a match may be: class items, whether any
    of them is a letter, and whether the part may match the empty string."""

    items: set[str] = field(default_factory=set)
    letters: bool = False
    nullable: bool = False

    def add(self, other: _First) -> None:
        self.items |= other.items
        self.letters = self.letters or other.letters


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class(items: Any) -> _First | None:
    out = _First()
    for op, av in items:
        if op == _sre.LITERAL:
            out.items.add(_char(av))
            out.letters = out.letters or chr(av).isalpha()
        elif op == _sre.RANGE:
            out.items.add(f"{_char(av[0])}-{_char(av[1])}")
            out.letters = out.letters or any(chr(c).isalpha() for c in range(av[0], av[1] + 1))
        elif op == _sre.CATEGORY and av in _CATEGORIES:
            escape, letters = _CATEGORIES[av]
            out.items.add(escape)
            out.letters = out.letters or letters
        else:  # a negated class or anything unexpected: no guard
            return None
    return out


def _sequence(items: Any) -> _First | None:
    first = _First()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # anchors and look-arounds consume nothing
        part = _item(op, av)
        if part is None:
            return None
        first.add(part)
        if not part.nullable:
            return first
    first.nullable = True
    return first


def _item(op: Any, av: Any) -> _First | None:
    if op == _sre.LITERAL:
        return _class([(op, av)])
    if op == _sre.IN:
        return _class(av)
    if op == _sre.BRANCH:
        first = _First()
        for branch in av[1]:
            part = _sequence(branch)
            if part is None:
                return None
            first.add(part)
            first.nullable = first.nullable or part.nullable
        return first
    if op == _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _sequence(sub)
    if op in _REPEATS:
        low, _high, sub = av
        part = _sequence(sub)
        if part is not None and low == 0:
            part.nullable = True
        return part
    return None  # any character, back-references, ...: no guard


def _needs_a_non_letter(items: Any) -> bool:
    """The branch opens with a look-around at one character that is never a
    letter (``(?<=[0-9])km``): it cannot match inside a word of letters."""
    for op, av in items:
        if op == _sre.AT:
            continue
        if op != _sre.ASSERT or len(av[1]) != 1:
            return False
        part = _item(*av[1][0])
        if part is not None and not part.letters and not part.nullable:
            return True
    return False


def _no_match_in_letters(parsed: Any) -> bool:
    """Whether no match can lie inside a string of letters only."""
    top = list(parsed)
    branches = top[0][1][1] if len(top) == 1 and top[0][0] == _sre.BRANCH else [top]
    for branch in branches:
        if _needs_a_non_letter(branch):
            continue
        first = _sequence(branch)
        if first is None or first.nullable or first.letters:
            return False
    return True


def guarded(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` behind a look-ahead for the characters its matches start
    with; ``regex`` itself when that set cannot be worked out or a match
    may be empty (then every position has to be tried)."""
    if regex.flags & ~re.UNICODE:
        return regex
    try:
        first = _sequence(_sre.parse(regex.pattern))
        if first is None or first.nullable or not first.items:
            return regex
        return re.compile(f"(?=[{''.join(sorted(first.items))}])(?:{regex.pattern})")
    except (re.error, TypeError, ValueError):
        return regex


class AffixSearch:
    """A guarded pattern's ``search``/``finditer`` that answer a word of
    letters only (most words) without running the pattern, when no match
    can lie inside one. Keeps ``pattern``, so spaCy still serialises it."""

    def __init__(self, regex: re.Pattern[str]):
        self.regex = guarded(regex)
        self.pattern = self.regex.pattern
        try:
            self.skip_letters = not regex.flags & ~re.UNICODE and _no_match_in_letters(
                _sre.parse(regex.pattern)
            )
        except (re.error, TypeError, ValueError):
            self.skip_letters = False

    def search(self, string: str) -> re.Match[str] | None:
        if self.skip_letters and string.isalpha():
            return None
        return self.regex.search(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        if self.skip_letters and string.isalpha():
            return iter(())
        return self.regex.finditer(string)
