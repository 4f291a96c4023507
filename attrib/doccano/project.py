"""The doccano project definition, read from ``annotation/`` (data, not code).

``annotation/project.json`` holds the project settings, the span and relation
types with colours and shortcut keys; its ``guideline_files`` become the
project's guideline. The labels must be exactly those of the annotation
scheme (``attrib/data/scheme.json``): a project that could hold a label the
evaluator does not know would lose annotations silently on the way back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..scheme import RELATION_TYPES, SPAN_LABELS

ENV_DIR = "ATTRIB_ANNOTATION_DIR"


class DefinitionError(ValueError):
    """The project definition is missing or does not match the scheme."""


@dataclass(frozen=True)
class ProjectDefinition:
    description: str
    project_type: str
    settings: dict[str, Any]
    span_types: list[dict[str, Any]]
    relation_types: list[dict[str, Any]]
    guideline: str


def definition_dir() -> Path:
    """``$ATTRIB_ANNOTATION_DIR``, else ``annotation/`` at the repository root."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    return Path(__file__).resolve().parents[2] / "annotation"


def load_definition(directory: Path | None = None) -> ProjectDefinition:
    directory = Path(directory) if directory else definition_dir()
    path = directory / "project.json"
    if not path.is_file():
        raise DefinitionError(
            f"{path}: project definition not found (set {ENV_DIR} to the annotation/ folder)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DefinitionError(f"{path}:{e.lineno}: invalid JSON: {e.msg}") from e
    spans = [t["text"] for t in data.get("span_types", [])]
    relations = [t["text"] for t in data.get("relation_types", [])]
    if sorted(spans) != sorted(SPAN_LABELS) or sorted(relations) != sorted(RELATION_TYPES):
        raise DefinitionError(
            f"{path}: span types {spans} / relation types {relations} differ from the "
            f"scheme's {list(SPAN_LABELS)} / {list(RELATION_TYPES)}"
        )
    settings = dict(data.get("settings", {}))
    if not (settings.get("allow_overlapping") and settings.get("use_relation")):
        raise DefinitionError(f"{path}: settings must allow overlapping spans and relations")
    parts = []
    for name in data.get("guideline_files", []):
        part = directory / name
        if not part.is_file():
            raise DefinitionError(f"{path}: guideline file {part} is missing")
        parts.append(part.read_text(encoding="utf-8").strip())
    return ProjectDefinition(
        description=data.get("description", ""),
        project_type=data.get("project_type", "SequenceLabeling"),
        settings=settings,
        span_types=list(data["span_types"]),
        relation_types=list(data["relation_types"]),
        guideline="\n\n---\n\n".join(parts),
    )
