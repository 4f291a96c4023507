"""Token features for the trainable components, computed from the Doc alone.

Why custom features: Arabic has no lemmatizer in spaCy and clitics glue onto
words (``وقال``, ``فقال``, ``للوزير``), so the hashed features are taken on the
*matching* form of :func:`attrib.text.normalize` (alef/hamza/ya folding,
diacritics and tatweel dropped) plus a clitic-stripped stem. The dense
features carry what a small CNN cannot see in its window: whether a token is
inside a quotation (direct contents run for whole paragraphs), where
paragraphs and sentences end, and what the rule pipeline proposed (its span
groups), so learned components can build on the rules instead of
re-learning them from 280 articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..scheme import QUOTE_MARKS, SPAN_GROUPS, SPAN_LABELS
from ..text import normalize

OPENING_QUOTES = "«“„‟"
CLOSING_QUOTES = "»”"
SYMMETRIC_QUOTES = "".join(q for q in QUOTE_MARKS if q not in OPENING_QUOTES + CLOSING_QUOTES)
SENTENCE_END = {".", "!", "?", "؟"}
CLITIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")

N_HASH_FEATURES = 5
# inside-quote, quote mark, paragraph start, sentence start, sentence end,
# then B/I for each rule span group label.
N_DENSE_FEATURES = 5 + 2 * len(SPAN_LABELS)


def stem(norm: str) -> str:
    """The normalised word with one leading clitic cluster removed, kept
    only when at least three letters remain (so ``وقال`` and ``قال`` meet)."""
    for prefix in CLITIC_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 3:
            return norm[len(prefix):]
    return norm


@lru_cache(maxsize=200_000)
def _word_hashes(text: str) -> tuple[int, int, int, int]:
    """Hashes of a word's normalised form, stem, and the stem's first and
    last three letters (hashed, not added to the StringStore: a corpus run
    must not grow the vocabulary)."""
    norm = normalize(text)
    base = stem(norm)
    return (get_string_id("N:" + norm), get_string_id("S:" + base),
            get_string_id("P:" + base[:3]), get_string_id("X:" + base[-3:]))


def hash_features(doc: Doc) -> numpy.ndarray:
    """(n_tokens, N_HASH_FEATURES) uint64: normalised form, stem, its first
    and last three letters, and the shape."""
    out = numpy.zeros((len(doc), N_HASH_FEATURES), dtype="uint64")
    for i, token in enumerate(doc):
        out[i, :4] = _word_hashes(token.text)
        out[i, 4] = token.shape
    return out


def token_texts(doc: Doc) -> list[str]:
    """The token strings, computed once and shared by the feature functions
    (iterating Tokens is the slow part of feature extraction)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array("ORTH").tolist()] if len(doc) else []


def quote_mask(texts: Sequence[str]) -> numpy.ndarray:
    """1.0 for tokens inside a quotation, quote marks included.

    Quotations are tracked per paragraph: an unclosed quotation ends where
    the paragraph ends (GUIDELINES, CONTENT), and a symmetric mark (``"``)
    opens when no quotation is open and closes otherwise.
    """
    mask = [0.0] * len(texts)
    inside = False
    for i, text in enumerate(texts):
        if "\n" in text:
            inside = False
        elif text in OPENING_QUOTES or (text in SYMMETRIC_QUOTES and not inside):
            inside = True
            mask[i] = 1.0
        elif text in CLOSING_QUOTES or text in SYMMETRIC_QUOTES:
            mask[i] = 1.0
            inside = False
        elif inside:
            mask[i] = 1.0
    return numpy.asarray(mask, dtype="float32")


def boundary_flags(texts: Sequence[str]) -> numpy.ndarray:
    """(n_tokens, 3): paragraph start, sentence start, sentence end."""
    rows = []
    new_para = new_sent = True
    for text in texts:
        if "\n" in text or text.isspace():
            new_para = new_sent = True
            rows.append((0.0, 0.0, 0.0))
            continue
        end = text in SENTENCE_END
        rows.append((float(new_para), float(new_sent), float(end)))
        new_para, new_sent = False, end
    return numpy.asarray(rows, dtype="float32").reshape((len(texts), 3))


def rule_tags(doc: Doc, groups: Sequence[str]) -> numpy.ndarray:
    """(n_tokens, 2 * len(groups)): B and I flags of the spans in each group
    (the rule pipeline's CUE/SOURCE/CONTENT), zero when a group is absent."""
    tags = numpy.zeros((len(doc), 2 * len(groups)), dtype="float32")
    for g, key in enumerate(groups):
        if key not in doc.spans:
            continue
        for span in doc.spans[key]:
            tags[span.start, 2 * g] = 1.0
            tags[span.start + 1:span.end, 2 * g + 1] = 1.0
    return tags


def dense_features(doc: Doc, groups: Sequence[str] | None = None,
                   texts: Sequence[str] | None = None) -> numpy.ndarray:
    """(n_tokens, N_DENSE_FEATURES) float32 for one doc."""
    groups = list(groups) if groups is not None else [SPAN_GROUPS[lab] for lab in SPAN_LABELS]
    texts = token_texts(doc) if texts is None else texts
    mask = quote_mask(texts)[:, None]
    marks = numpy.asarray([t in QUOTE_MARKS for t in texts], dtype="float32")[:, None]
    return numpy.hstack([mask, marks, boundary_flags(texts), rule_tags(doc, groups)])


def sentence_index(texts: Sequence[str]) -> numpy.ndarray:
    """Running sentence and paragraph number of every token, (n_tokens, 2),
    from punctuation and newlines (no parser is needed or assumed)."""
    rows = []
    sent = para = 0
    for text in texts:
        rows.append((sent, para))
        if "\n" in text:
            sent += 1
            para += 1
        elif text in SENTENCE_END:
            sent += 1
    return numpy.asarray(rows, dtype="int32").reshape((len(texts), 2))
