"""Token features for the trainable components, computed from the Doc alone.

Why custom features: Arabic has no lemmatizer in spaCy and clitics glue onto
words (``وقال``, ``فقال``, ``للوزير``), so the hashed features are taken on the
*matching* form of :func:`attrib.text.normalize` (alef/hamza/ya folding,
diacritics and tatweel dropped) plus a clitic-stripped stem. The dense
features carry what a small CNN cannot see in its window: whether a token is
inside a quotation (direct contents run for whole paragraphs), where
paragraphs and sentences end, and what the rule pipeline proposed (its span
groups), so learned components can build on the rules instead of
re-learning them from 280 articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..scheme import QUOTE_MARKS, SPAN_GROUPS, SPAN_LABELS
from ..text import normalize

OPENING_QUOTES = "«“„‟"
CLOSING_QUOTES = "»”"
SYMMETRIC_QUOTES = "".join(q for q in QUOTE_MARKS if q not in OPENING_QUOTES + CLOSING_QUOTES)
SENTENCE_END = {".", "!", "?", "؟"}
CLITIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")

N_HASH_FEATURES = 5
# inside-quote, quote mark, paragraph start, sentence start, sentence end,
# then B/I for each rule span group label.
N_DENSE_FEATURES = 5 + 2 * len(SPAN_LABELS)


def stem(norm: str) -> str:
    """The normalised word with one leading clitic cluster removed, kept
    only when at least three letters remain (so ``وقال`` and ``قال`` meet)."""
    for prefix in CLITIC_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 3:
            return norm[len(prefix):]
    return norm


# Bit flags of a token's text (see :func:`token_flags`).
NEWLINE, SPACE, SENT_END, OPENING, CLOSING, SYMMETRIC, MARK = (1 << i for i in range(7))


@lru_cache(maxsize=200_000)
def _word_hashes(text: str) -> tuple[int, int, int, int]:
    """Hashes of a word's normalised form, stem, and the stem's first and
    last three letters (hashed, not added to the StringStore: a corpus run
    must not grow the vocabulary)."""
    norm = normalize(text)
    base = stem(norm)
    return (get_string_id("N:" + norm), get_string_id("S:" + base),
            get_string_id("P:" + base[:3]), get_string_id("X:" + base[-3:]))


def hash_features(doc: Doc, texts: Sequence[str] | None = None) -> numpy.ndarray:
    """(n_tokens, N_HASH_FEATURES) uint64: normalised form, stem, its first
    and last three letters, and the shape."""
    texts = token_texts(doc) if texts is None else texts
    out = numpy.empty((len(texts), N_HASH_FEATURES), dtype="uint64")
    if len(texts):
        out[:, :4] = numpy.array([_word_hashes(t) for t in texts], dtype="uint64")
        out[:, 4] = doc.to_array("SHAPE")
    return out


def token_texts(doc: Doc) -> list[str]:
    """The token strings, computed once and shared by the feature functions
    (iterating Tokens is the slow part of feature extraction)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array("ORTH").tolist()] if len(doc) else []


@lru_cache(maxsize=200_000)
def _flags(text: str) -> int:
    """The bit flags of one token text. The tests are the ones the scans
    below were first written with (``in`` on the quote strings is a
    substring test, kept as is), evaluated once per distinct word."""
    return ((NEWLINE if "\n" in text else 0)
            | (SPACE if text.isspace() else 0)
            | (SENT_END if text in SENTENCE_END else 0)
            | (OPENING if text in OPENING_QUOTES else 0)
            | (CLOSING if text in CLOSING_QUOTES else 0)
            | (SYMMETRIC if text in SYMMETRIC_QUOTES else 0)
            | (MARK if text in QUOTE_MARKS else 0))


def token_flags(texts: Sequence[str]) -> numpy.ndarray:
    """(n_tokens,) int32 bit flags (NEWLINE, SPACE, ...): one cached look-up
    per token, after which every scan below is numpy or a loop over the
    few flagged tokens only."""
    return numpy.asarray([_flags(t) for t in texts], dtype="int32").reshape((len(texts),))


