"""The per-label BIO span tagger: decoding, gold tags, and that it learns."""

from __future__ import annotations

import numpy
import pytest
from spacy.training import Example
from train_data import records

from attrib.pipeline.features import dense_features, quote_mask, stem, token_texts
from attrib.pipeline.span_tagger import CANDIDATE_KEYS, decode_bio, gold_tags
from attrib.tokenizer import blank
from attrib.training.convert import record_to_gold_doc

B, I, O = 0, 1, 2  # noqa: E741


def test_decode_bio_spans_and_repairs():
    assert decode_bio(numpy.array([O, B, I, I, O, B, O])) == [(1, 4), (5, 6)]
    # an I after O opens a span; a B inside a span closes the previous one
    assert decode_bio(numpy.array([I, I, B, I])) == [(0, 2), (2, 4)]
    assert decode_bio(numpy.array([O, O])) == []
    assert decode_bio(numpy.array([B, I])) == [(0, 2)]


def test_gold_tags_per_label_and_outer_span_wins():
    nlp = blank()
    record = records()[0]  # قال وزير المالية إن ...
    text_len = len(record["text"])
    # an inner CONTENT nested in the outer one (same label) is ignored
    record["entities"].append({"id": 9, "label": "CONTENT", "start_offset": 21,
                               "end_offset": 30})
    ref = record_to_gold_doc(nlp, record)
    ref.spans["attrib_contents"] = list(ref.spans["attrib_contents"]) + [
        ref.char_span(21, 30, label="CONTENT", alignment_mode="expand")]
    eg = Example(nlp.make_doc(record["text"]), ref)
    tags = gold_tags(eg, ["CUE", "SOURCE", "CONTENT"])
    assert tags.shape == (len(ref), 3)
    assert tags[:, 0].tolist()[:2] == [B, O]  # قال
    assert tags[:4, 1].tolist() == [O, B, I, O]  # وزير المالية
    content = [i for i, t in enumerate(tags[:, 2]) if t != O]
    assert tags[content[0], 2] == B and all(tags[i, 2] == I for i in content[1:])
    assert ref[content[-1]].idx + len(ref[content[-1]].text) < text_len  # final dot outside


def test_features_quote_mask_and_stem():
    doc = blank()("قال: «لن نتراجع» ثم غادر.\n«بداية بلا نهاية")
    mask = quote_mask(token_texts(doc)).tolist()
    texts = [t.text for t in doc]
    inside = [t for t, m in zip(texts, mask, strict=True) if m]
    assert inside[:4] == ["«", "لن", "نتراجع", "»"]
    assert "غادر" not in inside
    assert inside[-2:] == ["بلا", "نهاية"]  # unclosed: runs to the paragraph end
    assert stem("وقال") == "قال" and stem("قال") == "قال" and stem("ول") == "ول"
    dense = dense_features(doc)
    assert dense.shape[0] == len(doc) and dense.dtype == numpy.float32


@pytest.mark.slow
def test_tagger_learns_cues_on_tiny_data():
    """A few dozen updates on the tiny set must find the cues it was shown."""
    from thinc.api import fix_random_seed

    fix_random_seed(0)
    nlp = blank()
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "attrib.ArabicEmbed.v1", "width": 32, "rows": 500,
                  "rule_groups": ["attrib_cues", "attrib_sources", "attrib_contents"]},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 32,
                   "depth": 2, "window_size": 1, "maxout_pieces": 2}}})
    nlp.add_pipe("attrib_span_tagger", config={"model": {
        "@architectures": "attrib.BIOTagger.v1",
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 32,
                    "upstream": "tok2vec"}}})
    examples = [Example(nlp.make_doc(r["text"]), record_to_gold_doc(nlp, r)) for r in records()]
    optimizer = nlp.initialize(lambda: examples)
    first = last = None
    for _ in range(40):
        losses = nlp.update(examples, sgd=optimizer)
        first = first if first is not None else losses["attrib_span_tagger"]
        last = losses["attrib_span_tagger"]
    assert last < first / 3
    doc = nlp(records()[0]["text"])
    assert [s.text for s in doc.spans[CANDIDATE_KEYS["CUE"]]] == ["قال"]
    assert [s.text for s in doc.spans[CANDIDATE_KEYS["SOURCE"]]] == ["وزير المالية"]
