"""The GUIDELINES exchange format (doccano JSONL with relations) in and out.

This is the one format that crosses boundaries: pipeline output, gold files,
doccano push/pull and training input. Records are plain dicts; extra keys
(``meta``, ``outlet``, ...) pass through untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from .model import Attribution, kind_of, set_attributions
from .rules.view import doc_text
from .scheme import RELATION_TYPES, SPAN_LABELS

RESERVED_KEYS = ("id", "text", "entities", "relations")


@dataclass(frozen=True)
class CharSpan:
    label: str
    start: int
    end: int


@dataclass
class CharAttribution:
    """An attribution in character offsets, as the exchange format has it."""

    cue: CharSpan
    source: CharSpan | None = None
    contents: list[CharSpan] = field(default_factory=list)


class RecordError(ValueError):
    """A record that breaks the exchange format; the message says how."""


def doc_to_record(
    doc: Doc,
    doc_id: Any = None,
    extra: Mapping[str, Any] | None = None,
    attributions: Sequence[Attribution] | None = None,
) -> dict:
    """One exchange-format line for a processed doc: entities come from its
    attributions only, so every CUE has content and every CONTENT a cue.
    ``attributions``: ``doc._.attributions`` when the caller has them."""
    entity_ids: dict[tuple[str, int, int], int] = {}
    pending: list[tuple[tuple[str, int, int], tuple[str, int, int], str]] = []

    def key(span: Span, label: str) -> tuple[str, int, int]:
        k = (label, span.start_char, span.end_char)
        entity_ids.setdefault(k, 0)
        return k

    for att in doc._.attributions if attributions is None else attributions:
        cue = key(att.cue, "CUE")
        if att.speaker is not None:
            pending.append((cue, key(att.speaker, "SOURCE"), "source"))
        for content in att.contents:
            pending.append((cue, key(content, "CONTENT"), "content"))
    ordered = sorted(entity_ids, key=lambda k: (k[1], k[2], SPAN_LABELS.index(k[0])))
    for i, k in enumerate(ordered, start=1):
        entity_ids[k] = i
    record: dict[str, Any] = {"id": doc_id, "text": doc_text(doc)}
    record["entities"] = [
        {"id": entity_ids[k], "label": k[0], "start_offset": k[1], "end_offset": k[2]}
        for k in ordered
    ]
    seen: set[tuple[int, int, str]] = set()
    relations = []
    for src, dst, rtype in pending:
        triple = (entity_ids[src], entity_ids[dst], rtype)
        if triple in seen:
            continue
        seen.add(triple)
        relations.append(
            {"id": len(relations) + 1, "from_id": triple[0], "to_id": triple[1], "type": rtype}
        )
    record["relations"] = relations
    for k, v in (extra or {}).items():
        if k not in RESERVED_KEYS:
            record[k] = v
    return record


def validate_record(record: Mapping[str, Any]) -> list[str]:
    """Problems that make a record unusable as gold; empty when it is fine."""
    problems: list[str] = []
    text = record.get("text")
    if not isinstance(text, str):
        return ["'text' is missing or not a string"]
    ids: set[Any] = set()
    for ent in record.get("entities") or []:
        try:
            s, e, label = int(ent["start_offset"]), int(ent["end_offset"]), ent["label"]
        except (KeyError, TypeError, ValueError):
            problems.append(f"entity {ent!r} lacks label/start_offset/end_offset")
            continue
        if label not in SPAN_LABELS:
            problems.append(f"entity {ent.get('id')} has unknown label {label!r}")
        if not 0 <= s < e <= len(text):
            problems.append(f"entity {ent.get('id')} offsets {s}-{e} outside text of {len(text)}")
        if ent.get("id") in ids:
            problems.append(f"entity id {ent.get('id')} is used twice")
        ids.add(ent.get("id"))
    for rel in record.get("relations") or []:
        if rel.get("type") not in RELATION_TYPES:
            problems.append(f"relation {rel.get('id')} has unknown type {rel.get('type')!r}")
        for end in ("from_id", "to_id"):
            if rel.get(end) not in ids:
                problems.append(f"relation {rel.get('id')} points at missing entity {rel.get(end)}")
    return problems


def record_spans(record: Mapping[str, Any]) -> dict[Any, CharSpan]:
    return {
        ent["id"]: CharSpan(ent["label"], int(ent["start_offset"]), int(ent["end_offset"]))
        for ent in record.get("entities") or []
    }


def record_attributions(record: Mapping[str, Any]) -> list[CharAttribution]:
    """Group a record's relations by CUE. A CUE with no relation at all is
    kept (it is a span the evaluator must see); dangling relations are not."""
    spans = record_spans(record)
    by_cue: dict[Any, CharAttribution] = {
        eid: CharAttribution(cue=s) for eid, s in spans.items() if s.label == "CUE"
    }
    for rel in record.get("relations") or []:
        att = by_cue.get(rel.get("from_id"))
        target = spans.get(rel.get("to_id"))
        if att is None or target is None:
            continue
        if rel.get("type") == "source":
            att.source = target
        elif rel.get("type") == "content":
            att.contents.append(target)
    for att in by_cue.values():
        att.contents.sort(key=lambda s: (s.start, s.end))
    return sorted(by_cue.values(), key=lambda a: (a.cue.start, a.cue.end))


def char_span(doc: Doc, span: CharSpan, snapped: list[str] | None = None) -> Span | None:
    """The token span for a character span, expanded to token boundaries;
    every snap is reported in ``snapped`` rather than silently applied."""
    result = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
    if result is None:
        if snapped is not None:
            snapped.append(f"{span.label} {span.start}-{span.end}: no tokens cover it")
        return None
    if (result.start_char, result.end_char) != (span.start, span.end) and snapped is not None:
        snapped.append(
            f"{span.label} {span.start}-{span.end} snapped to "
            f"{result.start_char}-{result.end_char} ({result.text!r})"
        )
    return result


def _crosses_sentence(doc: Doc, a: Span, b: Span) -> bool:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return any(t.text in {".", "\n", "!", "؟", "?"} or "\n" in t.text for t in doc[lo:hi])


def record_to_doc(
    make_doc: Any, record: Mapping[str, Any], snapped: list[str] | None = None
) -> Doc:
    """Build a Doc carrying the record's gold attributions (for training and
    conversion). A SOURCE in another sentence than its CUE becomes the
    ``antecedent`` of an implicit speaker."""
    problems = validate_record(record)
    if problems:
        raise RecordError("; ".join(problems))
    doc = make_doc(record["text"])
    attributions = []
    for att in record_attributions(record):
        cue = char_span(doc, att.cue, snapped)
        if cue is None:
            continue
        contents = tuple(
            s for s in (char_span(doc, c, snapped) for c in att.contents) if s is not None
        )
        speaker = char_span(doc, att.source, snapped) if att.source else None
        implicit = speaker is not None and _crosses_sentence(doc, cue, speaker)
        attributions.append(
            Attribution(
                cue=cue,
                contents=contents,
                source=None if implicit else speaker,
                antecedent=speaker if implicit else None,
                kind=kind_of(contents),
            )
        )
    set_attributions(doc, attributions)
    return doc
