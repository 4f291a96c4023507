"""Matching normalisation for Arabic that never touches the text itself.

Real articles mix presentation forms (``ﻗﺎﻝ``), tatweel, diacritics in any
order, hamza/alef variants, non-breaking spaces and stray U+FFFD. Matchers
work on :func:`normalize` output; :class:`NormalizedText` keeps, for every
normalised character, the index of the original character it came from, so
that any match maps back to exact offsets in the original string.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters dropped for matching: harakat, superscript alef, Quranic marks,
# tatweel, zero-width and directional marks, BOM, replacement character.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u0670", "\u0640", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\ufeff", "\ufffd", "\u00ad"]
)

# Letter folding: hamza carriers and alef variants collapse, alef maqsura and
# ya collapse, ta marbuta and ha collapse; Persian/Urdu look-alikes fold too.
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ي": "ي",
    "ی": "ي",
    "ې": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ک": "ك",
    "ڪ": "ك",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "٫": ",",
    "٬": ",",
}


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    code = ord(ch)
    # Arabic presentation forms A/B and other compatibility characters.
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        decomposed = unicodedata.normalize("NFKC", ch)
        return "".join(_char(c) for c in decomposed if c != ch)
    if code < 0x80:
        return ch.lower()
    return ch


class _Table(dict):
    """``str.translate`` table that fills itself from :func:`_char`, so
    normalising a new word runs in C except for never-seen characters."""

    def __missing__(self, code: int) -> str:
        folded = _char(chr(code))
        self[code] = folded
        return folded


_TABLE = _Table()


def fold(text: str) -> str:
    """:func:`normalize` without its cache, for callers that see each string
    once (per word type) and would only fill the cache."""
    return text.translate(_TABLE)


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Matching key for a word or short phrase (cached: tokens repeat)."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class NormalizedText:
    """A normalised string plus the original index of each of its characters."""

    original: str
    text: str
    index: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    @classmethod
    def of(cls, original: str) -> NormalizedText:
        out: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(original):
            folded = _char(ch)
            out.append(folded)
            index.extend([i] * len(folded))
        index.append(len(original))
        return cls(original, "".join(out), tuple(index))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of the normalised text back to the original.

        The end maps to just after the last original character matched, and
        the diacritics and tatweel that follow it stay inside the match.
        """
        if end <= start:
            pos = self.index[start]
            return pos, pos
        stop = self.index[end - 1] + 1
        limit = len(self.original)
        while stop < limit and _is_mark(self.original[stop]):
            stop += 1
        return self.index[start], stop


def _is_mark(ch: str) -> bool:
    return ch == "\u0640" or unicodedata.category(ch) == "Mn"
