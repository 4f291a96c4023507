"""Choosing the relation decoder's settings on the dev set after training.

The pair scorer's probabilities are not calibrated to the 0.5 that training
starts from, and whether the rules' left-over attributions should be kept
(``rule_fallback``) depends on how good both are; nor whether the rules'
attributions should rather be the base that the scorer filters
(``rules_first``, :mod:`attrib.pipeline.rerank`). All are decoding
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
# Rules-first decoding (attrib.pipeline.rerank): drop thresholds for rule
# contents, speaker margins (1.0: never replace), thresholds for adding
# learned attributions (above 1: add none).
DROP_THRESHOLDS = (0.05, 0.1, 0.2, 0.3)
SPEAKER_MARGINS = (0.0, 0.2, 0.5, 1.0)
ADD_THRESHOLDS = (0.8, 0.9, 1.01)
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
    rules_first: bool = False
    drop_threshold: float = 0.1
    speaker_margin: float = 0.2

    def describe(self) -> str:
        """One line for the tuning table."""
        if self.rules_first:
            head = (f"rules_first drop {self.drop_threshold:.2f} "
                    f"speaker_margin {self.speaker_margin:.2f} add {self.threshold:.2f}")
        else:
            head = (f"threshold {self.threshold:.2f} source {self.source_threshold:.2f} "
                    f"rule_fallback {str(self.rule_fallback):5s} "
                    f"rule_boundaries {str(self.rule_boundaries):5s}")
        return f"{head} P {self.p:.3f} R {self.r:.3f} F {self.f:.3f}"


def _grid(thresholds: Iterable[float]) -> list[dict]:
    """Every decoding setting tried: learned-first, then rules-first."""
    learned = [
        {"threshold": t, "source_threshold": 0.0 if source_any else t, "rule_fallback": fb,
         "rule_boundaries": bounds, "rules_first": False}
        for fb, bounds, source_any, t in product((False, True), (False, True), (False, True),
                                                 thresholds)
    ]
    first = [
        {"threshold": add, "source_threshold": 0.0, "rule_fallback": False,
         "rule_boundaries": False, "rules_first": True, "drop_threshold": drop,
         "speaker_margin": margin}
        for drop, margin, add in product(DROP_THRESHOLDS, SPEAKER_MARGINS, ADD_THRESHOLDS)
    ]
    return learned + first


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
    for values in _grid(thresholds):
        for doc, links in zip(docs, rule_links, strict=True):
            doc._.set(LINKS_ATTR, copy.deepcopy(links))
        for name, value in values.items():
            setattr(rel, name, value)
        rel.set_annotations(docs, prediction)
        preds = [doc_to_record(doc, doc_id=rec.get("id", i))
                 for i, (doc, rec) in enumerate(zip(docs, dev_records, strict=True))]
        score = evaluate(gold, preds)["attribution"]["all"]
        results.append(Setting(f=score["f"], p=score["p"], r=score["r"], **values))
    best = max(results, key=lambda s: (s.f, s.p, s.rule_boundaries))
    if write:
        config_path = model_dir / "config.cfg"
        config = util.load_config(config_path, interpolate=False)
        section = config["components"][COMPONENT]
        for name in ("threshold", "source_threshold", "rule_fallback", "rule_boundaries",
                     "rules_first", "drop_threshold", "speaker_margin"):
            section[name] = getattr(best, name)
        config.to_disk(config_path)
    return best, results
