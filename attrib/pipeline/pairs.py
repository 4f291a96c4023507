"""Candidate (cue, target) pairs and their features for the relation scorer.

Kept apart from the component so the candidate policy (how far back an
implicit speaker may be, how many contents a cue may reach) is one small,
testable function. Windows are generous on the source side because an
implicit speaker (``وأضاف``) points to the latest earlier mention, often
several sentences back.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
from spacy.tokens import Doc

from .features import quote_mask, sentence_index, token_texts

SOURCE, CONTENT = 0, 1
GAP_BINS = 10
N_PAIR_FEATURES = 2 + 3 + GAP_BINS + 4 + 3 + 3 + 3 + 2 + 4 + 2 + 4
# Where a candidate span came from (bit flags): the learned tagger, the rules,
# a cue's frame (attrib.pipeline.heuristics; adds one feature when used).
FROM_TAGGER, FROM_RULES, FROM_FRAME = 1, 2, 4


@dataclass(frozen=True)
class Window:
    """How many targets of each kind a cue may reach, and how far."""

    sources_before: int = 6
    sources_after: int = 2
    contents_before: int = 3
    contents_after: int = 4
    max_distance: int = 400


Bounds = tuple[int, int]


@dataclass
class Candidates:
    """One doc's candidate spans and the pairs to score (token bounds)."""

    cues: list[Bounds]
    sources: list[Bounds]
    contents: list[Bounds]
    pairs: list[tuple[int, int, int]]  # (cue index, kind, target index)
    # FROM_* flags per (label, span)
    origins: dict[tuple[str, Bounds], int] = field(default_factory=dict)


def _nearest(cue: Bounds, targets: list[Bounds], before: int, after: int,
             max_distance: int) -> list[int]:
    starts = [t[0] for t in targets]
    pivot = bisect_left(starts, cue[0])
    out = []
    for i in range(pivot - 1, -1, -1):
        t = targets[i]
        if t[1] > cue[0]:
            continue  # overlaps or contains the cue
        if cue[0] - t[1] > max_distance or len(out) >= before:
            break
        out.append(i)
    n_before = len(out)
    for i in range(pivot, len(targets)):
        t = targets[i]
        if t[0] < cue[1]:
            continue
        if t[0] - cue[1] > max_distance or len(out) - n_before >= after:
            break
        out.append(i)
    return out


def make_candidates(cues: Sequence[Bounds], sources: Sequence[Bounds],
                    contents: Sequence[Bounds], window: Window,
                    origins: dict[tuple[str, Bounds], int] | None = None) -> Candidates:
    cand = Candidates(sorted(set(cues)), sorted(set(sources)), sorted(set(contents)), [],
                      dict(origins or {}))
    for ci, cue in enumerate(cand.cues):
        for ti in _nearest(cue, cand.sources, window.sources_before, window.sources_after,
                           window.max_distance):
            cand.pairs.append((ci, SOURCE, ti))
        for ti in _nearest(cue, cand.contents, window.contents_before, window.contents_after,
                           window.max_distance):
            cand.pairs.append((ci, CONTENT, ti))
    return cand


def _onehot(index: int, size: int) -> list[float]:
    vec = [0.0] * size
    vec[min(max(index, 0), size - 1)] = 1.0
    return vec


def _count_between(starts: list[int], lo: int, hi: int) -> int:
    return max(0, bisect_left(starts, hi) - bisect_left(starts, lo))


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pair_features(doc: Doc, cand: Candidates,
                  rule_links: Sequence[tuple[Bounds, int, Bounds]] = (),
                  frame_feature: bool = False) -> numpy.ndarray:
    """(n_pairs, N_PAIR_FEATURES) float32; see the list in the code.

    ``rule_links`` are the rule pipeline's (cue, kind, target) links; a pair
    overlapping one on both ends gets the rule-link feature."""
    if not cand.pairs:
        return numpy.zeros((0, N_PAIR_FEATURES + int(frame_feature)), dtype="float32")
    texts = token_texts(doc)
    sent = sentence_index(texts)
    quoted = quote_mask(texts)
    cue_starts = [c[0] for c in cand.cues]
    target_starts = {SOURCE: [s[0] for s in cand.sources], CONTENT: [c[0] for c in cand.contents]}
    rows = []
    for ci, kind, ti in cand.pairs:
        cue = cand.cues[ci]
        target = (cand.sources if kind == SOURCE else cand.contents)[ti]
        before = target[1] <= cue[0]
        gap = cue[0] - target[1] if before else target[0] - cue[1]
        lo, hi = (target[1], cue[0]) if before else (cue[1], target[0])
        a, b = (target[0], cue[0]) if before else (cue[0], target[0])
        sents = int(sent[b, 0] - sent[a, 0])
        paras = int(sent[b, 1] - sent[a, 1])
        length = target[1] - target[0]
        row = _onehot(kind, 2)
        row += [float(before), float(not before), float(gap <= 1)]
        row += _onehot(int(numpy.log2(gap + 1)), GAP_BINS)
        row += _onehot(sents, 4) + _onehot(paras, 3)
        row += _onehot(_count_between(cue_starts, lo, hi), 3)
        row += _onehot(_count_between(target_starts[kind], lo, hi), 3)
        row += [
            float(any(k == kind and _overlaps(c, cue) and _overlaps(t, target)
                      for c, k, t in rule_links)),
            float(any(_overlaps(c, cue) for c, _, _ in rule_links)),
        ]
        row += _onehot(0 if length == 1 else 1 if length <= 4 else 2 if length <= 16 else 3, 4)
        row += [float(quoted[cue[0]]), float(quoted[target[0]])]
        target_label = "SOURCE" if kind == SOURCE else "CONTENT"
        row += [float(bool(cand.origins.get(key, 0) & flag))
                for key in (("CUE", cue), (target_label, target))
                for flag in (FROM_TAGGER, FROM_RULES)]
        if frame_feature:
            row.append(float(bool(cand.origins.get((target_label, target), 0) & FROM_FRAME)))
        rows.append(row)
    if not rows:
        return numpy.zeros((0, N_PAIR_FEATURES + int(frame_feature)), dtype="float32")
    return numpy.asarray(rows, dtype="float32")
