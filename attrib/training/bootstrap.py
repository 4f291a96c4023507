"""Silver data: the rule pipeline's confident attributions on unlabelled text.

Only attributions whose ``confidence`` reaches ``min_confidence`` are kept
(the rule linker's own ``min_confidence`` is set too when it has one), and
documents left with none are skipped by default, so the silver set trades
recall for precision; the learned components then see more contexts of the
patterns the rules are sure about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..exchange import RESERVED_KEYS, doc_to_record
from ..model import get_attributions, set_attributions
from .records import LineError, read_jsonl


@dataclass
class BootstrapReport:
    read: int = 0
    written: int = 0
    empty: int = 0
    attributions: int = 0
    dropped_low_confidence: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.read} documents read, {self.written} written with "
                f"{self.attributions} attributions ({self.dropped_low_confidence} below the "
                f"confidence threshold dropped), {self.empty} without any skipped, "
                f"{len(self.errors)} bad lines skipped")


def rules_pipeline(min_confidence: float) -> Language:
    """The rule pipeline, with the linker's threshold set when it has one."""
    from spacy import util

    import attrib

    config = util.load_config(attrib.rules_config_path(), interpolate=False)
    linker = config.get("components", {}).get("attrib_linker", {})
    overrides = {}
    if "min_confidence" in linker:
        overrides["components.attrib_linker.min_confidence"] = min_confidence
    return attrib.load(**overrides)


def bootstrap(
    corpus: str | Path,
    nlp: Language,
    *,
    min_confidence: float = 0.8,
    limit: int = 0,
    keep_empty: bool = False,
    report: BootstrapReport | None = None,
    batch_size: int = 32,
) -> Iterator[dict[str, Any]]:
    """Silver exchange records for the first ``limit`` documents (0: all)."""
    report = report if report is not None else BootstrapReport()

    def documents() -> Iterator[tuple[str, dict[str, Any]]]:
        for _origin, item in read_jsonl(corpus, gold=False):
            if isinstance(item, LineError):
                report.errors.append(str(item))
                continue
            if limit and report.read >= limit:
                return
            report.read += 1
            yield item["text"], item

    for doc, item in nlp.pipe(documents(), as_tuples=True, batch_size=batch_size):
        atts = get_attributions(doc)
        kept = [a for a in atts if a.confidence >= min_confidence]
        report.dropped_low_confidence += len(atts) - len(kept)
        if not kept and not keep_empty:
            report.empty += 1
            continue
        set_attributions(doc, kept)
        report.written += 1
        report.attributions += len(kept)
        extra = {k: v for k, v in item.items() if k not in RESERVED_KEYS}
        yield doc_to_record(doc, doc_id=item.get("id"), extra=extra)
