"""The fast lexical getters answer exactly what spaCy's own do."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LIKE_URL, SHAPE
from spacy.lang.lex_attrs import word_shape as spacy_word_shape

import attrib.tokenizer
from attrib.lex_attrs import FAST_TWINS, like_url, word_shape

WORDS = [
    "قال", "الوزير", "وأضاف", "إن", "و", "ـ", "قَالَ", "مستشفىً", "الاستراتيجيات",
    "ABC", "Über", "straße", "ǅemal", "iPhone", "2018", "٢٠١٨", "COVID-19", "د.",
    "http://x", "https://a.b/c", "www.example.com", "example.com", "a@b.com", "س.م",
    "...", "«", "x" * 99, "ب" * 100, "ب" * 150, "ΣΑΣ", "ﻻ", "a.b@c.org", "x@y",
    *"()[]{}<>\"'`«»‘’‚‛“”„‟‹›❮❯", "''", "``", "((", "«»",
]


def same_answers(text: str) -> None:
    for spacy_getter, twin in FAST_TWINS.items():
        assert twin(text) == spacy_getter(text), (spacy_getter.__name__, text)


def test_every_simple_getter_has_a_twin() -> None:
    # the membership getters really were turned into set look-ups
    assert all(twin is not getter for getter, twin in FAST_TWINS.items())


def test_known_words() -> None:
    for text in WORDS:
        same_answers(text)
    assert word_shape("الوزير") == "xxxx"
    assert word_shape("ب" * 100) == "LONG"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=120))
def test_any_text(text: str) -> None:
    same_answers(text)


def test_only_attribs_vocab_uses_them() -> None:
    ours = attrib.tokenizer.blank()
    plain = spacy.blank("ar")
    assert ours.vocab.lex_attr_getters[SHAPE] is word_shape
    assert ours.vocab.lex_attr_getters[LIKE_URL] is like_url
    assert plain.vocab.lex_attr_getters[SHAPE] is spacy_word_shape
    text = "قال الوزير Hello www.a.org ÀB 12 «نعم»"
    attrs = ("shape_", "like_url", "lower_", "is_alpha", "is_digit", "is_lower", "is_space",
             "is_title", "is_upper", "is_ascii", "like_num", "is_punct", "norm_", "is_stop")
    assert [[getattr(t, a) for a in attrs] for t in ours(text)] == [
        [getattr(t, a) for a in attrs] for t in plain(text)
    ]
