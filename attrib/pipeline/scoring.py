"""Scorers for spaCy's training loop (the columns of its progress table).

``attrib.span_tagger_scorer.v1`` scores candidate spans against the gold span
groups (exact match, all labels pooled); ``attrib.attribution_scorer.v1``
runs the project's own evaluator (:func:`attrib.evaluate.evaluate`) on the
exchange records of predicted and gold docs, so ``model-best`` is chosen by
the same attribution F1 the bars are stated in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.training import Example
from spacy.util import registry

from ..evaluate import evaluate
from ..exchange import doc_to_record
from ..scheme import SPAN_GROUPS, SPAN_LABELS


def score_spans(examples: Iterable[Example], candidate_keys: dict[str, str] | None = None,
                **_: Any) -> dict[str, float]:
    """Exact-match P/R/F of candidate spans, pooled over labels."""
    from .span_tagger import CANDIDATE_KEYS

    keys = candidate_keys or CANDIDATE_KEYS
    tp = n_pred = n_gold = 0
    for eg in examples:
        for label in SPAN_LABELS:
            gold_key, pred_key = SPAN_GROUPS[label], keys.get(label)
            gold = {(s.start_char, s.end_char) for s in eg.reference.spans.get(gold_key, [])}
            pred = {(s.start_char, s.end_char) for s in eg.predicted.spans.get(pred_key, [])}
            tp += len(gold & pred)
            n_pred += len(pred)
            n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"cand_p": p, "cand_r": r, "cand_f": f}


def score_attributions(examples: Iterable[Example], **_: Any) -> dict[str, float]:
    """Attribution P/R/F (all, direct, indirect) of the project's evaluator."""
    gold, pred = [], []
    for i, eg in enumerate(examples):
        gold.append(doc_to_record(eg.reference, doc_id=i))
        pred.append(doc_to_record(eg.predicted, doc_id=i))
    result = evaluate(gold, pred)["attribution"]
    out = {f"att_{k}": float(result["all"][k]) for k in ("p", "r", "f")}
    out["att_direct_f"] = float(result["direct"]["f"])
    out["att_indirect_f"] = float(result["indirect"]["f"])
    return out


@registry.scorers("attrib.span_tagger_scorer.v1")
def make_span_tagger_scorer() -> Callable[..., dict[str, float]]:
    return score_spans


@registry.scorers("attrib.attribution_scorer.v1")
def make_attribution_scorer() -> Callable[..., dict[str, float]]:
    return score_attributions
