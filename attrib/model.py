"""Attributions on a spaCy ``Doc``: the one data model every pipeline writes.

Attributions are stored on the Doc as plain token offsets (``doc._.attrib_links``)
so that docs survive ``Doc.to_bytes``/``DocBin`` and multiprocessing, while
``doc._.attributions`` hands users real ``Span`` objects built on demand.
Rule and trained pipelines both finish by calling :func:`set_attributions`,
which also rewrites the CUE/SOURCE/CONTENT span groups, so downstream code
never knows which pipeline ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from .scheme import SPAN_GROUPS, content_kind

LINKS_ATTR = "attrib_links"


@dataclass(frozen=True)
class Attribution:
    """One act of reporting.

    ``source`` is the explicit speaker mention of this statement; when the
    speaker is only implicit (``وأضاف:``, ``مؤكداً``, ``أكدنا``) ``source`` is
    None and ``antecedent`` is the earlier mention the speaker was resolved
    to. The exchange format's ``source`` relation points at :attr:`speaker`.
    """

    cue: Span
    contents: tuple[Span, ...]
    source: Span | None = None
    antecedent: Span | None = None
    kind: str = "indirect"
    confidence: float = 1.0
    features: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def speaker(self) -> Span | None:
        return self.source if self.source is not None else self.antecedent

    @property
    def implicit(self) -> bool:
        return self.source is None and self.antecedent is not None

    def as_dict(self, text: str | None = None) -> dict[str, Any]:
        """Character-offset view, for tables and JSON. ``text`` (the doc's
        text, when the caller has it) is sliced instead of building each
        span's text token by token."""

        def span(s: Span | None) -> dict[str, Any] | None:
            if s is None:
                return None
            start, end = s.start_char, s.end_char
            return {"text": s.text if text is None else text[start:end], "start": start, "end": end}

        return {
            "cue": span(self.cue),
            "source": span(self.source),
            "antecedent": span(self.antecedent),
            "speaker": span(self.speaker),
            "contents": [span(c) for c in self.contents],
            "kind": self.kind,
            "implicit": self.implicit,
            "confidence": round(float(self.confidence), 4),
        }


def kind_of(contents: Iterable[Span], text: str | None = None) -> str:
    """Kind of an attribution from its contents. ``text`` (the doc's text,
    when the caller has it) lets us slice instead of building each span's
    text token by token."""
    if text is None:
        kinds = {content_kind(c.text) for c in contents}
    else:
        kinds = {content_kind(text[c.start_char:c.end_char]) for c in contents}
    if kinds == {"direct"}:
        return "direct"
    if kinds == {"indirect"} or not kinds:
        return "indirect"
    return "mixed"


def _bounds(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def set_attributions(doc: Doc, attributions: Iterable[Attribution]) -> None:
    """Store attributions and make the span groups hold exactly their parts.

    Spans must belong to ``doc``. Duplicated spans (a SOURCE serving several
    CUEs) are kept once in the groups.
    """
    links: list[dict[str, Any]] = []
    groups: dict[str, dict[tuple[int, int], Span]] = {label: {} for label in SPAN_GROUPS}
    for att in sorted(attributions, key=lambda a: (a.cue.start, a.cue.end)):
        if att.cue.doc is not doc:
            raise ValueError("attribution spans must belong to the doc they are set on")
        links.append(
            {
                "cue": _bounds(att.cue),
                "source": _bounds(att.source),
                "antecedent": _bounds(att.antecedent),
                "contents": [_bounds(c) for c in att.contents],
                "kind": att.kind,
                "confidence": float(att.confidence),
            }
        )
        groups["CUE"][(att.cue.start, att.cue.end)] = att.cue
        if att.speaker is not None:
            groups["SOURCE"][(att.speaker.start, att.speaker.end)] = att.speaker
        for content in att.contents:
            groups["CONTENT"][(content.start, content.end)] = content
    for label, key in SPAN_GROUPS.items():
        # Spans already labelled right go in as they are (the group copies them).
        doc.spans[key] = [
            s if s.label_ == label else Span(doc, s.start, s.end, label=label)
            for _, s in sorted(groups[label].items())
        ]
    doc._.set(LINKS_ATTR, links)


def get_attributions(doc: Doc) -> list[Attribution]:
    links = doc._.get(LINKS_ATTR) or []
    out = []
    for link in links:

        def span(bounds: list[int] | None, label: str) -> Span | None:
            return None if bounds is None else Span(doc, bounds[0], bounds[1], label=label)

        out.append(
            Attribution(
                cue=Span(doc, link["cue"][0], link["cue"][1], label="CUE"),
                contents=tuple(Span(doc, s, e, label="CONTENT") for s, e in link["contents"]),
                source=span(link["source"], "SOURCE"),
                antecedent=span(link["antecedent"], "SOURCE"),
                kind=link["kind"],
                confidence=link["confidence"],
            )
        )
    return out


def register_extensions() -> None:
    if not Doc.has_extension(LINKS_ATTR):
        Doc.set_extension(LINKS_ATTR, default=None)
    if not Doc.has_extension("attributions"):
        Doc.set_extension("attributions", getter=get_attributions)


register_extensions()
