"""Choosing the relation decoder's settings on the dev set after training.

The pair scorer's probabilities are not calibrated to the 0.5 that training
starts from, and whether the rules' left-over attributions should be kept
(``rule_fallback``) depends on how good both are. Both are decoding
settings, so they are picked on the dev set (model selection, as spaCy's
``model-best`` is) by the project's attribution F1 and written into the
saved pipeline's ``config.cfg``; the pair scores are computed once.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from spacy import util

from ..evaluate import evaluate
from ..exchange import doc_to_record
from ..model import LINKS_ATTR

THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
COMPONENT = "attrib_relations"


@dataclass(frozen=True)
class Setting:
    threshold: float
    source_threshold: float
    rule_fallback: bool
    rule_boundaries: bool
    f: float
    p: float
    r: float


def tune_decoding(model_dir: str | Path, dev_records: Sequence[dict],
                  thresholds: Iterable[float] = THRESHOLDS, write: bool = True
                  ) -> tuple[Setting, list[Setting]]:
    """Best decoding settings (see :class:`Setting`) on ``dev_records``; with ``write`` the
    pipeline's config.cfg is updated. Returns the best and all settings."""
    import attrib

    model_dir = Path(model_dir)
    nlp = attrib.load(model_dir)
    if COMPONENT not in nlp.pipe_names:
        raise ValueError(f"{model_dir} has no {COMPONENT} component to tune")
    rel = nlp.get_pipe(COMPONENT)
    with nlp.select_pipes(disable=[COMPONENT]):
        docs = list(nlp.pipe(r["text"] for r in dev_records))
    prediction = rel.predict(docs)
    rule_links = [copy.deepcopy(doc._.get(LINKS_ATTR)) for doc in docs]
    gold = [dict(rec, id=rec.get("id", i)) for i, rec in enumerate(dev_records)]
    results = []
    grid = product((False, True), (False, True), (False, True), thresholds)
    for fallback, bounds, source_any, threshold in grid:
        for doc, links in zip(docs, rule_links, strict=True):
            doc._.set(LINKS_ATTR, copy.deepcopy(links))
        rel.threshold, rel.rule_fallback, rel.rule_boundaries = threshold, fallback, bounds
        rel.source_threshold = 0.0 if source_any else threshold
        rel.set_annotations(docs, prediction)
        preds = [doc_to_record(doc, doc_id=rec.get("id", i))
                 for i, (doc, rec) in enumerate(zip(docs, dev_records, strict=True))]
        score = evaluate(gold, preds)["attribution"]["all"]
        results.append(Setting(threshold, rel.source_threshold, fallback, bounds,
                               score["f"], score["p"], score["r"]))
    best = max(results, key=lambda s: (s.f, s.p, s.rule_boundaries))
    if write:
        config_path = model_dir / "config.cfg"
        config = util.load_config(config_path, interpolate=False)
        config["components"][COMPONENT]["threshold"] = best.threshold
        config["components"][COMPONENT]["source_threshold"] = best.source_threshold
        config["components"][COMPONENT]["rule_fallback"] = best.rule_fallback
        config["components"][COMPONENT]["rule_boundaries"] = best.rule_boundaries
        config.to_disk(config_path)
    return best, results
