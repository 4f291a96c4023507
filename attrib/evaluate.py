"""Scores for attribution, as the project's bars define them (gold/README).

* Spans, per label: exact (same label and offsets) and overlap (same label,
  sharing at least one character).
* Attributions, one unit per CONTENT: a predicted unit matches a gold one
  when their CONTENT spans overlap with character Jaccard >= 0.5 after
  trimming quotation marks and edge punctuation, and their speakers overlap
  or their normalised texts contain one another (or both have none). Units
  are matched one to one, best Jaccard first.
* The direct/indirect split puts quoted content (direct and mixed) on the
  direct side: gold units by their gold kind for recall, predicted units by
  their predicted kind for precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .exchange import CharSpan, record_attributions, record_spans
from .scheme import EDGE_PUNCTUATION, QUOTE_MARKS, SPAN_LABELS, content_kind, is_direct
from .text import normalize

JACCARD_MIN = 0.5
_TRIM = QUOTE_MARKS + EDGE_PUNCTUATION


@dataclass(frozen=True)
class Unit:
    doc: int
    content: tuple[int, int]
    source: CharSpan | None
    source_key: str
    direct: bool


@dataclass
class Counts:
    tp_pred: int = 0
    tp_gold: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "p": round(p, 4),
            "r": round(r, 4),
            "f": round(f, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def _source_key(text: str, span: CharSpan | None) -> str:
    if span is None:
        return ""
    return " ".join(normalize(text[span.start : span.end]).split())


def _sources_match(a: Unit, b: Unit) -> bool:
    if a.source is None or b.source is None:
        return a.source is None and b.source is None
    if a.source.start < b.source.end and b.source.start < a.source.end:
        return True
    return bool(a.source_key and b.source_key) and (
        a.source_key in b.source_key or b.source_key in a.source_key
    )


def units(doc_index: int, record: Mapping[str, Any]) -> list[Unit]:
    text = record["text"]
    out = []
    for att in record_attributions(record):
        for content in att.contents:
            out.append(
                Unit(
                    doc=doc_index,
                    content=_trim(text, content.start, content.end),
                    source=att.source,
                    source_key=_source_key(text, att.source),
                    direct=is_direct(content_kind(text[content.start : content.end])),
                )
            )
    return out


def match_units(gold: list[Unit], pred: list[Unit]) -> list[tuple[Unit, Unit]]:
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = jaccard(g.content, p.content)
            if score >= JACCARD_MIN and _sources_match(g, p):
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: -c[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def _span_counts(gold: Mapping[str, Any], pred: Mapping[str, Any], scores: dict) -> None:
    gspans = set(record_spans(gold).values())
    pspans = set(record_spans(pred).values())
    for label in SPAN_LABELS:
        g = {s for s in gspans if s.label == label}
        p = {s for s in pspans if s.label == label}
        exact, overlap = scores["exact"][label], scores["overlap"][label]
        exact.n_gold += len(g)
        exact.n_pred += len(p)
        exact.tp_gold += len(g & p)
        exact.tp_pred += len(g & p)
        overlap.n_gold += len(g)
        overlap.n_pred += len(p)
        overlap.tp_gold += sum(any(x.start < y.end and y.start < x.end for y in p) for x in g)
        overlap.tp_pred += sum(any(x.start < y.end and y.start < x.end for y in g) for x in p)


class MismatchError(ValueError):
    """Gold and predictions do not describe the same documents."""


def evaluate(
    gold_records: Iterable[Mapping[str, Any]], pred_records: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """Score predictions against gold. Documents pair by ``id`` (by position
    when ids are missing); a gold document with no prediction counts as an
    empty prediction, and differing texts are an error, not a silent skip."""
    gold_list = list(gold_records)
    pred_list = list(pred_records)
    by_id = {p.get("id"): p for p in pred_list if p.get("id") is not None}
    scores: dict[str, dict[str, Counts]] = {
        "exact": {label: Counts() for label in SPAN_LABELS},
        "overlap": {label: Counts() for label in SPAN_LABELS},
    }
    att = {"all": Counts(), "direct": Counts(), "indirect": Counts()}
    missing = 0
    for i, gold in enumerate(gold_list):
        pred = (
            by_id.get(gold.get("id")) if by_id else (pred_list[i] if i < len(pred_list) else None)
        )
        if pred is None:
            missing += 1
            pred = {"text": gold["text"], "entities": [], "relations": []}
        if pred.get("text") != gold["text"]:
            raise MismatchError(f"document {gold.get('id', i)}: predicted text differs from gold")
        _span_counts(gold, pred, scores)
        g_units, p_units = units(i, gold), units(i, pred)
        pairs = match_units(g_units, p_units)
        for name, keep in (("all", None), ("direct", True), ("indirect", False)):
            c = att[name]
            c.n_gold += sum(1 for u in g_units if keep is None or u.direct == keep)
            c.n_pred += sum(1 for u in p_units if keep is None or u.direct == keep)
            c.tp_gold += sum(1 for g, _ in pairs if keep is None or g.direct == keep)
            c.tp_pred += sum(1 for _, p in pairs if keep is None or p.direct == keep)
    return {
        "documents": len(gold_list),
        "missing_predictions": missing,
        "attribution": {k: v.as_dict() for k, v in att.items()},
        "spans": {
            mode: {label: c.as_dict() for label, c in per.items()} for mode, per in scores.items()
        },
    }


def format_table(result: Mapping[str, Any]) -> str:
    """A plain-text table for the terminal."""
    lines = [
        f"documents: {result['documents']}  (missing predictions: {result['missing_predictions']})",
        "",
    ]
    header = f"{'':<22}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}"
    lines.append(header)
    for name, c in result["attribution"].items():
        lines.append(
            f"{'attribution ' + name:<22}{c['p']:>8.3f}{c['r']:>8.3f}{c['f']:>8.3f}"
            f"{c['n_pred']:>8}{c['n_gold']:>8}"
        )
    for mode, per in result["spans"].items():
        for label, c in per.items():
            lines.append(
                f"{label + ' ' + mode:<22}{c['p']:>8.3f}{c['r']:>8.3f}{c['f']:>8.3f}"
                f"{c['n_pred']:>8}{c['n_gold']:>8}"
            )
    return "\n".join(lines)
