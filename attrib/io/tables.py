"""Attributions as table rows: one row per CONTENT span.

A CONTENT is the unit the evaluator counts, and a row per content keeps every
column scalar, so CSV, Parquet and ``attrib.to_frame`` share one flat schema
(:data:`COLUMNS`). Documents without attributions give no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from spacy.tokens import Doc

# (column, kind) in output order; kind drives the Parquet schema and dtypes.
SCHEMA: tuple[tuple[str, str], ...] = (
    ("doc_id", "string"),
    ("attribution", "int"),
    ("speaker", "string"),
    ("speaker_start", "int"),
    ("speaker_end", "int"),
    ("source", "string"),
    ("source_start", "int"),
    ("source_end", "int"),
    ("antecedent", "string"),
    ("antecedent_start", "int"),
    ("antecedent_end", "int"),
    ("implicit", "bool"),
    ("cue", "string"),
    ("cue_start", "int"),
    ("cue_end", "int"),
    ("content", "string"),
    ("content_start", "int"),
    ("content_end", "int"),
    ("kind", "string"),
    ("confidence", "float"),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _ in SCHEMA)
_SPAN_ROLES = ("speaker", "source", "antecedent", "cue")


def rows_from_attributions(
    doc_id: Any, attributions: Iterable[Mapping[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Rows for one document from ``Attribution.as_dict()`` dicts.

    ``attribution`` numbers the attributions of a document from 0, so rows of
    one multi-content attribution can be grouped back together.
    """
    for index, att in enumerate(attributions):
        base: dict[str, Any] = {"doc_id": None if doc_id is None else str(doc_id),
                                "attribution": index}
        for role in _SPAN_ROLES:
            span = att.get(role)
            base[role] = span["text"] if span else None
            base[f"{role}_start"] = span["start"] if span else None
            base[f"{role}_end"] = span["end"] if span else None
        base["implicit"] = bool(att.get("implicit"))
        base["kind"] = att.get("kind")
        base["confidence"] = att.get("confidence")
        for content in att.get("contents") or []:
            yield {
                **base,
                "content": content["text"],
                "content_start": content["start"],
                "content_end": content["end"],
            }


def arrow_schema() -> pa.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(),
             "float": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in SCHEMA])


def frame_from_rows(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the fixed columns and nullable dtypes (missing offsets
    stay ``<NA>`` instead of turning the column into floats)."""
    import pandas as pd

    dtypes = {"string": "string", "int": "Int64", "bool": "boolean", "float": "Float64"}
    frame = pd.DataFrame(list(rows), columns=list(COLUMNS))
    return frame.astype({name: dtypes[kind] for name, kind in SCHEMA})


def frame_from_docs(docs: Iterable[Doc], ids: Iterable[Any] | None = None) -> pd.DataFrame:
    """One row per attribution content of processed docs; ``ids`` name the
    docs (their position in ``docs`` when not given)."""
    pairs = enumerate(docs) if ids is None else zip(ids, docs, strict=True)
    rows: list[dict[str, Any]] = []
    try:
        for doc_id, doc in pairs:
            rows.extend(rows_from_attributions(doc_id, (a.as_dict() for a in doc._.attributions)))
    except ValueError as exc:
        if "zip()" in str(exc):
            raise ValueError("to_frame: 'ids' and 'docs' differ in length") from exc
        raise
    return frame_from_rows(rows)
