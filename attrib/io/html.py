"""Right-to-left HTML for reading attributions, rendered with displaCy.

displaCy's ``ent`` style shows exact text with character offsets but cannot
draw overlapping spans, and attributions nest (an inner statement lies inside
an indirect CONTENT). :func:`paint` therefore flattens the spans: every
character takes the label of the shortest span covering it, so a CUE or
SOURCE inside a CONTENT shows in its own colour and the CONTENT colour
resumes after it. Every character of the text is rendered exactly once.
Works from exchange records, so Dask results and local ones render alike.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

COLORS = {"CUE": "#f4a261", "SOURCE": "#8ecae6", "CONTENT": "#cdeac0"}
PAGE_HEAD = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>attrib</title>
<style>
body {{ font-family: "Noto Naskh Arabic", "Amiri", serif; margin: 2em; line-height: 1.8; }}
section {{ border-bottom: 1px solid #ccc; padding-bottom: 1em; margin-bottom: 2em; }}
.who-said-what li {{ margin: 0.3em 0; }}
.cue {{ background: {CUE}; }} .source {{ background: {SOURCE}; }}
.content {{ background: {CONTENT}; }}
</style></head>
<body dir="rtl">
""".format(**COLORS)
PAGE_FOOT = "</body>\n</html>\n"


def paint(text_length: int, entities: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Non-overlapping ``{"start","end","label"}`` runs for displaCy: the
    innermost span wins each character; between spans of equal length CUE
    wins over SOURCE over CONTENT (a cue is never hidden)."""
    priority = {"CUE": 0, "SOURCE": 1, "CONTENT": 2}
    owner: list[tuple[int, int, str] | None] = [None] * text_length
    ranked = sorted(
        entities,
        key=lambda e: (-(e["end_offset"] - e["start_offset"]), -priority.get(e["label"], 3)),
    )
    for ent in ranked:  # longest first, so shorter spans overwrite
        key = (ent["start_offset"], ent["end_offset"], ent["label"])
        for i in range(max(ent["start_offset"], 0), min(ent["end_offset"], text_length)):
            owner[i] = key
    runs: list[dict[str, Any]] = []
    i = 0
    while i < text_length:
        key = owner[i]
        j = i + 1
        while j < text_length and owner[j] == key:
            j += 1
        if key is not None:
            runs.append({"start": i, "end": j, "label": key[2]})
        i = j
    return runs


def _span_html(span: Mapping[str, Any] | None, css: str) -> str:
    if not span:
        return "<i>—</i>"
    return f'<span class="{css}">{html.escape(span["text"])}</span>'


def who_said_what(attributions: Iterable[Mapping[str, Any]]) -> str:
    """An ordered list: speaker (resolved when implicit) — cue — contents."""
    items = []
    for att in attributions:
        speaker = _span_html(att.get("speaker"), "source")
        if att.get("implicit"):
            speaker += " <small>(implicit)</small>"
        contents = " … ".join(_span_html(c, "content") for c in att.get("contents") or [])
        items.append(
            f"<li>{speaker} — {_span_html(att.get('cue'), 'cue')} — {contents}"
            f" <small>[{html.escape(str(att.get('kind')))}]</small></li>"
        )
    if not items:
        return "<p><i>no attribution found</i></p>"
    return '<ol class="who-said-what">\n' + "\n".join(items) + "\n</ol>"


def render_record(record: Mapping[str, Any], attributions: Iterable[Mapping[str, Any]]) -> str:
    """One ``<section>`` for a document: the coloured text and its list."""
    from spacy import displacy
    from spacy.displacy.templates import TPL_ENT_RTL

    text = record["text"]
    data = {
        "text": text,
        "ents": paint(len(text), record.get("entities") or []),
        "title": None,
        "settings": {"lang": "ar", "direction": "rtl"},
    }
    body = displacy.render(
        data, style="ent", manual=True, jupyter=False,
        options={"colors": COLORS, "template": TPL_ENT_RTL},
    )
    title = html.escape(str(record.get("id")))
    return (
        f'<section dir="rtl">\n<h2>{title}</h2>\n{body}\n'
        f"{who_said_what(attributions)}\n</section>\n"
    )
