"""A per-doc index the rule components share: normalised token forms,
paragraph and sentence boundaries, and which quotation covers each token.

Token columns (text, normalised form, flags) are computed once per word type
and once per doc; the view is built once after the quotation spans exist and
shared by the later components, so no rule re-scans the text with regular
expressions and the per-token work stays a few list operations.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_, or_

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

from ..scheme import QUOTE_MARKS
from ..text import fold

QUOTES_KEY = "attrib_quotes"
SENTENCE_FINAL = frozenset({".", "!", "؟", "?", "…", "..."})
COMMAS = frozenset({"،", ",", "؛", ";"})
QUOTE_CHARS = frozenset(QUOTE_MARKS)


# Token columns per doc, shared by the components that run on the same doc
# one after the other; weak keys, so nothing outlives its doc.
@dataclass
class _Columns:
    texts: list[str]
    norms: list[str]
    space: list[bool]  # whitespace-only token
    punct: list[bool]  # punctuation/symbols only
    num: list[bool]  # holds a digit
    brk: list[bool]  # holds a newline
    ws: list[int]  # 1 if a space follows the token
    finals: list[int]  # indices of sentence-final marks and newlines


_BASE: weakref.WeakKeyDictionary[Doc, _Columns] = weakref.WeakKeyDictionary()

# Per word type (orth id): text, normalised form and flags, computed once per
# type; a doc's columns are then one zip away.
_Entry = tuple[str, str, bool, bool, bool, bool, bool]
_BY_ORTH: dict[int, _Entry] = {}


_WORDLIKE = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")


def _entry(orth: int, doc: Doc) -> _Entry:
    # Flags from the text, not ``doc.vocab[orth]``: building a Lexeme object
    # costs ~20x more, once per new word.
    text = doc.vocab.strings[orth]
    if text.isalpha():
        # Most words: letters only, so no space, digit, newline or mark (and
        # no regex to run); ``fold``, not the cached ``normalize``: this runs
        # once per word type anyway.
        entry = (text, fold(text), False, False, False, False, False)
    else:
        space = text.isspace()
        entry = (
            text, fold(text), space,
            not space and _WORDLIKE.search(text) is None,  # punctuation or symbols only
            _DIGIT.search(text) is not None,
            "\n" in text, text in SENTENCE_FINAL,
        )
    if len(_BY_ORTH) < 500_000:
        _BY_ORTH[orth] = entry
    return entry


def _base(doc: Doc) -> _Columns:
    cached = _BASE.get(doc)
    if cached is not None and len(cached.texts) == len(doc):
        return cached
    n = len(doc)
    if n == 0:
        cols = _Columns([], [], [], [], [], [], [], [])
    else:
        array = doc.to_array([ORTH, SPACY])
        orths = array[:, 0].tolist()
        entries = list(map(_BY_ORTH.get, orths))  # C-speed; new words filled below
        for i in list(compress(range(n), map(is_, entries, repeat(None)))):
            orth = orths[i]  # a new word may repeat in the doc: look again
            entries[i] = _BY_ORTH.get(orth) or _entry(orth, doc)
        texts, norms, space, punct, num, brk, final = (list(c) for c in zip(*entries, strict=True))
        finals = list(compress(range(n), map(or_, brk, final)))
        ws = array[:, 1].tolist()
        # ``بي.سي.سي``, ``د.فيصل``: a full stop inside an abbreviation, glued
        # to a one- or two-letter word before and a word after, ends nothing.
        finals = [
            i for i in finals
            if not (
                texts[i] == "." and 0 < i < n - 1 and not ws[i] and not ws[i - 1]
                and len(texts[i - 1]) <= 2 and texts[i - 1].isalpha() and texts[i + 1].isalpha()
            )
        ]
        cols = _Columns(texts, norms, space, punct, num, brk, ws, finals)
    _BASE[doc] = cols
    return cols


# The view of the doc the pipeline is on: components run one doc at a time,
# so one slot suffices, and it keeps at most that one doc alive (a weak-keyed
# dict would not do: the view refers to its doc).
_LAST: list = []


def token_columns(doc: Doc) -> _Columns:
    """All cached token columns of ``doc``."""
    return _base(doc)


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (cached per doc)."""
    return _base(doc).texts


