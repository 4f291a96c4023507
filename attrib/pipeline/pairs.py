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

from .features import quote_mask, sentence_index, token_flags, token_texts

SOURCE, CONTENT = 0, 1
GAP_BINS = 10
N_PAIR_FEATURES = 2 + 3 + GAP_BINS + 4 + 3 + 3 + 3 + 2 + 4 + 2 + 4
LENGTH_EDGES = numpy.asarray([4, 16])
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


def pair_bounds(cand: Candidates) -> numpy.ndarray:
    """(n_pairs, 4) int64 token bounds ``cue_start, cue_end, target_start,
    target_end`` of every pair, in pair order."""
    if not cand.pairs:
        return numpy.zeros((0, 4), dtype="int64")
    pairs = numpy.asarray(cand.pairs, dtype="int64")
    cues = numpy.asarray(cand.cues, dtype="int64").reshape((-1, 2))
    targets = numpy.asarray(cand.sources + cand.contents, dtype="int64").reshape((-1, 2))
    return numpy.hstack([cues[pairs[:, 0]], targets[_target_rows(cand, pairs)]])


def _target_rows(cand: Candidates, pairs: numpy.ndarray) -> numpy.ndarray:
    """Each pair's target as a row of the table "sources, then contents", so
    one gather serves both kinds."""
    return numpy.where(pairs[:, 1] == SOURCE, pairs[:, 2], len(cand.sources) + pairs[:, 2])


def _onehot(out: numpy.ndarray, column: int, index: numpy.ndarray, size: int) -> int:
    """Write one-hot columns ``column:column + size`` of ``index`` (clipped to
    the range, so the last column means "this many or more"); returns the
    next free column."""
    # minimum/maximum, not numpy.clip: the ufuncs skip clip's Python layer,
    # which cost more than the work on these short arrays.
    out[numpy.arange(len(index)), column + numpy.minimum(numpy.maximum(index, 0), size - 1)] = 1.0
    return column + size


def _count_between(starts: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> numpy.ndarray:
    """How many of the (sorted) ``starts`` lie in ``[lo, hi)``, per pair."""
    return numpy.maximum(0, numpy.searchsorted(starts, hi, side="left")
                         - numpy.searchsorted(starts, lo, side="left"))


def _overlapping(spans: numpy.ndarray, others: numpy.ndarray) -> numpy.ndarray:
    """(n_spans, n_others) bool: span i overlaps other j."""
    return ((spans[:, None, 0] < others[None, :, 1]) & (others[None, :, 0] < spans[:, None, 1]))


def _origin_flags(origins: dict[tuple[str, Bounds], int], label: str,
                  spans: list[Bounds]) -> numpy.ndarray:
    return numpy.asarray([origins.get((label, s), 0) for s in spans], dtype="int64")


def _floor_log2(values: numpy.ndarray) -> numpy.ndarray:
    """Exact ``floor(log2(v))`` of positive integers (frexp: no rounding)."""
    return numpy.frexp(values.astype("float64"))[1].astype("int64") - 1


def pair_features(doc: Doc, cand: Candidates,
                  rule_links: Sequence[tuple[Bounds, int, Bounds]] = (),
                  frame_feature: bool = False) -> numpy.ndarray:
    """(n_pairs, N_PAIR_FEATURES) float32, computed for all pairs at once:
    kind (2); target before / after the cue, adjacent (3); log2 gap bin
    (GAP_BINS); sentences (4) and paragraphs (3) crossed; cues (3) and
    same-kind targets (3) in between; a rule link of this kind joins cue and
    target, a rule link starts at the cue (2); target length bin (4); cue and
    target quoted (2); cue and target from the tagger / the rules (4); with
    ``frame_feature``, the target came from a cue's frame (1).

    ``rule_links`` are the rule pipeline's (cue, kind, target) links; a pair
    overlapping one on both ends gets the rule-link feature."""
    n_features = N_PAIR_FEATURES + int(frame_feature)
    out = numpy.zeros((len(cand.pairs), n_features), dtype="float32")
    if not cand.pairs:
        return out
    flags = token_flags(token_texts(doc))
    sent = sentence_index(flags)
    quoted = quote_mask(flags)
    bounds = pair_bounds(cand)
    pairs = numpy.asarray(cand.pairs, dtype="int64")
    kind = pairs[:, 1]
    cue, target = bounds[:, :2], bounds[:, 2:]
    before = target[:, 1] <= cue[:, 0]
    gap = numpy.where(before, cue[:, 0] - target[:, 1], target[:, 0] - cue[:, 1])
    lo = numpy.where(before, target[:, 1], cue[:, 1])
    hi = numpy.where(before, cue[:, 0], target[:, 0])
    first = numpy.where(before, target[:, 0], cue[:, 0])
    second = numpy.where(before, cue[:, 0], target[:, 0])
    crossed = sent[second] - sent[first]
    length = target[:, 1] - target[:, 0]
    source_starts = numpy.asarray([s[0] for s in cand.sources], dtype="int64")
    content_starts = numpy.asarray([c[0] for c in cand.contents], dtype="int64")
    cue_starts = numpy.asarray([c[0] for c in cand.cues], dtype="int64")

    col = _onehot(out, 0, kind, 2)
    out[:, col], out[:, col + 1], out[:, col + 2] = before, ~before, gap <= 1
    col = _onehot(out, col + 3, _floor_log2(gap + 1), GAP_BINS)
    col = _onehot(out, col, crossed[:, 0], 4)
    col = _onehot(out, col, crossed[:, 1], 3)
    col = _onehot(out, col, _count_between(cue_starts, lo, hi), 3)
    between = numpy.where(kind == SOURCE, _count_between(source_starts, lo, hi),
                          _count_between(content_starts, lo, hi))
    col = _onehot(out, col, between, 3)
    if rule_links:
        links = numpy.asarray([(*c, k, *t) for c, k, t in rule_links], dtype="int64")
        at_cue = _overlapping(cue, links[:, 0:2])
        joined = at_cue & _overlapping(target, links[:, 3:5]) & (kind[:, None] == links[:, 2])
        out[:, col], out[:, col + 1] = joined.any(axis=1), at_cue.any(axis=1)
    col += 2
    # 0: one token, 1: up to 4, 2: up to 16, 3: longer.
    length_bin = numpy.where(length == 1, 0, 1 + numpy.searchsorted(LENGTH_EDGES, length))
    col = _onehot(out, col, length_bin, 4)
    out[:, col], out[:, col + 1] = quoted[cue[:, 0]], quoted[target[:, 0]]
    col += 2
    cue_origin = _origin_flags(cand.origins, "CUE", cand.cues)[pairs[:, 0]]
    target_origin = numpy.concatenate([_origin_flags(cand.origins, "SOURCE", cand.sources),
                                       _origin_flags(cand.origins, "CONTENT", cand.contents)])
    target_origin = target_origin[_target_rows(cand, pairs)]
    for origin in (cue_origin, target_origin):
        out[:, col] = (origin & FROM_TAGGER) != 0
        out[:, col + 1] = (origin & FROM_RULES) != 0
        col += 2
    if frame_feature:
        out[:, col] = (target_origin & FROM_FRAME) != 0
    return out
