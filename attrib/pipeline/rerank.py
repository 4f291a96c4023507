"""Rules-first decoding for ``attrib_relations``: the rules propose, the
learned pair scorer disposes.

Why: on 280 training articles the learned components fit the training set
almost perfectly (their spans there are nearly the gold ones), so decoding
from the scorer's own candidates generalises no better than the rules do.
The scorer's probabilities are still a good second opinion on the rules'
attributions: a rule content the scorer gives (almost) no chance is more
often wrong than right, and where the scorer is clearly surer of another
speaker it is usually the better one. So the rules' attributions are kept
as the base, and the scorer only

* drops a rule content whose (cue, content) probability is below
  ``drop_threshold`` (an attribution left without content goes),
* replaces a speaker by its best-scoring source candidate when that beats
  the rule speaker's probability by more than ``speaker_margin``,
* adds learned attributions (decoded as usual, see
  :func:`attrib.pipeline.relations.decode`) whose contents and cues overlap
  nothing that is kept.

Pairs the scorer never saw (outside its window) keep the rules' decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from ..exchange import _crosses_sentence
from ..model import Attribution
from .pairs import CONTENT, SOURCE, Bounds, Candidates

PairKey = tuple[Bounds, int, Bounds]


def pair_probabilities(cand: Candidates, probs: Sequence[float]) -> dict[PairKey, float]:
    """``(cue, kind, target) -> probability`` for every scored pair."""
    out = {}
    for (ci, kind, ti), p in zip(cand.pairs, probs, strict=True):
        targets = cand.sources if kind == SOURCE else cand.contents
        out[(cand.cues[ci], kind, targets[ti])] = p
    return out


def _bounds(span: Span) -> Bounds:
    return span.start, span.end


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _with_speaker(doc: Doc, att: Attribution, bounds: Bounds) -> Attribution:
    """``att`` with the speaker at ``bounds``: an antecedent when it lies in
    another sentence than the cue, as gold docs store implicit speakers."""
    speaker = Span(doc, bounds[0], bounds[1], label="SOURCE")
    if _crosses_sentence(doc, att.cue, speaker):
        return replace(att, source=None, antecedent=speaker)
    return replace(att, source=speaker, antecedent=None)


def rescore_rules(
    doc: Doc,
    rules: Iterable[Attribution],
    probs: dict[PairKey, float],
    drop_threshold: float,
    speaker_margin: float,
) -> list[Attribution]:
    """The rules' attributions, filtered and re-spoken by the scorer (see the
    module docstring)."""
    best_source: dict[Bounds, tuple[float, Bounds]] = {}
    for (cue, kind, target), p in probs.items():
        if kind == SOURCE and p > best_source.get(cue, (-1.0, target))[0]:
            best_source[cue] = (p, target)
    out = []
    for att in rules:
        cue = _bounds(att.cue)
        contents = tuple(
            c for c in att.contents if probs.get((cue, CONTENT, _bounds(c)), 1.0) >= drop_threshold
        )
        if not contents:
            continue
        att = replace(att, contents=contents)
        if cue in best_source:
            p_best, bounds = best_source[cue]
            p_rule = (
                probs.get((cue, SOURCE, _bounds(att.speaker)), 0.0)
                if att.speaker is not None
                else 0.0
            )
            if p_best - p_rule > speaker_margin:
                att = _with_speaker(doc, att, bounds)
        out.append(att)
    return out


def add_learned(kept: list[Attribution], learned: Iterable[Attribution]) -> list[Attribution]:
    """``kept`` plus the learned attributions that overlap none of its
    contents and cues."""
    contents = [_bounds(c) for a in kept for c in a.contents]
    cues = [_bounds(a.cue) for a in kept]
    out = list(kept)
    for att in learned:
        if any(_overlap(_bounds(c), t) for c in att.contents for t in contents):
            continue
        if any(_overlap(_bounds(att.cue), c) for c in cues):
            continue
        out.append(att)
    return out