def doc_text(doc: Doc) -> str:
    """``doc.text`` from the cached token columns (``Doc.text`` builds a
    Token object per token)."""
    cols = _base(doc)
    return "".join([t + " " if w else t for t, w in zip(cols.texts, cols.ws, strict=True)])


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
    ws: list[int] = field(default_factory=list)  # 1 if a space follows the token
    para_break: list[bool] = field(default_factory=list)  # token holds a newline
    quote_at: list[int] = field(default_factory=list)  # index into quotes, or -1
    quotes: list[Span] = field(default_factory=list)  # QUOTE spans (not NAME)
    names: list[Span] = field(default_factory=list)  # quoted names / scare quotes
    name_end: dict[int, int] = field(default_factory=dict)  # NAME start -> end
    ends: set[int] = field(default_factory=set)  # see is_sentence_end
    _text: str | None = None
    _sorted_ends: list[int] | None = None

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        """The view of ``doc``; built once after the quotation spans are
        set, then shared by the later components (rebuilt if they change)."""
        group = doc.spans.get(QUOTES_KEY)
        key = (len(group) if group is not None else -1, len(doc))
        if _LAST and _LAST[0]() is doc and _LAST[1] == key:
            return _LAST[2]
        view = cls._build(doc)
        _LAST[:] = [weakref.ref(doc), key, view]
        return view

    @classmethod
    def _build(cls, doc: Doc) -> DocView:
        view = cls(doc)
        cols = _base(doc)
        view.texts, view.norms, view.space = cols.texts, cols.norms, cols.space
        view.punct, view.num, view.ws, view.para_break = cols.punct, cols.num, cols.ws, cols.brk
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
        quote_at, brk = view.quote_at, view.para_break
        ordered = [i for i in cols.finals if brk[i] or quote_at[i] == -1]
        view.ends, view._sorted_ends = set(ordered), ordered
        # The hottest test of the rules (called ~200 times a doc): the set's
        # own bound method answers it without a Python frame.
        view.is_sentence_end = view.ends.__contains__  # type: ignore[method-assign]
        return view

    @property
    def text(self) -> str:
        """``doc.text``, built once from the cached token texts (``Doc.text``
        builds a Token object per token on every call)."""
        if self._text is None:
            self._text = doc_text(self.doc)
        return self._text

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
        return i in self.ends

    def _ends_in_order(self) -> list[int]:
        if self._sorted_ends is None:
            self._sorted_ends = sorted(self.ends)
        return self._sorted_ends

    def sentence_start(self, i: int) -> int:
        """Index just past the last sentence end before ``i`` (0 if none)."""
        if i <= 0:
            return i
        ends = self._ends_in_order()
        k = bisect_left(ends, i)  # ends[:k] lie before i
        return ends[k - 1] + 1 if k else 0

    def skip_space_back(self, i: int, low: int = -1) -> int:
        """The last index from ``i`` down, above ``low``, that is not a
        whitespace token (``low`` when all of them are). Unlike
        :meth:`skip_space` it steps over newline tokens too: it looks for the
        word before, not for where a paragraph starts."""
        space = self.space
        while i > low and space[i]:
            i -= 1
        return i

    def paragraph_start(self, i: int) -> int:
        j = i
        while j > 0 and not self.para_break[j - 1]:
            j -= 1
        return j

    def sentence_end(self, i: int) -> int:
        """Index just past the last token of the sentence holding ``i``
        (the final mark excluded); quotations never end a sentence early."""
        ends = self._ends_in_order()
        k = bisect_left(ends, i)  # ends[k] is the first at or after i
        return ends[k] if k < len(ends) else max(i, len(self.norms))


_EDGE = COMMAS | SENTENCE_FINAL | {":", "-", "–", "—", "(", ")"}


def trim(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, commas and sentence marks at both edges of a token range."""
    space, texts = view.space, view.texts
    while start < end and (space[start] or texts[start] in _EDGE):
        start += 1
    while end > start and (space[end - 1] or texts[end - 1] in _EDGE):
        end -= 1
    return start, end
