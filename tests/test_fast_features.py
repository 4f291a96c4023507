"""The vectorised feature code against plain per-token / per-pair oracles.

The scans (quote mask, boundaries, sentence numbers) and the pair features
are computed with numpy and loops over flagged tokens only; these tests pin
them to the obvious one-token-at-a-time definitions on random token
sequences, so a speed-up can never silently change what a model sees.
"""

from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import NumpyOps

from attrib.pipeline.features import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    SENTENCE_END,
    SYMMETRIC_QUOTES,
    boundary_flags,
    hash_features,
    quote_mask,
    sentence_index,
    token_flags,
    token_texts,
)
from attrib.pipeline.models import use_numpy_blas
from attrib.pipeline.pairs import (
    CONTENT,
    FROM_FRAME,
    FROM_RULES,
    FROM_TAGGER,
    GAP_BINS,
    N_PAIR_FEATURES,
    SOURCE,
    Window,
    make_candidates,
    pair_bounds,
    pair_features,
)

WORDS = ["قال", "الوزير", "إن", "الحكومة", "ستعمل", "غدا", "وأضاف", "المتحدث"]
SYMBOLS = ["«", "»", "“", "”", '"', ".", "؟", "!", "،", ":", "\n", "\n\n", " ", "«“"]


def random_texts(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(SYMBOLS) for _ in range(n)]


def oracle_scans(texts: list[str]) -> tuple[list[float], list[tuple], list[tuple]]:
    """Quote mask, (para start, sent start, sent end) and (sentence,
    paragraph) number, one token at a time."""
    mask, bounds, numbers = [], [], []
    inside, new_para, new_sent, sent, para = False, True, True, 0, 0
    for text in texts:
        newline = "\n" in text
        if newline:
            inside = False
            mask.append(0.0)
        elif text in OPENING_QUOTES or (text in SYMMETRIC_QUOTES and not inside):
            inside = True
            mask.append(1.0)
        elif text in CLOSING_QUOTES or text in SYMMETRIC_QUOTES:
            inside = False
            mask.append(1.0)
        else:
            mask.append(float(inside))
        if newline or text.isspace():
            new_para = new_sent = True
            bounds.append((0.0, 0.0, 0.0))
        else:
            end = text in SENTENCE_END
            bounds.append((float(new_para), float(new_sent), float(end)))
            new_para, new_sent = False, end
        numbers.append((sent, para))
        sent += int(newline or text in SENTENCE_END)
        para += int(newline)
    return mask, bounds, numbers


@pytest.mark.parametrize("seed", range(30))
def test_scans_match_token_by_token_definition(seed):
    rng = random.Random(seed)
    texts = random_texts(rng, rng.randint(0, 60))
    mask, bounds, numbers = oracle_scans(texts)
    flags = token_flags(texts)
    assert quote_mask(texts).tolist() == mask
    assert quote_mask(flags).tolist() == mask
    assert [tuple(r) for r in boundary_flags(flags).tolist()] == bounds
    assert [tuple(r) for r in sentence_index(flags).tolist()] == numbers
    assert boundary_flags(flags).shape == (len(texts), 3)


def test_hash_features_per_token_and_shape_column():
    doc = spacy.blank("ar")("قال الوزير وقال Test")
    feats = hash_features(doc)
    assert feats.shape == (4, 5) and feats.dtype == numpy.uint64
    # ``وقال`` and ``قال`` share the stem hash but not the form hash.
    assert feats[0, 1] == feats[2, 1] and feats[0, 0] != feats[2, 0]
    assert feats[:, 4].tolist() == [t.shape for t in doc]
    assert hash_features(spacy.blank("ar")("")).shape == (0, 5)


