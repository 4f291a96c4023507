"""Checks on annotated records that doccano's UI lets through.

doccano accepts any span the mouse selects and any relation between spans,
so pulled annotations are checked against the GUIDELINES: spans on word
boundaries, relations going from a CUE to the right kind of span, one
source per CUE, one cue per CONTENT. Problems are reported, never fixed
silently: the record is written as the annotator left it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..exchange import validate_record
from .convert import Problem, doc_key

_RELATION_TARGET = {"source": "SOURCE", "content": "CONTENT"}
_TATWEEL = "\u0640"


def _is_word_char(ch: str) -> bool:
    """Letters, digits, combining marks (harakat) and tatweel continue a word."""
    return ch.isalnum() or ch == _TATWEEL or unicodedata.category(ch).startswith("M")


def boundary_problems(text: str, start: int, end: int) -> list[str]:
    """Why a span [start, end) is not a whole-word span ('' when it is)."""
    found = []
    piece = text[start:end]
    if piece != piece.strip():
        found.append("starts or ends with whitespace")
    if 0 < start < len(text) and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        found.append("starts inside a word")
    if 0 < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        found.append("ends inside a word")
    return found


def check_record(record: Mapping[str, Any]) -> list[Problem]:
    doc = doc_key(record.get("id"))
    problems = [Problem(doc, p) for p in validate_record(record)]
    text = record.get("text")
    if not isinstance(text, str):
        return problems
    entities = {e.get("id"): e for e in record.get("entities") or []}

    def name(eid: Any) -> str:
        e = entities[eid]
        return f"{e['label']} {e['start_offset']}-{e['end_offset']} {_quote(text, e)}"

    for eid, e in entities.items():
        try:
            start, end = int(e["start_offset"]), int(e["end_offset"])
        except (KeyError, TypeError, ValueError):
            continue
        for why in boundary_problems(text, start, end):
            problems.append(Problem(doc, f"{name(eid)} {why}"))
    sources: Counter[Any] = Counter()
    cues_of_content: Counter[Any] = Counter()
    for rel in record.get("relations") or []:
        src, dst, rtype = rel.get("from_id"), rel.get("to_id"), rel.get("type")
        if src not in entities or dst not in entities:
            continue  # already reported by validate_record
        target = _RELATION_TARGET.get(rtype)
        if entities[src]["label"] != "CUE" or entities[dst]["label"] != target:
            problems.append(Problem(doc, f"{rtype} relation from {name(src)} to {name(dst)} "
                                         f"should go from a CUE to a {target}"))
        if rtype == "source":
            sources[src] += 1
        elif rtype == "content":
            cues_of_content[dst] += 1
    for eid, count in sources.items():
        if count > 1:
            problems.append(Problem(doc, f"{name(eid)} has {count} sources"))
    for eid, e in entities.items():
        if e.get("label") != "CONTENT":
            continue
        if cues_of_content[eid] == 0:
            problems.append(Problem(doc, f"{name(eid)} has no cue (no incoming content relation)"))
        elif cues_of_content[eid] > 1:
            problems.append(Problem(doc, f"{name(eid)} has {cues_of_content[eid]} cues"))
    return problems


def _quote(text: str, entity: Mapping[str, Any]) -> str:
    piece = " ".join(text[entity["start_offset"]:entity["end_offset"]].split())
    return repr(piece if len(piece) <= 30 else piece[:29] + "…")
