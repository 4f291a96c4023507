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

import numpy
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


def hash_features(doc: Doc) -> numpy.ndarray:
    """(n_tokens, N_HASH_FEATURES) uint64: normalised form, stem, its first
    and last three letters, and the shape."""
    strings = doc.vocab.strings
    out = numpy.zeros((len(doc), N_HASH_FEATURES), dtype="uint64")
    for i, token in enumerate(doc):
        norm = normalize(token.text)
        base = stem(norm)
        out[i, 0] = strings.add("N:" + norm)
        out[i, 1] = strings.add("S:" + base)
        out[i, 2] = strings.add("P:" + base[:3])
        out[i, 3] = strings.add("X:" + base[-3:])
        out[i, 4] = token.shape
    return out


def quote_mask(doc: Doc) -> numpy.ndarray:
    """1.0 for tokens inside a quotation, quote marks included.

    Quotations are tracked per paragraph: an unclosed quotation ends where
    the paragraph ends (GUIDELINES, CONTENT), and a symmetric mark (``"``)
    opens when no quotation is open and closes otherwise.
    """
    mask = numpy.zeros((len(doc),), dtype="float32")
    open_at = -1
    for i, token in enumerate(doc):
        text = token.text
        if "\n" in text:
            open_at = -1
            continue
        if text in OPENING_QUOTES or (text in SYMMETRIC_QUOTES and open_at < 0):
            open_at = i
            mask[i] = 1.0
        elif text in CLOSING_QUOTES or text in SYMMETRIC_QUOTES:
            mask[i] = 1.0
            open_at = -1
        elif open_at >= 0:
            mask[i] = 1.0
    return mask


def boundary_flags(doc: Doc) -> numpy.ndarray:
    """(n_tokens, 3): paragraph start, sentence start, sentence end."""
    flags = numpy.zeros((len(doc), 3), dtype="float32")
    new_para, new_sent = True, True
    for i, token in enumerate(doc):
        if "\n" in token.text or token.is_space:
            new_para = new_sent = True
            continue
        flags[i, 0] = float(new_para)
        flags[i, 1] = float(new_sent)
        new_para = new_sent = False
        if token.text in SENTENCE_END:
            flags[i, 2] = 1.0
            new_sent = True
    return flags


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


def dense_features(doc: Doc, groups: Sequence[str] | None = None) -> numpy.ndarray:
    """(n_tokens, N_DENSE_FEATURES) float32 for one doc."""
    groups = list(groups) if groups is not None else [SPAN_GROUPS[lab] for lab in SPAN_LABELS]
    mask = quote_mask(doc)[:, None]
    marks = numpy.array(
        [[1.0 if t.text in QUOTE_MARKS else 0.0] for t in doc], dtype="float32"
    ).reshape((len(doc), 1))
    return numpy.hstack([mask, marks, boundary_flags(doc), rule_tags(doc, groups)])


def sentence_index(doc: Doc) -> numpy.ndarray:
    """Running sentence and paragraph number of every token, (n_tokens, 2),
    from punctuation and newlines (no parser is needed or assumed)."""
    out = numpy.zeros((len(doc), 2), dtype="int32")
    sent = para = 0
    for i, token in enumerate(doc):
        out[i] = (sent, para)
        if "\n" in token.text:
            sent += 1
            para += 1
        elif token.text in SENTENCE_END:
            sent += 1
    return out