def oracle_pair_row(texts, cand, ci, kind, ti, links):
    """One pair's features, spelled out from the docstring of pair_features."""
    _, _, numbers = oracle_scans(texts)
    quoted = oracle_scans(texts)[0]
    cue = cand.cues[ci]
    target = (cand.sources if kind == SOURCE else cand.contents)[ti]
    before = target[1] <= cue[0]
    gap = cue[0] - target[1] if before else target[0] - cue[1]
    lo, hi = (target[1], cue[0]) if before else (cue[1], target[0])
    a, b = (target[0], cue[0]) if before else (cue[0], target[0])

    def onehot(i, size):
        return [float(j == min(max(i, 0), size - 1)) for j in range(size)]

    def between(spans):
        return sum(1 for s in spans if lo <= s[0] < hi)

    def overlap(x, y):
        return x[0] < y[1] and y[0] < x[1]

    length = target[1] - target[0]
    label = "SOURCE" if kind == SOURCE else "CONTENT"
    row = onehot(kind, 2) + [float(before), float(not before), float(gap <= 1)]
    row += onehot((gap + 1).bit_length() - 1, GAP_BINS)  # floor(log2(gap + 1))
    row += onehot(numbers[b][0] - numbers[a][0], 4) + onehot(numbers[b][1] - numbers[a][1], 3)
    row += onehot(between(cand.cues), 3)
    row += onehot(between(cand.sources if kind == SOURCE else cand.contents), 3)
    row += [float(any(k == kind and overlap(c, cue) and overlap(t, target) for c, k, t in links)),
            float(any(overlap(c, cue) for c, _, _ in links))]
    row += onehot(0 if length == 1 else 1 if length <= 4 else 2 if length <= 16 else 3, 4)
    row += [quoted[cue[0]], quoted[target[0]]]
    for key in (("CUE", cue), (label, target)):
        row += [float(bool(cand.origins.get(key, 0) & f)) for f in (FROM_TAGGER, FROM_RULES)]
    row.append(float(bool(cand.origins.get((label, target), 0) & FROM_FRAME)))
    return row


def random_spans(rng, n, k, max_len):
    out = set()
    for _ in range(k):
        start = rng.randrange(n)
        out.add((start, min(n, start + rng.randint(1, max_len))))
    return sorted(out)


@pytest.mark.parametrize("seed", range(12))
def test_pair_features_match_per_pair_definition(seed):
    rng = random.Random(seed)
    texts = random_texts(rng, 80)
    doc = Doc(spacy.blank("ar").vocab, words=texts, spaces=[False] * len(texts))
    cues = random_spans(rng, 80, 6, 2)
    sources = random_spans(rng, 80, 8, 3)
    contents = random_spans(rng, 80, 8, 20)
    origins = {(label, s): rng.choice([1, 2, 3, 4, 5, 7])
               for label, group in (("CUE", cues), ("SOURCE", sources), ("CONTENT", contents))
               for s in group if rng.random() < 0.7}
    cand = make_candidates(cues, sources, contents, Window(max_distance=60), origins)
    links = [(rng.choice(cues), rng.choice([SOURCE, CONTENT]), rng.choice(contents + sources))
             for _ in range(rng.randint(0, 4))]
    feats = pair_features(doc, cand, links, frame_feature=True)
    assert feats.shape == (len(cand.pairs), N_PAIR_FEATURES + 1)
    assert feats.dtype == numpy.float32 and set(numpy.unique(feats).tolist()) <= {0.0, 1.0}
    expected = [oracle_pair_row(token_texts(doc), cand, *pair, links) for pair in cand.pairs]
    assert feats.tolist() == expected
    assert pair_features(doc, cand, links).tolist() == [r[:-1] for r in expected]
    bounds = pair_bounds(cand).tolist()
    for (ci, kind, ti), row in zip(cand.pairs, bounds, strict=True):
        target = (cand.sources if kind == SOURCE else cand.contents)[ti]
        assert row == [*cand.cues[ci], *target]


def test_no_pairs_gives_empty_arrays():
    doc = spacy.blank("ar")("قال الوزير")
    cand = make_candidates([(0, 1)], [], [], Window())
    assert pair_features(doc, cand, frame_feature=True).shape == (0, N_PAIR_FEATURES + 1)
    assert pair_bounds(cand).shape == (0, 4)


def test_use_numpy_blas_switches_ops_and_keeps_predictions():
    nlp = spacy.blank("ar")
    nlp.add_pipe("tok2vec")
    nlp.initialize()
    doc = nlp.make_doc("قال الوزير إن الحكومة ستعمل غدا")
    model = nlp.get_pipe("tok2vec").model
    before = model.predict([doc])[0]
    assert use_numpy_blas(nlp, blas_threads=None) is nlp
    ops = {id(node.ops) for node in model.walk()}
    assert len(ops) == 1
    assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())
    after = model.predict([doc])[0]
    numpy.testing.assert_allclose(after, before, rtol=1e-4, atol=1e-5)


def test_numpy_blas_callback_is_registered():
    from spacy.util import registry

    make = registry.callbacks.get("attrib.numpy_blas.v1")
    nlp = spacy.blank("ar")
    assert make(blas_threads=None)(nlp) is nlp
