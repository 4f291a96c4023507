"""Property tests: the rule pipeline never raises, and every span it emits
indexes the original text exactly, without edge whitespace."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = ["قال", "وقالت", "أكد", "إن", "أن", "الوزير", "بين", "بحسب", "مؤكداً", ":", "،",
         ".", "\n", '"', "«", "»", "“", "”", "'", "ﻗﺎﻝ", "ـ", "\u00a0", "\ufffd", "abc",
         "هو", "وأضاف", "إلى", "على", "(", ")", "\t", "\u200f", "2024", "#وسم"]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: " ".join(w) * 40),
)


def check(doc):
    text = doc.text
    spans = [s for key in doc.spans for s in doc.spans[key]]
    for att in doc._.attributions:
        spans.extend([att.cue, *att.contents])
        if att.speaker is not None:
            spans.append(att.speaker)
        assert 0.0 <= att.confidence <= 1.0
    for s in spans:
        assert s.text == text[s.start_char:s.end_char]
        if s.label_ in ("CUE", "SOURCE", "CONTENT"):
            assert s.text and s.text == s.text.strip()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_never_raises_and_offsets_exact(nlp, text):
    check(nlp(text))
