"""The relation scorer: candidates, features, decoding and gradients."""

from __future__ import annotations

import numpy
from spacy.tokens import Span
from thinc.api import NumpyOps

from attrib.pipeline.models import _span_reps
from attrib.pipeline.pairs import (
    CONTENT,
    N_PAIR_FEATURES,
    SOURCE,
    Candidates,
    Window,
    make_candidates,
    pair_features,
)
from attrib.pipeline.relations import decode
from attrib.tokenizer import blank

TEXT = "قال الوزير إن الاتفاق قريب. وأضاف: «سنوقع قريبا». وذكر مصدر أن الموعد لم يحدد."


def spans(doc, *texts):
    out = []
    for text in texts:
        start = doc.text.index(text)
        out.append(doc.char_span(start, start + len(text)))
    return [(s.start, s.end) for s in out]


def test_candidates_respect_windows_and_skip_overlaps():
    cues = [(10, 11)]
    sources = [(0, 1), (2, 3), (4, 5), (8, 12), (12, 13), (30, 31)]
    contents = [(11, 20), (5, 9)]
    cand = make_candidates(cues, sources, contents, Window(sources_before=2, sources_after=1,
                                                           max_distance=15))
    src = [cand.sources[t] for c, k, t in cand.pairs if k == SOURCE]
    assert src == [(4, 5), (2, 3), (12, 13)]  # nearest two before, one after; overlap skipped
    con = [cand.contents[t] for c, k, t in cand.pairs if k == CONTENT]
    assert sorted(con) == [(5, 9), (11, 20)]


def test_pair_features_shape_and_rule_link():
    doc = blank()(TEXT)
    cue, src, con = spans(doc, "قال", "الوزير", "الاتفاق قريب")
    cand = make_candidates([cue], [src], [con], Window())
    feats = pair_features(doc, cand, [(cue, CONTENT, con)])
    assert feats.shape == (2, N_PAIR_FEATURES)
    assert feats[:, 0].tolist() == [1.0, 0.0] and feats[:, 1].tolist() == [0.0, 1.0]
    rule_link = N_PAIR_FEATURES - 12
    assert feats[:, rule_link].tolist() == [0.0, 1.0]


def test_decode_constraints_and_implicit_speaker():
    doc = blank()(TEXT)
    c1, c2, c3 = spans(doc, "قال", "وأضاف", "وذكر")
    s1, s3 = spans(doc, "الوزير", "مصدر")
    t1, t2, t3 = spans(doc, "الاتفاق قريب", "«سنوقع قريبا»", "الموعد لم يحدد")
    cand = Candidates([c1, c2, c3], [s1, s3], [t1, t2, t3], [
        (0, SOURCE, 0), (0, CONTENT, 0), (1, SOURCE, 0), (1, CONTENT, 1), (1, CONTENT, 0),
        (2, SOURCE, 1), (2, CONTENT, 2), (2, SOURCE, 0)])
    probs = [0.9, 0.95, 0.8, 0.9, 0.6, 0.7, 0.9, 0.4]
    atts = decode(doc, cand, probs, threshold=0.5)
    assert [a.cue.text for a in atts] == ["قال", "وأضاف", "وذكر"]
    # الاتفاق قريب goes to its best cue only (0.95 > 0.6)
    assert [[c.text for c in a.contents] for a in atts] == [
        ["الاتفاق قريب"], ["«سنوقع قريبا»"], ["الموعد لم يحدد"]]
    assert atts[0].source.text == "الوزير"
    assert atts[1].source is None and atts[1].antecedent.text == "الوزير"
    assert atts[1].kind == "direct"
    assert atts[2].source.text == "مصدر"  # 0.4 for الوزير is below threshold
    assert all(isinstance(s, Span) for a in atts for s in a.contents)


def test_cue_without_content_gives_no_attribution():
    doc = blank()(TEXT)
    c1, = spans(doc, "قال")
    s1, = spans(doc, "الوزير")
    cand = Candidates([c1], [s1], [], [(0, SOURCE, 0)])
    assert decode(doc, cand, [0.9], threshold=0.5) == []


def test_span_reps_gradient_matches_finite_differences():
    ops = NumpyOps()
    rng = numpy.random.default_rng(0)
    X = rng.normal(size=(7, 3)).astype("float64")
    starts, ends = numpy.array([0, 2, 5]), numpy.array([3, 7, 6])
    weights = rng.normal(size=(3, 9))

    class Holder:
        pass

    holder = Holder()
    holder.ops = ops

    def f(x):
        out, _ = _span_reps(holder, x, starts, ends)
        return float((out * weights).sum())

    _, backprop = _span_reps(holder, X, starts, ends)
    analytic = backprop(weights)
    numeric = numpy.zeros_like(X)
    eps = 1e-6
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Xp, Xm = X.copy(), X.copy()
            Xp[i, j] += eps
            Xm[i, j] -= eps
            numeric[i, j] = (f(Xp) - f(Xm)) / (2 * eps)
    assert numpy.allclose(analytic, numeric, atol=1e-5)