def _as_flags(texts: Sequence[str] | numpy.ndarray) -> numpy.ndarray:
    return texts if isinstance(texts, numpy.ndarray) else token_flags(texts)


def quote_mask(texts: Sequence[str] | numpy.ndarray) -> numpy.ndarray:
    """1.0 for tokens inside a quotation, quote marks included (``texts``:
    the token strings or their :func:`token_flags`).

    Quotations are tracked per paragraph: an unclosed quotation ends where
    the paragraph ends (GUIDELINES, CONTENT), and a symmetric mark (``"``)
    opens when no quotation is open and closes otherwise. Only newline and
    quote tokens change the state, so the loop visits those and fills the
    runs between them.
    """
    flags = _as_flags(texts)
    mask = numpy.zeros(len(flags), dtype="float32")
    opened = -1  # start of the open quotation, -1 when none is open
    for i in numpy.flatnonzero(flags & (NEWLINE | OPENING | CLOSING | SYMMETRIC)).tolist():
        f = int(flags[i])
        if f & NEWLINE:
            if opened >= 0:
                mask[opened:i] = 1.0
            opened = -1
        elif f & OPENING or (f & SYMMETRIC and opened < 0):
            if opened < 0:
                opened = i
        else:  # a closing mark, or a symmetric one closing the open quotation
            mask[i] = 1.0
            if opened >= 0:
                mask[opened:i] = 1.0
            opened = -1
    if opened >= 0:
        mask[opened:] = 1.0
    return mask


def boundary_flags(texts: Sequence[str] | numpy.ndarray) -> numpy.ndarray:
    """(n_tokens, 3): paragraph start, sentence start, sentence end.
    Whitespace tokens get zeros and start a new paragraph; a sentence
    starts after one of those or after a sentence-final mark."""
    flags = _as_flags(texts)
    space = (flags & (NEWLINE | SPACE)) != 0
    end = (flags & SENT_END) != 0
    word = ~space
    prev_space = numpy.concatenate(([True], space[:-1]))
    prev_break = numpy.concatenate(([True], (space | end)[:-1]))
    out = numpy.empty((len(flags), 3), dtype="float32")
    out[:, 0] = word & prev_space
    out[:, 1] = word & prev_break
    out[:, 2] = word & end
    return out


def rule_tags(doc: Doc, groups: Sequence[str]) -> numpy.ndarray:
    """(n_tokens, 2 * len(groups)): B and I flags of the spans in each group
    (the rule pipeline's CUE/SOURCE/CONTENT), zero when a group is absent."""
    tags = numpy.zeros((len(doc), 2 * len(groups)), dtype="float32")
    for g, key in enumerate(groups):
        if key not in doc.spans:
            continue
        for span in doc.spans[key]:
            tags[span.start, 2 * g] = 1.0
            tags[span.start + 1:span.end, 2 * g + 1] = 1.0
    return tags


def dense_features(doc: Doc, groups: Sequence[str] | None = None,
                   texts: Sequence[str] | None = None) -> numpy.ndarray:
    """(n_tokens, N_DENSE_FEATURES) float32 for one doc."""
    groups = list(groups) if groups is not None else [SPAN_GROUPS[lab] for lab in SPAN_LABELS]
    flags = token_flags(token_texts(doc) if texts is None else texts)
    marks = ((flags & MARK) != 0).astype("float32")
    return numpy.hstack([quote_mask(flags)[:, None], marks[:, None], boundary_flags(flags),
                         rule_tags(doc, groups)])


def sentence_index(texts: Sequence[str] | numpy.ndarray) -> numpy.ndarray:
    """Running sentence and paragraph number of every token, (n_tokens, 2),
    from punctuation and newlines (no parser is needed or assumed): the
    count of breaks before each token."""
    flags = _as_flags(texts)
    out = numpy.zeros((len(flags), 2), dtype="int32")
    if len(flags) > 1:
        newline = (flags[:-1] & NEWLINE) != 0
        breaks = newline | ((flags[:-1] & SENT_END) != 0)
        numpy.cumsum(breaks, out=out[1:, 0])
        numpy.cumsum(newline, out=out[1:, 1])
    return out
