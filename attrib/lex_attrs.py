"""Faster, exact twins of spaCy's lexical attribute getters.

Why: spaCy computes every lexical attribute of a word type the first time
the vocabulary sees it, in Python, so on unseen news text a good part of
tokenising is ``word_shape`` and ``like_url`` walking each new word
character by character. Nearly all new types in Arabic news are words of
caseless letters with no full stop, for which both answers follow from
one C-level string test. Every other string goes to spaCy's own getter,
so the attributes are the same as ``spacy.blank("ar")`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from spacy.lang import lex_attrs as _spacy
from spacy.vocab import Vocab

_SHAPE_LONG = 100  # spaCy's word_shape answers "LONG" from this length on


def word_shape(text: str) -> str:
    """``spacy.lang.lex_attrs.word_shape``: a word of letters none of which
    has case (Arabic) is ``x`` per letter, runs cut after four."""
    if len(text) < _SHAPE_LONG and text.isalpha() and text.lower() == text == text.upper():
        return "x" * min(len(text), 4)
    return _spacy.word_shape(text)


def like_url(text: str) -> bool:
    """``spacy.lang.lex_attrs.like_url``: without a full stop only an
    ``http(s)://`` prefix makes a URL."""
    if "." not in text:
        return text.startswith(("http://", "https://"))
    return _spacy.like_url(text)


def like_email(text: str) -> bool:
    """``spacy.lang.lex_attrs.like_email``: its pattern needs an ``@``."""
    return "@" in text and _spacy.like_email(text)


def _member_of(spacy_getter: Callable[[str], bool]) -> Callable[[str], bool]:
    """A ``text in (...)`` getter as a frozenset's own membership test; the
    tuple is taken from the getter's constants, so it is spaCy's (a getter
    of another shape stays as it is)."""
    tuples = [c for c in spacy_getter.__code__.co_consts if isinstance(c, tuple)]
    if len(tuples) != 1 or not all(isinstance(v, str) for v in tuples[0]):
        return spacy_getter
    return frozenset(tuples[0]).__contains__


# spaCy's getter -> its faster twin. Most of spaCy's getters wrap one ``str``
# method in a Python function; the method itself gives the same answer
# without the extra frame (``str.isascii``: every code point below 128, as
# spaCy's loop checks).
FAST_TWINS: dict[Callable[[str], Any], Callable[[str], Any]] = {
    _spacy.word_shape: word_shape,
    _spacy.like_url: like_url,
    _spacy.lower: str.lower,
    _spacy.is_alpha: str.isalpha,
    _spacy.is_digit: str.isdigit,
    _spacy.is_lower: str.islower,
    _spacy.is_space: str.isspace,
    _spacy.is_title: str.istitle,
    _spacy.is_upper: str.isupper,
    _spacy.is_ascii: str.isascii,
    _spacy.prefix: itemgetter(0),
    _spacy.suffix: itemgetter(slice(-3, None)),
    _spacy.like_email: like_email,
    **{g: _member_of(g) for g in (_spacy.is_bracket, _spacy.is_quote, _spacy.is_left_punct,
                                  _spacy.is_right_punct)},
}


def install(vocab: Vocab) -> Vocab:
    """Use the fast twins in ``vocab`` (its own copy of the getter table:
    other pipelines of the same language keep spaCy's). A getter a language
    overrides is left alone."""
    vocab.lex_attr_getters = {
        attr: FAST_TWINS.get(func, func) for attr, func in vocab.lex_attr_getters.items()
    }
    return vocab
