"""Push documents into a doccano project, once, and prove they arrived intact.

Inputs are plain articles (``.txt``: one document per file), exchange or
gold JSONL (entities and relations are imported as pre-annotations), or
either run through the pipeline first (``predict``). Documents already in
the project (matched by document id in the example's meta) are skipped, so
a re-run after a failure resumes without duplicates and never overwrites an
annotator's work. doccano reports success even for an import that failed,
so the result is checked: every document present exactly once, and (with
``verify``) its spans and relations exported back equal to what was sent.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exchange import validate_record
from .client import Doccano
from .convert import DOC_ID_KEY, Problem, diff_records, doc_key, from_doccano_line, to_doccano_lines
from .project import ProjectDefinition
from .validate import check_record

COLLABORATIVE_FILE = "all"


@dataclass
class PushReport:
    project_id: int = 0
    created: bool = False
    read: int = 0
    pushed: int = 0
    already_there: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    verified: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.rejected or self.failures)


def read_documents(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Records from JSONL files (``text`` required, the rest kept) and plain
    text files; what cannot be read is a Problem naming file and line."""
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def add(record: dict[str, Any], origin: str) -> None:
        found = validate_record(record)
        if not found and not record["text"].strip():
            found = ["'text' is empty (doccano refuses empty examples)"]
        if found:
            problems.append(Problem(origin, "; ".join(found)))
            return
        key = doc_key(record["id"])
        if key in seen:
            problems.append(Problem(origin, f"document id {key} already used at {seen[key]}"))
            return
        seen[key] = origin
        records.append(record)

    for path in map(Path, paths):
        if path.suffix not in (".jsonl", ".json"):
            add({"id": path.stem, "text": path.read_text(encoding="utf-8")}, str(path))
            continue
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                origin = f"{path}:{lineno}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    problems.append(Problem(origin, f"invalid JSON: {e.msg}"))
                    continue
                if not isinstance(record, dict):
                    problems.append(Problem(origin, "a line must be a JSON object"))
                    continue
                if "id" not in record:
                    record = {"id": f"{path.stem}-{lineno}", **record}
                add(record, origin)
    return records, problems


def predict(records: Sequence[dict[str, Any]], model: str) -> list[dict[str, Any]]:
    """Replace the records' annotations by the pipeline's (``rules`` or a
    trained model), keeping every other field. The caller says so when
    input annotations are being replaced (see :func:`annotated`)."""
    import attrib
    from attrib.exchange import RESERVED_KEYS, doc_to_record

    nlp = attrib.load(model)
    out = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        extra = {k: v for k, v in record.items() if k not in RESERVED_KEYS}
        out.append(doc_to_record(doc, doc_id=record["id"], extra=extra))
    return out


def annotated(records: Sequence[dict[str, Any]]) -> int:
    """How many records carry annotations of their own."""
    return sum(1 for r in records if r.get("entities"))


def push(doccano: Doccano, name: str, records: Sequence[dict[str, Any]],
         definition: ProjectDefinition, verify: bool = True) -> PushReport:
    started = time.monotonic()
    report = PushReport(read=len(records))
    report.project_id, report.created = doccano.ensure_project(name, definition)
    for record in records:
        report.warnings.extend(check_record(record))
    present = Counter(ex["meta"].get(DOC_ID_KEY) for ex in doccano.examples(report.project_id))
    todo = [r for r in records if doc_key(r["id"]) not in present]
    report.already_there = len(records) - len(todo)
    if todo:
        errors = doccano.import_jsonl(report.project_id, to_doccano_lines(todo))
        report.failures.extend(Problem(f"line {e.get('line', '?')}", str(e)) for e in errors)
        present = Counter(ex["meta"].get(DOC_ID_KEY) for ex in doccano.examples(report.project_id))
    for record in todo:
        key = doc_key(record["id"])
        if present[key] == 0:
            report.failures.append(Problem(key, "not in the project after the import"))
        elif present[key] > 1:
            report.failures.append(Problem(key, f"{present[key]} copies in the project"))
        else:
            report.pushed += 1
    if verify and todo:
        report.verified = _verify(doccano, report, todo)
    report.seconds = time.monotonic() - started
    return report


def _verify(doccano: Doccano, report: PushReport, todo: Sequence[dict[str, Any]]) -> int:
    """Export the project and compare each pushed document with what was sent."""
    files = doccano.export(report.project_id)
    lines = files.get(doccano.username) or files.get(COLLABORATIVE_FILE) or []
    scratch: list[Problem] = []
    back = {doc_key(r.get("id")): r for r in (from_doccano_line(x, scratch) for x in lines)}
    verified = 0
    for record in todo:
        key = doc_key(record["id"])
        if key not in back:
            continue  # already reported as missing
        differences = diff_records(record, back[key])
        if differences:
            report.failures.append(Problem(key, "changed on import: " + "; ".join(differences)))
        else:
            verified += 1
    return verified
