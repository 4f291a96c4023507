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

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc

from ..text import normalize
from .features import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SENTENCE_END,
    SYMMETRIC_QUOTES,
    token_texts,
)

FRAME_WINDOW = 12
MAX_CONTENT = 300
_TRAILING = {"،", ",", "؛", ";", ":", "-", "–", "—"}


@lru_cache(maxsize=1)
def complementizers() -> frozenset[str]:
    from ..rules.lexicon import load_lexicon

    return frozenset(load_lexicon().words.get("complementizers", frozenset()))


def _is_break(text: str) -> bool:
    return "\n" in text or text in SENTENCE_END


def _quote_end(texts: Sequence[str], start: int) -> int:
    """Index after the quotation opened at ``start`` (or the paragraph end)."""
    opener = texts[start]
    for i in range(start + 1, min(len(texts), start + MAX_CONTENT)):
        text = texts[i]
        if "\n" in text:
            return i
        if text in CLOSING_QUOTES or (opener in SYMMETRIC_QUOTES and text == opener):
            return i + 1
    return min(len(texts), start + MAX_CONTENT)


def frame_content(doc: Doc, cue: tuple[int, int],
                  texts: Sequence[str] | None = None) -> tuple[int, int] | None:
    """The content span the frame after ``cue`` suggests, or None
    (``texts``: the doc's :func:`token_texts`, when the caller has them for
    many cues; Token objects are slow to make)."""
    texts = token_texts(doc) if texts is None else texts
    comps = complementizers()
    start = None
    for i in range(cue[1], min(len(texts), cue[1] + FRAME_WINDOW)):
        text = texts[i]
        if _is_break(text):
            return None
        if text in OPENING_QUOTES or text in SYMMETRIC_QUOTES:
            start = i
            break
        if text == ":" or normalize(text) in comps:
            start = i + 1
            break
    if start is None or start >= len(texts):
        return None
    if texts[start] in OPENING_QUOTES or texts[start] in SYMMETRIC_QUOTES:
        end = _quote_end(texts, start)
    else:
        end = start
        while end < min(len(texts), start + MAX_CONTENT) and not _is_break(texts[end]):
            end += 1
    # Token.is_space is str.isspace of the token text.
    while end > start and (texts[end - 1] in _TRAILING or texts[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else None
