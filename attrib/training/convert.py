"""GUIDELINES JSONL ⇄ spaCy ``DocBin``, without losing anything.

A converted Doc carries, besides the gold attributions that
:func:`attrib.exchange.record_to_doc` sets (what training needs):

* span group ``attrib_entities``: every entity of the record, in order,
  with ``user_data["attrib_entity_ids"]`` holding their ids (ids may be
  ints or strings; span groups could not keep the type);
* ``user_data["attrib_relations"]``: the relations as they were;
  (these ``user_data`` values are JSON text, so any JSON survives msgpack);
* ``user_data["attrib_extra"]``: the record's ``id`` and other keys
  (``meta``, ``outlet``, ...);
* ``user_data["attrib_unplaced"]``: entities no token covers (whitespace
  only), kept verbatim so the way back still has them.

Entities that do not fall on token boundaries are expanded to the tokens
that cover them, and every such snap is reported. Converting back therefore
gives the same record, except for snapped offsets, which the report lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from ..exchange import RESERVED_KEYS, CharSpan, char_span, record_to_doc

ENTITY_GROUP = "attrib_entities"
IDS_KEY = "attrib_entity_ids"
RELATIONS_KEY = "attrib_relations"
EXTRA_KEY = "attrib_extra"
UNPLACED_KEY = "attrib_unplaced"


@dataclass
class Report:
    """What a conversion did besides copying: snaps, and skipped records."""

    converted: int = 0
    snapped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.converted} documents converted, {len(self.snapped)} spans snapped "
                f"to token boundaries, {len(self.errors)} records skipped")


def record_to_gold_doc(nlp: Language, record: Mapping[str, Any], origin: str = "",
                       report: Report | None = None) -> Doc:
    """The training Doc of one record, with everything needed to get it back."""
    snapped: list[str] = []
    doc = record_to_doc(nlp.make_doc, record, snapped)
    entities, ids, unplaced = [], [], []
    for ent in record.get("entities") or []:
        span = char_span(doc, CharSpan(ent["label"], int(ent["start_offset"]),
                                       int(ent["end_offset"])))
        if span is None or len(span) == 0:
            snapped.append(f"{ent['label']} {ent['start_offset']}-{ent['end_offset']}: "
                           "no tokens cover it, kept as it is")
            unplaced.append(dict(ent))
            continue
        entities.append(Span(doc, span.start, span.end, label=ent["label"]))
        ids.append(ent["id"])
    doc.spans[ENTITY_GROUP] = entities
    # Stored as JSON text: msgpack would turn lists into tuples and refuse
    # integers beyond 64 bits, and the way back must give the record as it was.
    doc.user_data[IDS_KEY] = json.dumps(ids, ensure_ascii=False)
    doc.user_data[RELATIONS_KEY] = json.dumps(record.get("relations") or [], ensure_ascii=False)
    doc.user_data[EXTRA_KEY] = json.dumps(
        {k: v for k, v in record.items() if k not in RESERVED_KEYS or k == "id"},
        ensure_ascii=False,
    )
    doc.user_data[UNPLACED_KEY] = json.dumps(unplaced, ensure_ascii=False)
    if report is not None:
        report.converted += 1
        prefix = f"{origin}: " if origin else ""
        report.snapped.extend(prefix + s for s in snapped)
    return doc


def gold_doc_to_record(doc: Doc) -> dict[str, Any]:
    """The exchange record of a converted Doc (the inverse of the above)."""
    def stored(key: str, default: str) -> Any:
        return json.loads(doc.user_data.get(key) or default)

    extra = stored(EXTRA_KEY, "{}")
    record: dict[str, Any] = {"id": extra.pop("id", None), "text": doc.text}
    ids = stored(IDS_KEY, "[]")
    group = doc.spans.get(ENTITY_GROUP, [])
    if len(ids) != len(group):
        raise ValueError(f"document {record['id']}: {len(group)} entity spans but "
                         f"{len(ids)} entity ids; was it converted by attrib convert?")
    entities = [
        {"id": eid, "label": span.label_, "start_offset": span.start_char,
         "end_offset": span.end_char}
        for eid, span in zip(ids, group, strict=True)
    ]
    entities.extend(stored(UNPLACED_KEY, "[]"))
    record["entities"] = entities
    record["relations"] = stored(RELATIONS_KEY, "[]")
    record.update(extra)
    return record


def records_to_docbin(nlp: Language, records: Iterable[tuple[str, Mapping[str, Any]]],
                      report: Report | None = None) -> DocBin:
    """``records`` are (origin, record) pairs; origin names file:line."""
    docbin = DocBin(store_user_data=True)
    for origin, record in records:
        docbin.add(record_to_gold_doc(nlp, record, origin, report))
    return docbin


def docbin_to_records(docbin: DocBin, vocab: Vocab) -> Iterator[dict[str, Any]]:
    for doc in docbin.get_docs(vocab):
        yield gold_doc_to_record(doc)
