"""Inter-annotator agreement with the project's own scorer (``attrib.evaluate``).

For each pair of annotators, one plays gold and the other prediction; span
F1 per label and attribution F1 are symmetric under that swap, so one
direction suffices. Only documents both annotators worked on count (both
labelled something, or both confirmed them when confirmed-only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ..evaluate import evaluate
from ..scheme import SPAN_LABELS


@dataclass
class PairAgreement:
    a: str
    b: str
    documents: int
    result: dict[str, Any] | None

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"pair": f"{self.a} / {self.b}", "documents": self.documents}
        if self.result:
            row["attribution_f1"] = self.result["attribution"]["all"]["f"]
            for label in SPAN_LABELS:
                row[f"{label}_exact_f1"] = self.result["spans"]["exact"][label]["f"]
                row[f"{label}_overlap_f1"] = self.result["spans"]["overlap"][label]["f"]
        return row


def _worked_on(records: Sequence[Mapping[str, Any]], all_count: bool) -> dict[Any, Mapping]:
    return {r["id"]: r for r in records if all_count or r.get("entities")}


def pairwise(by_user: Mapping[str, Sequence[Mapping[str, Any]]],
             confirmed_only: bool = False) -> list[PairAgreement]:
    """Agreement for every pair of users with at least one shared document."""
    worked = {u: _worked_on(recs, confirmed_only) for u, recs in by_user.items()}
    pairs = []
    for a, b in combinations(sorted(u for u in worked if worked[u]), 2):
        shared = [d for d in worked[a] if d in worked[b]]
        result = evaluate([worked[a][d] for d in shared], [worked[b][d] for d in shared]) \
            if shared else None
        pairs.append(PairAgreement(a, b, len(shared), result))
    return pairs


def format_agreement(pairs: Sequence[PairAgreement]) -> str:
    if not pairs:
        return "fewer than two annotators labelled documents: no agreement to compute"
    header = f"{'pair':<28}{'docs':>6}{'attrib F1':>11}" + "".join(
        f"{label + ' F1':>12}" for label in SPAN_LABELS)
    lines = [header, "(span F1: exact match; attribution F1: attrib.evaluate's matching)"]
    for pair in pairs:
        row = pair.row()
        if pair.result is None:
            lines.append(f"{row['pair']:<28}{0:>6}   no shared documents")
            continue
        lines.append(f"{row['pair']:<28}{row['documents']:>6}{row['attribution_f1']:>11.3f}"
                     + "".join(f"{row[f'{label}_exact_f1']:>12.3f}" for label in SPAN_LABELS))
    return "\n".join(lines)
