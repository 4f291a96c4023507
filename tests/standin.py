"""A tiny deterministic stand-in pipeline for I/O tests.

The readers, writers and CLI must be testable without depending on how good
the rule pipeline is. This component finds a few verbs of saying and builds
attributions the way the real pipelines must (through ``set_attributions``),
so the expected output of any sentence is obvious from the sentence:

* ``قال``/``وقال``/``أكد``/``أكدت``/``أضاف``/``وأضاف`` is the CUE;
* the tokens up to ``إن``/``أن``/``:`` are the SOURCE (none: the speaker is
  the previous SOURCE, as an antecedent);
* the tokens after that, up to ``.`` or the end, are the CONTENT.

A text containing ``BOOM`` makes it raise, to test per-document failures.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

import attrib  # noqa: F401  (registers the tokenizer and Doc extensions)
from attrib.model import Attribution, kind_of, set_attributions
from attrib.tokenizer import blank

CUES = {"قال", "وقال", "أكد", "أكدت", "أضاف", "وأضاف"}
BOUNDARIES = {"إن", "أن", ":"}
STOPS = {".", "\n"}
FAIL_MARK = "BOOM"
NAME = "attrib_test_standin"


@Language.component(NAME)
def standin(doc: Doc) -> Doc:
    if FAIL_MARK in doc.text:
        raise ValueError("stand-in asked to fail")
    attributions = []
    previous: Span | None = None
    i = 0
    while i < len(doc):
        if doc[i].text not in CUES:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].text not in BOUNDARIES and doc[j].text not in STOPS:
            j += 1
        if j >= len(doc) or doc[j].text not in BOUNDARIES:
            i = j
            continue
        k = j + 1
        while k < len(doc) and doc[k].text not in STOPS:
            k += 1
        if k == j + 1:
            i = k
            continue
        cue, content = doc[i : i + 1], doc[j + 1 : k]
        source = doc[i + 1 : j] if j > i + 1 else None
        attributions.append(
            Attribution(
                cue=cue, contents=(content,), source=source,
                antecedent=None if source is not None else previous,
                kind=kind_of([content]), confidence=0.5,
            )
        )
        previous = source or previous
        i = k
    set_attributions(doc, attributions)
    return doc


def make_standin() -> Language:
    nlp = blank()
    nlp.add_pipe(NAME)
    return nlp


def save_standin(path: Path) -> str:
    """The stand-in saved as a pipeline directory, for ``--model PATH``."""
    make_standin().to_disk(path)
    return str(path)
