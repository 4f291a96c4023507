"""Faster, exact twins of two of spaCy's lexical attribute getters.

Why: spaCy computes every lexical attribute of a word type the first time
the vocabulary sees it, in Python, so on unseen news text a good part of
tokenising is ``word_shape`` and ``like_url`` walking each new word
character by character. Nearly all new types in Arabic news are words of
caseless letters with no full stop, for which both answers follow from
one C-level string test. Every other string goes to spaCy's own getter,
so the attributes are the same as ``spacy.blank("ar")`` gives.
"""

from __future__ import annotations

from spacy.attrs import LIKE_URL, SHAPE
from spacy.lang.lex_attrs import like_url as _spacy_like_url
from spacy.lang.lex_attrs import word_shape as _spacy_word_shape
from spacy.vocab import Vocab

_SHAPE_LONG = 100  # spaCy's word_shape answers "LONG" from this length on


def word_shape(text: str) -> str:
    """``spacy.lang.lex_attrs.word_shape``: a word of letters none of which
    has case (Arabic) is ``x`` per letter, runs cut after four."""
    if len(text) < _SHAPE_LONG and text.isalpha() and text.lower() == text == text.upper():
        return "x" * min(len(text), 4)
    return _spacy_word_shape(text)


def like_url(text: str) -> bool:
    """``spacy.lang.lex_attrs.like_url``: without a full stop only an
    ``http(s)://`` prefix makes a URL."""
    if "." not in text:
        return text.startswith(("http://", "https://"))
    return _spacy_like_url(text)


def install(vocab: Vocab) -> Vocab:
    """Use the fast getters in ``vocab`` (its own copy of the getter table:
    other pipelines of the same language keep spaCy's)."""
    getters = dict(vocab.lex_attr_getters)
    if getters.get(SHAPE) is _spacy_word_shape:
        getters[SHAPE] = word_shape
    if getters.get(LIKE_URL) is _spacy_like_url:
        getters[LIKE_URL] = like_url
    vocab.lex_attr_getters = getters
    return vocab
