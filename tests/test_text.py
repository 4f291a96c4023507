"""Matching normalisation: sees through orthographic noise, keeps offsets."""

from hypothesis import given
from hypothesis import strategies as st

from attrib.text import NormalizedText, normalize


def test_presentation_forms_fold_to_letters():
    assert normalize("ﻗﺎﻝ") == normalize("قال") == "قال"


def test_diacritics_tatweel_and_hamza_variants_fold():
    assert normalize("بيّن") == normalize("بين")
    assert normalize("أكّدَ") == normalize("اكد")
    assert normalize("مؤكداً") == normalize("موكدا")
    assert normalize("الحكيـــم") == "الحكيم"
    assert normalize("إلى") == normalize("الي")


def test_invisible_characters_are_dropped_and_nbsp_is_a_space():
    assert normalize("قال\u200f\ufffd") == "قال"
    assert normalize("قال\u00a0الوزير") == "قال الوزير"


def test_match_maps_back_to_exact_original_offsets():
    original = "وقال ﻗﺎﻝ الحكيـــمُ اليوم"
    norm = NormalizedText.of(original)
    i = norm.text.index("الحكيم")
    start, end = norm.to_original(i, i + len("الحكيم"))
    assert original[start:end] == "الحكيـــمُ"


def test_trailing_diacritics_stay_inside_a_match():
    norm = NormalizedText.of("أكّدَ الوزير")
    assert norm.original[slice(*norm.to_original(0, 3))] == "أكّدَ"


@given(st.text(alphabet=st.sampled_from(list('قالأإآىةـًٌَُِّْ ﻗﺎﻝ\u00a0\u200f\ufffd"«»ab'))))
def test_index_is_monotone_and_inside_the_original(text):
    norm = NormalizedText.of(text)
    assert len(norm.index) == len(norm.text) + 1
    assert list(norm.index) == sorted(norm.index)
    assert norm.index[-1] == len(text)
    for i in range(len(norm.text)):
        start, end = norm.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert norm.text[i] in normalize(text[start:end])
