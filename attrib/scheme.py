"""The annotation scheme of GUIDELINES.md as one loaded data file.

Labels, relation types and span-group names are data (``data/scheme.json``) so
that the doccano project definition, the pipeline and the evaluator can never
disagree about them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def scheme() -> dict[str, Any]:
    with resources.files("attrib").joinpath("data/scheme.json").open(encoding="utf-8") as fh:
        return json.load(fh)


SPAN_LABELS: tuple[str, ...] = tuple(scheme()["span_labels"])
RELATION_TYPES: tuple[str, ...] = tuple(scheme()["relation_types"])
SPAN_GROUPS: dict[str, str] = dict(scheme()["span_groups"])
QUOTE_MARKS: str = scheme()["quote_marks"]
EDGE_PUNCTUATION: str = scheme()["edge_punctuation"]


# A straight apostrophe inside a text is as often an elision as a quote.
_INNER_QUOTE = re.compile("[" + re.escape(QUOTE_MARKS.replace("'", "")) + "]")


def content_kind(content: str) -> str:
    """Classify a CONTENT text: quoted from its start (direct), partly quoted
    (mixed: ``أنه "..."`` keeps the complementizer outside), or not quoted."""
    stripped = content.strip(EDGE_PUNCTUATION)
    if not stripped:
        return "indirect"
    if stripped[0] in QUOTE_MARKS:
        return "direct"
    if _INNER_QUOTE.search(stripped):
        return "mixed"
    return "indirect"


def is_direct(kind: str) -> bool:
    """Direct/indirect split used for scores: mixed content is quoted speech."""
    return kind in ("direct", "mixed")
