"""A per-doc index the rule components share: normalised token forms,
paragraph and sentence boundaries, and which quotation covers each token.

Each component builds one :class:`DocView` (a single O(n) pass, token forms
come from the lru-cached :func:`attrib.text.normalize`), so no rule ever
re-scans the text with regular expressions.
"""

from __future__ import annotations

import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from ..scheme import QUOTE_MARKS
from ..text import normalize

QUOTES_KEY = "attrib_quotes"
SENTENCE_FINAL = frozenset({".", "!", "؟", "?", "…", "..."})
COMMAS = frozenset({"،", ",", "؛", ";"})
QUOTE_CHARS = frozenset(QUOTE_MARKS)


# Token texts and normalised forms per doc, shared by the components that run
# on the same doc one after the other (iterating a Doc's tokens is the costly
# part); weak keys, so nothing outlives its doc.
_Base = tuple[list[str], list[str], list[bool], list[bool], list[bool]]
_BASE: weakref.WeakKeyDictionary[Doc, _Base] = weakref.WeakKeyDictionary()


@lru_cache(maxsize=65536)
def _flags(text: str) -> tuple[bool, bool, bool]:
    """(whitespace, punctuation, number-like) of a token text."""
    space = not text.strip()
    punct = not space and all(unicodedata.category(c)[0] in "PS" for c in text if not c.isspace())
    num = any(c.isdigit() for c in text)
    return space, punct, num


# Per word type (orth id): text, normalised form and flags, computed once.
_BY_ORTH: dict[int, tuple[str, str, bool, bool, bool]] = {}


def _entry(orth: int, doc: Doc) -> tuple[str, str, bool, bool, bool]:
    text = doc.vocab.strings[orth]
    entry = (text, normalize(text), *_flags(text))
    if len(_BY_ORTH) < 500_000:
        _BY_ORTH[orth] = entry
    return entry


def _base(doc: Doc) -> _Base:
    cached = _BASE.get(doc)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    get = _BY_ORTH.get
    entries = [get(o) or _entry(o, doc) for o in doc.to_array(ORTH).tolist()]
    if entries:
        texts, norms, space, punct, num = (list(col) for col in zip(*entries, strict=True))
    else:
        texts, norms, space, punct, num = [], [], [], [], []
    base = (texts, norms, space, punct, num)
    _BASE[doc] = base
    return base


# The view of the doc the pipeline is on: components run one doc at a time,
# so one slot suffices, and it keeps at most that one doc alive (a weak-keyed
# dict would not do: the view refers to its doc).
_LAST: list = []


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (cached per doc)."""
    return _base(doc)[0]


def is_quote(text: str) -> bool:
    return len(text) == 1 and text in QUOTE_CHARS


@dataclass
class DocView:
    doc: Doc
    texts: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    space: list[bool] = field(default_factory=list)  # whitespace-only token
    punct: list[bool] = field(default_factory=list)  # punctuation/symbols only
    num: list[bool] = field(default_factory=list)  # holds a digit
    para_break: list[bool] = field(default_factory=list)  # token holds a newline
    quote_at: list[int] = field(default_factory=list)  # index into quotes, or -1
    quotes: list[Span] = field(default_factory=list)  # QUOTE spans (not NAME)
    names: list[Span] = field(default_factory=list)  # quoted names / scare quotes
    name_end: dict[int, int] = field(default_factory=dict)  # NAME start -> end
    sent_end: list[bool] = field(default_factory=list)  # see is_sentence_end

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        """The view of ``doc``; built once after the quotation spans are
        set, then shared by the later components (rebuilt if they change)."""
        group = doc.spans.get(QUOTES_KEY)
        key = (id(group), len(group) if group is not None else -1, len(doc))
        if _LAST and _LAST[0]() is doc and _LAST[1] == key:
            return _LAST[2]
        view = cls._build(doc)
        _LAST[:] = [weakref.ref(doc), key, view]
        return view

    @classmethod
    def _build(cls, doc: Doc) -> DocView:
        view = cls(doc)
        view.texts, view.norms, view.space, view.punct, view.num = _base(doc)
        view.para_break = ["\n" in t for t in view.texts]
        view.quote_at = [-1] * len(doc)
        if QUOTES_KEY in doc.spans:
            for span in doc.spans[QUOTES_KEY]:
                if span.label_ == "QUOTE":
                    idx = len(view.quotes)
                    view.quotes.append(span)
                    for i in range(span.start, span.end):
                        if view.quote_at[i] == -1:
                            view.quote_at[i] = idx
                else:
                    view.names.append(span)
                    view.name_end[span.start] = span.end
        view.sent_end = [
            brk or (text in SENTENCE_FINAL and q == -1)
            for brk, text, q in zip(view.para_break, view.texts, view.quote_at, strict=True)
        ]
        return view

    def __len__(self) -> int:
        return len(self.norms)

    def quote(self, i: int) -> Span | None:
        q = self.quote_at[i] if 0 <= i < len(self.norms) else -1
        return self.quotes[q] if q >= 0 else None

    def skip_space(self, i: int) -> int:
        """The first index from ``i`` that is not an in-line space token
        (NBSP and similar become tokens of their own)."""
        n = len(self.norms)
        while i < n and self.space[i] and not self.para_break[i]:
            i += 1
        return i

    def is_sentence_end(self, i: int) -> bool:
        """A sentence-final mark or a newline outside any quotation."""
        return self.sent_end[i]

    def sentence_start(self, i: int) -> int:
        j = i
        while j > 0 and not self.is_sentence_end(j - 1):
            j -= 1
        return j

    def paragraph_start(self, i: int) -> int:
        j = i
        while j > 0 and not self.para_break[j - 1]:
            j -= 1
        return j

    def sentence_end(self, i: int) -> int:
        """Index just past the last token of the sentence holding ``i``
        (the final mark excluded); quotations never end a sentence early."""
        j = i
        n = len(self.norms)
        while j < n and not self.is_sentence_end(j):
            j += 1
        return j


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, commas and sentence marks at both edges of a token range."""
    edge = COMMAS | SENTENCE_FINAL | {":", "-", "–", "—", "(", ")"}
    while start < end and (doc[start].is_space or doc[start].text in edge):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in edge):
        end -= 1
    return start, end
