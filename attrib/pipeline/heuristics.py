"""Extra CONTENT candidates from a cue's syntax frame, for the relation scorer.

The tagger often gets an indirect content's *end* wrong (a token short of
the sentence end, or running into the next sentence), and the rules cover
only the cues they know. For every candidate cue this proposes the stretch
GUIDELINES describe: after the complementizer (the rules' lexicon list) or
colon, to the sentence end, or from an opening quotation mark to its closing
one (or the paragraph end). The scorer decides whether to take it; these are
candidates, never output by themselves.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..text import normalize
from .features import CLOSING_QUOTES, OPENING_QUOTES, SENTENCE_END, SYMMETRIC_QUOTES

FRAME_WINDOW = 12
MAX_CONTENT = 300
_TRAILING = {"،", ",", "؛", ";", ":", "-", "–", "—"}


@lru_cache(maxsize=1)
def complementizers() -> frozenset[str]:
    from ..rules.lexicon import load_lexicon

    return frozenset(load_lexicon().words.get("complementizers", frozenset()))


def _is_break(text: str) -> bool:
    return "\n" in text or text in SENTENCE_END


def _quote_end(doc: Doc, start: int) -> int:
    """Index after the quotation opened at ``start`` (or the paragraph end)."""
    opener = doc[start].text
    for i in range(start + 1, min(len(doc), start + MAX_CONTENT)):
        text = doc[i].text
        if "\n" in text:
            return i
        if text in CLOSING_QUOTES or (opener in SYMMETRIC_QUOTES and text == opener):
            return i + 1
    return min(len(doc), start + MAX_CONTENT)


def frame_content(doc: Doc, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The content span the frame after ``cue`` suggests, or None."""
    comps = complementizers()
    start = None
    for i in range(cue[1], min(len(doc), cue[1] + FRAME_WINDOW)):
        text = doc[i].text
        if _is_break(text):
            return None
        if text in OPENING_QUOTES or text in SYMMETRIC_QUOTES:
            start = i
            break
        if text == ":" or normalize(text) in comps:
            start = i + 1
            break
    if start is None or start >= len(doc):
        return None
    if doc[start].text in OPENING_QUOTES or doc[start].text in SYMMETRIC_QUOTES:
        end = _quote_end(doc, start)
    else:
        end = start
        while end < min(len(doc), start + MAX_CONTENT) and not _is_break(doc[end].text):
            end += 1
    while end > start and (doc[end - 1].text in _TRAILING or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end > start else None
