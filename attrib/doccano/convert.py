"""Exchange records ⇄ doccano's JSONL(Relation) lines, losslessly.

What doccano does to a record, and what this module does against it:

* Keys other than text/entities/relations become the example's ``meta``; on
  export doccano writes ``{"id": <database id>, "text": ..., **meta}`` through
  a pandas DataFrame, so a meta key ``id`` would overwrite the database id,
  keys missing in some lines come back as ``null`` and integers as floats.
  Hence the original document id and every extra field travel verbatim in one
  JSON string (``_attrib``); the readable copies shown beside the text
  (``doc_id``, ``attributions``, ``title``...) are for annotators only.
* Entity and relation ids come back as database ids (large, non-contiguous):
  they are renumbered 1..n in text order, and relations remapped.
* The browser counts offsets in UTF-16 code units, Python in code points; they
  differ after any character outside the BMP (emoji), so offsets are converted
  on the way in and out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..exchange import RESERVED_KEYS, record_attributions
from ..scheme import RELATION_TYPES, SPAN_LABELS

DOC_ID_KEY = "doc_id"
SUMMARY_KEY = "attributions"
ORIGINAL_KEY = "_attrib"
# Meta keys that would collide with doccano's own export columns.
_NOT_DISPLAYED = {*RESERVED_KEYS, DOC_ID_KEY, SUMMARY_KEY, ORIGINAL_KEY,
                  "Comments", "label", "labels", "cats"}
SNIPPET_CHARS = 40


@dataclass(frozen=True)
class Problem:
    """Something wrong with one document, reported rather than hidden."""

    doc: str
    message: str

    def __str__(self) -> str:
        return f"{self.doc}: {self.message}"


# --- offsets -----------------------------------------------------------------

def _utf16_index(text: str) -> list[int] | None:
    """UTF-16 offset of every code-point offset, or None when they agree."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return None
    index = [0]
    for ch in text:
        index.append(index[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return index


def to_utf16(text: str, offsets: Sequence[int]) -> list[int]:
    index = _utf16_index(text)
    return list(offsets) if index is None else [index[o] for o in offsets]


def from_utf16(text: str, offsets: Sequence[int]) -> list[int | None]:
    """Code-point offsets; None for one that falls inside a surrogate pair."""
    index = _utf16_index(text)
    if index is None:
        return list(offsets)
    back = {u: i for i, u in enumerate(index)}
    return [back.get(o) for o in offsets]


# --- the readable summary ----------------------------------------------------

def _snippet(text: str, max_chars: int = SNIPPET_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= max_chars else flat[: max_chars - 1].rstrip() + "…"


def summarize(record: Mapping[str, Any]) -> str:
    """One line per attribution: ``1. وقال ← الحكيم: "مستجدات…"``."""
    text = record["text"]
    lines = []
    for i, att in enumerate(record_attributions(record), start=1):
        cue = _snippet(text[att.cue.start:att.cue.end], 20)
        source = _snippet(text[att.source.start:att.source.end], 30) if att.source else "∅"
        contents = " + ".join(_snippet(text[c.start:c.end]) for c in att.contents) or "∅"
        lines.append(f"{i}. {cue} ← {source}: {contents}")
    return "\n".join(lines) if lines else "—"


# --- push --------------------------------------------------------------------

def doc_key(doc_id: Any) -> str:
    """The string under which a document id is shown and matched in doccano."""
    return doc_id if isinstance(doc_id, str) else json.dumps(doc_id, ensure_ascii=False)


def _display(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def to_doccano_lines(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Import lines for valid exchange records (see ``validate_record``): every
    line gets the same meta keys, so doccano's DataFrame has no gaps."""
    shown = sorted({k for r in records for k in r if k not in _NOT_DISPLAYED})
    return [_to_line(r, shown) for r in records]


def _to_line(record: Mapping[str, Any], shown: Iterable[str]) -> dict[str, Any]:
    text = record["text"]
    entities = sorted(
        record.get("entities") or [],
        key=lambda e: (e["start_offset"], e["end_offset"], _label_rank(e["label"])),
    )
    new_id = {e["id"]: i for i, e in enumerate(entities, start=1)}
    line: dict[str, Any] = {"text": text, "entities": [], "relations": []}
    for e in entities:
        start, end = to_utf16(text, [int(e["start_offset"]), int(e["end_offset"])])
        line["entities"].append(
            {"id": new_id[e["id"]], "label": e["label"], "start_offset": start, "end_offset": end}
        )
    for i, r in enumerate(record.get("relations") or [], start=1):
        line["relations"].append(
            {"id": i, "from_id": new_id[r["from_id"]], "to_id": new_id[r["to_id"]],
             "type": r["type"]}
        )
    original = {
        "id": record.get("id"),
        "has_id": "id" in record,
        "keys": list(record),
        "extra": {k: v for k, v in record.items() if k not in RESERVED_KEYS},
    }
    line[DOC_ID_KEY] = doc_key(record.get("id"))
    line[SUMMARY_KEY] = summarize(record)
    for key in shown:
        line[key] = _display(record[key]) if key in record else ""
    line[ORIGINAL_KEY] = json.dumps(original, ensure_ascii=False)
    return line


def _label_rank(label: str) -> int:
    return SPAN_LABELS.index(label) if label in SPAN_LABELS else len(SPAN_LABELS)


# --- pull --------------------------------------------------------------------

def from_doccano_line(line: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The exchange record for one exported line. Ids are renumbered; what
    cannot be restored exactly (dangling or duplicate relations, duplicate
    spans, offsets inside a surrogate pair) is listed in ``problems``."""
    text = line.get("text") or ""
    original = _original(line, problems)
    doc = doc_key(original["id"])

    def report(message: str) -> None:
        problems.append(Problem(doc, message))

    spans: dict[Any, tuple[int, int, str]] = {}
    for ent in line.get("entities") or []:
        start, end = from_utf16(text, [ent["start_offset"], ent["end_offset"]])
        if start is None or end is None:
            report(f"{ent['label']} span {ent['start_offset']}-{ent['end_offset']} "
                   "splits a character (UTF-16 surrogate pair); dropped")
            continue
        spans[ent["id"]] = (start, end, ent["label"])
    order = sorted(set(spans.values()), key=lambda s: (s[0], s[1], _label_rank(s[2])))
    number = {s: i for i, s in enumerate(order, start=1)}
    if len(order) < len(spans):
        report(f"{len(spans) - len(order)} duplicate span(s) merged")
    relations: list[tuple[int, int, str]] = []
    for rel in line.get("relations") or []:
        ends = (spans.get(rel.get("from_id")), spans.get(rel.get("to_id")))
        if None in ends:
            report(f"relation {rel.get('type')} {rel.get('from_id')}->{rel.get('to_id')} "
                   "points at a missing span; dropped")
            continue
        triple = (number[ends[0]], number[ends[1]], rel.get("type"))
        if triple in relations:
            report(f"duplicate {rel.get('type')} relation dropped")
            continue
        relations.append(triple)
    relations.sort(key=lambda t: (t[0], _type_rank(t[2]), t[1]))
    body = {
        "text": text,
        "entities": [
            {"id": i, "label": s[2], "start_offset": s[0], "end_offset": s[1]}
            for s, i in number.items()
        ],
        "relations": [
            {"id": i, "from_id": f, "to_id": t, "type": ty}
            for i, (f, t, ty) in enumerate(relations, start=1)
        ],
    }
    return _assemble(original, body)


def _type_rank(rtype: str) -> int:
    return RELATION_TYPES.index(rtype) if rtype in RELATION_TYPES else len(RELATION_TYPES)


def _original(line: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The pushed document's id and extra fields; for an example that did not
    come from ``push`` (uploaded by hand), its doccano id and visible meta."""
    raw = line.get(ORIGINAL_KEY)
    if isinstance(raw, str):
        try:
            original = json.loads(raw)
            if isinstance(original, dict) and "extra" in original:
                return original
        except json.JSONDecodeError:
            pass
    doc_id = f"doccano-{line.get('id')}"
    problems.append(Problem(doc_id, "example was not pushed by attrib (no document id in its "
                                    "meta); its doccano id and meta are used"))
    extra = {k: v for k, v in line.items() if k not in _NOT_DISPLAYED and v is not None}
    return {"id": doc_id, "has_id": True, "keys": ["id", "text", "entities", "relations"],
            "extra": extra}


def _assemble(original: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """Rebuild the record in its original key order; entities and relations
    go where they were, or after the text when the input had none."""
    record: dict[str, Any] = {}
    extra = original.get("extra", {})
    keys = list(original.get("keys") or [])
    for key in ("text", "entities", "relations"):
        if key not in keys:
            keys.append(key)
    if original.get("has_id") and "id" not in keys:
        keys.insert(0, "id")
    for key in keys:
        if key == "id":
            if original.get("has_id"):
                record["id"] = original.get("id")
        elif key in body:
            record[key] = body[key]
        elif key in extra:
            record[key] = extra[key]
    for key, value in extra.items():
        record.setdefault(key, value)
    return record


# --- comparison --------------------------------------------------------------

def annotation_sets(record: Mapping[str, Any]) -> tuple[set, set]:
    """Spans as (label, start, end) and relations as (from-span, to-span, type):
    what a round trip must keep, whatever the ids."""
    spans = {
        e["id"]: (e["label"], int(e["start_offset"]), int(e["end_offset"]))
        for e in record.get("entities") or []
    }
    relations = {
        (spans.get(r["from_id"]), spans.get(r["to_id"]), r["type"])
        for r in record.get("relations") or []
    }
    return set(spans.values()), relations


def diff_records(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    """Differences that matter between two versions of one document; empty
    when text, spans, relations and every other field agree."""
    found = []
    if expected.get("text") != actual.get("text"):
        found.append("text differs")
    (e_spans, e_rels), (a_spans, a_rels) = annotation_sets(expected), annotation_sets(actual)
    for what, e, a in (("span", e_spans, a_spans), ("relation", e_rels, a_rels)):
        if e - a:
            found.append(f"{len(e - a)} {what}(s) missing, e.g. {sorted(e - a, key=str)[0]}")
        if a - e:
            found.append(f"{len(a - e)} extra {what}(s), e.g. {sorted(a - e, key=str)[0]}")
    for key in sorted(set(expected) | set(actual)):
        if key in ("text", "entities", "relations"):
            continue
        if expected.get(key, KeyError) != actual.get(key, KeyError):
            found.append(f"field {key!r} differs")
    return found