def test_decode_keeps_nested_statement_but_not_near_duplicates():
    doc = blank()("قال الوزير إن الصين تقول إنها مستعدة للحوار.")
    outer_cue, inner_cue = spans(doc, "قال", "تقول")
    s1, s2 = spans(doc, "الوزير", "الصين")
    outer, inner, dup = spans(doc, "الصين تقول إنها مستعدة للحوار", "مستعدة للحوار",
                              "تقول إنها مستعدة")
    cand = Candidates([outer_cue, inner_cue], [s1, s2], [outer, inner, dup], [
        (0, SOURCE, 0), (0, CONTENT, 0), (1, SOURCE, 1), (1, CONTENT, 1), (0, CONTENT, 2)])
    atts = decode(doc, cand, [0.9, 0.9, 0.8, 0.7, 0.6], threshold=0.5)
    assert [(a.cue.text, [c.text for c in a.contents]) for a in atts] == [
        ("قال", ["الصين تقول إنها مستعدة للحوار"]), ("تقول", ["مستعدة للحوار"])]


def test_pair_target_prefers_exact_but_accepts_near_misses():
    from attrib.pipeline.relations import pair_target

    gold = {(0, 1): {SOURCE: [(1, 3)], CONTENT: [(4, 14)]}}
    assert pair_target((0, 1), CONTENT, (4, 14), gold) == 1.0
    near = pair_target((0, 1), CONTENT, (4, 12), gold)
    assert 0.5 < near < 1.0
    assert pair_target((0, 1), CONTENT, (4, 6), gold) == 0.0  # Jaccard 0.2
    assert pair_target((0, 1), SOURCE, (1, 3), gold) == 1.0
    assert pair_target((0, 1), SOURCE, (2, 3), gold) == 0.7
    assert pair_target((0, 2), SOURCE, (1, 3), gold) == 0.8  # cue overlaps the gold cue
    assert pair_target((20, 21), CONTENT, (4, 14), gold) == 0.0


def test_frame_content_candidates():
    from attrib.pipeline.heuristics import frame_content

    nlp = blank()

    def frame(text):
        doc = nlp(text)
        bounds = frame_content(doc, (0, 1))
        return None if bounds is None else doc[bounds[0]:bounds[1]].text

    assert frame("وقال رئيس الوزراء إن الحكومة ستعلن خطة جديدة. ثم غادر") == \
        "الحكومة ستعلن خطة جديدة"
    assert frame("وأضاف: «لن نتأخر» في ذلك.") == "«لن نتأخر»"
    assert frame("أكد الوزير أن الاتفاق قريب، وأن التوقيع غدا") == \
        "الاتفاق قريب، وأن التوقيع غدا"
    assert frame("وقالت: «بداية بلا نهاية\nفقرة أخرى") == "«بداية بلا نهاية"
    assert frame("زار الوزير المدينة. وقال إن") is None


def test_source_threshold_takes_best_doubtful_speaker():
    doc = blank()(TEXT)
    c1, = spans(doc, "قال")
    s1, = spans(doc, "الوزير")
    t1, = spans(doc, "الاتفاق قريب")
    cand = Candidates([c1], [s1], [t1], [(0, SOURCE, 0), (0, CONTENT, 0)])
    strict = decode(doc, cand, [0.3, 0.9], threshold=0.5)
    assert strict[0].speaker is None
    lenient = decode(doc, cand, [0.3, 0.9], threshold=0.5, source_threshold=0.0)
    assert lenient[0].source.text == "الوزير"


def test_gold_candidates_only_when_asked():
    """Without ``gold_candidates`` training pairs come from the predicted
    doc alone (the rules' spans here), as at prediction time."""
    from spacy.training import Example
    from train_data import records

    from attrib.training.convert import record_to_gold_doc

    nlp = blank()
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 16, "upstream": "*"}
    record = records()[0]  # قال وزير المالية إن ...
    ref = record_to_gold_doc(nlp, record)
    predicted = nlp.make_doc(record["text"])
    cue = predicted.char_span(0, 3, label="CUE")  # قال, as a rule cue
    predicted.spans["attrib_cues"] = [cue]
    eg = Example(predicted, ref)
    n_gold_contents = len(ref.spans["attrib_contents"])
    for gold_candidates, n_contents in ((True, n_gold_contents), (False, 0)):
        rel = nlp.add_pipe("attrib_relations", name=f"rel_{gold_candidates}", config={
            "model": {"@architectures": "attrib.PairScorer.v1", "tok2vec": listener,
                      "hidden_width": 8, "n_pair_features": N_PAIR_FEATURES},
            "gold_candidates": gold_candidates})
        cand, labels = rel._gold(eg)
        assert cand.cues == [(cue.start, cue.end)]
        assert len(cand.contents) == n_contents
        assert len(labels) == len(cand.pairs)
