"""The fast lexical getters answer exactly what spaCy's own do."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LIKE_URL, SHAPE
from spacy.lang.lex_attrs import like_url as spacy_like_url
from spacy.lang.lex_attrs import word_shape as spacy_word_shape

import attrib.tokenizer
from attrib.lex_attrs import like_url, word_shape

WORDS = [
    "قال", "الوزير", "وأضاف", "إن", "و", "ـ", "قَالَ", "مستشفىً", "الاستراتيجيات",
    "ABC", "Über", "straße", "ǅemal", "iPhone", "2018", "٢٠١٨", "COVID-19", "د.",
    "http://x", "https://a.b/c", "www.example.com", "example.com", "a@b.com", "س.م",
    "...", "«", "x" * 99, "ب" * 100, "ب" * 150, "ΣΑΣ", "ﻻ",
]


def test_known_words() -> None:
    for text in WORDS:
        assert word_shape(text) == spacy_word_shape(text), text
        assert like_url(text) == spacy_like_url(text), text
    assert word_shape("الوزير") == "xxxx"
    assert word_shape("ب" * 100) == "LONG"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=120))
def test_any_text(text: str) -> None:
    assert word_shape(text) == spacy_word_shape(text)
    assert like_url(text) == spacy_like_url(text)


def test_only_attribs_vocab_uses_them() -> None:
    ours = attrib.tokenizer.blank()
    plain = spacy.blank("ar")
    assert ours.vocab.lex_attr_getters[SHAPE] is word_shape
    assert ours.vocab.lex_attr_getters[LIKE_URL] is like_url
    assert plain.vocab.lex_attr_getters[SHAPE] is spacy_word_shape
    assert [t.shape_ for t in ours("قال الوزير Hello www.a.org")] == [
        t.shape_ for t in plain("قال الوزير Hello www.a.org")
    ]
