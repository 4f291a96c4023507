"""Rules-first decoding: the scorer filters, re-speaks and tops up the rules."""

from __future__ import annotations

from spacy.tokens import Span

from attrib.model import Attribution
from attrib.pipeline.pairs import CONTENT, SOURCE, Candidates
from attrib.pipeline.rerank import add_learned, pair_probabilities, rescore_rules
from attrib.tokenizer import blank

TEXT = "قالت المديرة إن المعرض يفتح غدا. وذكر الحارس أن الأبواب مغلقة. وأضافت لزوارها: «أهلا بكم»."


def span(doc, text, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return doc.char_span(start, start + len(text), label=label)


def bounds(s: Span) -> tuple[int, int]:
    return s.start, s.end


def rule_attributions(doc):
    cue1, cue2, cue3 = (span(doc, t, "CUE") for t in ("قالت", "وذكر", "وأضافت"))
    return [
        Attribution(
            cue=cue1,
            source=span(doc, "المديرة", "SOURCE"),
            contents=(span(doc, "المعرض يفتح غدا", "CONTENT"),),
            kind="indirect",
        ),
        Attribution(
            cue=cue2,
            source=span(doc, "الحارس", "SOURCE"),
            contents=(span(doc, "الأبواب مغلقة", "CONTENT"),),
            kind="indirect",
        ),
        # the rules took the addressee for the speaker
        Attribution(
            cue=cue3,
            source=span(doc, "لزوارها", "SOURCE"),
            contents=(span(doc, "«أهلا بكم»", "CONTENT"),),
            kind="direct",
        ),
    ]


def test_pair_probabilities_key_by_bounds():
    cand = Candidates([(0, 1)], [(1, 2)], [(3, 6)], [(0, SOURCE, 0), (0, CONTENT, 0)])
    assert pair_probabilities(cand, [0.25, 0.75]) == {
        ((0, 1), SOURCE, (1, 2)): 0.25,
        ((0, 1), CONTENT, (3, 6)): 0.75,
    }


def test_rescore_drops_unlikely_contents_and_fixes_speakers():
    doc = blank()(TEXT)
    rules = rule_attributions(doc)
    c1, c2, c3 = (bounds(a.cue) for a in rules)
    director = bounds(span(doc, "المديرة", "SOURCE"))
    probs = {
        (c1, CONTENT, bounds(rules[0].contents[0])): 0.9,
        (c1, SOURCE, director): 0.8,
        (c2, CONTENT, bounds(rules[1].contents[0])): 0.05,  # the scorer doubts it
        (c3, CONTENT, bounds(rules[2].contents[0])): 0.7,
        (c3, SOURCE, bounds(rules[2].source)): 0.1,
        (c3, SOURCE, director): 0.85,
    }
    kept = rescore_rules(doc, rules, probs, drop_threshold=0.1, speaker_margin=0.2)
    assert [a.cue.text for a in kept] == ["قالت", "وأضافت"]
    assert kept[0].source.text == "المديرة"
    # المديرة is in another sentence than وأضافت: an implicit speaker
    assert kept[1].source is None and kept[1].antecedent.text == "المديرة"
    assert kept[1].contents == rules[2].contents


def test_rescore_keeps_rule_speaker_within_margin_and_unscored_pairs():
    doc = blank()(TEXT)
    rules = rule_attributions(doc)
    c3 = bounds(rules[2].cue)
    director = bounds(span(doc, "المديرة", "SOURCE"))
    probs = {(c3, SOURCE, bounds(rules[2].source)): 0.6, (c3, SOURCE, director): 0.7}
    kept = rescore_rules(doc, rules, probs, drop_threshold=0.5, speaker_margin=0.2)
    assert len(kept) == 3  # contents the scorer never saw keep the rules' decision
    assert kept[2].source.text == "لزوارها"


def test_add_learned_skips_overlaps():
    doc = blank()(TEXT)
    rules = rule_attributions(doc)[:1]
    same_content = Attribution(
        cue=span(doc, "وذكر", "CUE"),
        source=None,
        kind="indirect",
        contents=(span(doc, "يفتح غدا", "CONTENT"),),
    )
    same_cue = Attribution(
        cue=span(doc, "قالت", "CUE"),
        source=None,
        kind="indirect",
        contents=(span(doc, "الأبواب مغلقة", "CONTENT"),),
    )
    new = Attribution(
        cue=span(doc, "وأضافت", "CUE"),
        source=None,
        kind="direct",
        contents=(span(doc, "«أهلا بكم»", "CONTENT"),),
    )
    out = add_learned(rules, [same_content, same_cue, new])
    assert [a.cue.text for a in out] == ["قالت", "وأضافت"]
