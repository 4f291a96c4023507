"""Thinc architectures of the trainable components, registered in spaCy's
``architectures`` registry so configs and saved pipelines can rebuild them.

* ``attrib.ArabicEmbed.v1``: the embedding layer of the CNN tok2vec
  (hashed normalised forms plus dense quote/boundary/rule features, see
  :mod:`attrib.pipeline.features`), for ``spacy.Tok2Vec.v2``.
* ``attrib.BIOTagger.v1``: per-token logits, one B/I/O triple per label;
  the component applies a softmax per label (labels may overlap).
* ``attrib.PairScorer.v1``: one logit per (cue, target) token-span pair,
  from the first, last and mean token vectors of both spans and a vector
  of pair features (distance, sentences crossed, rule links).
* ``attrib.numpy_blas.v1`` (a callback for ``[nlp.after_pipeline_creation]``):
  runs the pipeline's CPU matrix products on numpy's BLAS instead of
  cython-blis, see :func:`use_numpy_blas`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    Dropout,
    HashEmbed,
    Linear,
    Maxout,
    Model,
    NumpyOps,
    Relu,
    chain,
    concatenate,
    with_array,
    zero_init,
)
from thinc.types import Floats2d, Ints2d

from .features import N_DENSE_FEATURES, N_HASH_FEATURES, dense_features, hash_features

PairInput = tuple[list[Doc], list[Ints2d], list[Floats2d]]


def use_numpy_blas(nlp: Language, blas_threads: int | None = 1) -> Language:
    """Switch every CPU (``NumpyOps``) layer of ``nlp`` to numpy's matrix
    product, limited to ``blas_threads`` BLAS threads (None: leave as is).

    Why: thinc's default CPU ops multiply with cython-blis, whose kernels ran
    the CNN's products about 3x slower than numpy's OpenBLAS on our
    machines, and the products are most of the trained pipeline's time. The
    arithmetic is the same (only the summation order inside a product may
    differ). One thread, because documents are parallelised by processes
    (``n_process``, dask workers), and BLAS threads contending with those
    and with each other made things slower, not faster; the limit applies
    to the whole process (that is how BLAS libraries work)."""
    ops = None
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                ops = ops or NumpyOps(use_blis=False)
                node.ops = ops
    if ops is not None and blas_threads is not None:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError as exc:
            raise ImportError("attrib.numpy_blas.v1: limiting BLAS threads needs threadpoolctl "
                              "(pip install threadpoolctl), or set blas_threads = null") from exc
        threadpool_limits(limits=blas_threads, user_api="blas")
    return nlp


@registry.callbacks("attrib.numpy_blas.v1")
def make_numpy_blas(blas_threads: int | None = 1) -> Callable[[Language], Language]:
    """``[nlp.after_pipeline_creation]`` callback applying :func:`use_numpy_blas`."""

    def apply(nlp: Language) -> Language:
        return use_numpy_blas(nlp, blas_threads)

    return apply


@registry.architectures("attrib.ArabicEmbed.v1")
def build_arabic_embed(
    width: int, rows: int, rule_groups: list[str], dropout: float | None = None
) -> Model[list[Doc], list[Floats2d]]:
    """Hash embeddings of normalised forms, concatenated with the dense
    features and mixed down to ``width`` by a Maxout layer."""
    hashed = chain(
        Model("attrib_hash_features", _hash_forward),
        with_array(
            concatenate(
                *[
                    HashEmbed(width, rows, column=i, seed=11 + i, dropout=dropout)
                    for i in range(N_HASH_FEATURES)
                ]
            )
        ),
    )
    dense = Model(
        "attrib_dense_features", _dense_forward, attrs={"rule_groups": list(rule_groups)}
    )
    return chain(
        concatenate(hashed, dense),
        with_array(Maxout(width, nI=width * N_HASH_FEATURES + N_DENSE_FEATURES, nP=3,
                          dropout=0.0, normalize=True)),
    )


def _hash_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
    out = [model.ops.asarray(hash_features(doc), dtype="uint64") for doc in docs]
    return out, lambda d_out: []


def _dense_forward(
    model: Model, docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable]:
    groups = model.attrs["rule_groups"]
    out = [model.ops.asarray2f(dense_features(doc, groups)) for doc in docs]
    return out, lambda d_out: []


@registry.architectures("attrib.WithFeatures.v1")
def build_with_features(
    tok2vec: Model[list[Doc], list[Floats2d]], width: int, rule_groups: list[str]
) -> Model[list[Doc], list[Floats2d]]:
    """Any tok2vec (e.g. a transformer listener) plus the dense features,
    mixed down to ``width``: the transformer config's way to see the rules."""
    joined: Model[list[Doc], list[Floats2d]] = Model(
        "attrib_append_features",
        _append_forward,
        layers=[tok2vec],
        refs={"tok2vec": tok2vec},
        attrs={"rule_groups": list(rule_groups)},
        init=_append_init,
    )
    model = chain(joined, with_array(Maxout(width, nP=2, normalize=True)))
    model.set_ref("tok2vec", tok2vec)
    return model


def _append_init(model: Model, X: Any = None, Y: Any = None) -> Model:
    model.get_ref("tok2vec").initialize(X=X)
    return model


def _append_forward(
    model: Model, docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Callable]:
    """tok2vec output with the dense features appended; the gradient flows
    only into tok2vec (a listener's backprop may return None, which thinc's
    ``concatenate`` cannot add up)."""
    tokvecs, bp_tokvecs = model.get_ref("tok2vec")(docs, is_train)
    groups = model.attrs["rule_groups"]
    xp = model.ops.xp
    out = [xp.hstack([vecs, model.ops.asarray2f(dense_features(doc, groups))])
           for vecs, doc in zip(tokvecs, docs, strict=True)]
    widths = [vecs.shape[1] for vecs in tokvecs]

    def backprop(d_out: list[Floats2d]) -> Any:
        return bp_tokvecs([d[:, :w] for d, w in zip(d_out, widths, strict=True)])

    return out, backprop


@registry.architectures("attrib.BIOTagger.v1")
def build_bio_tagger(
    tok2vec: Model[list[Doc], list[Floats2d]], nO: int | None = None
) -> Model[list[Doc], list[Floats2d]]:
    """tok2vec followed by a zero-initialised linear layer (``output`` ref)."""
    output = Linear(nO=nO, init_W=zero_init)
    model = chain(tok2vec, with_array(output))
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("output", output)
    return model


@registry.architectures("attrib.PairScorer.v1")
def build_pair_scorer(
    tok2vec: Model[list[Doc], list[Floats2d]], hidden_width: int, n_pair_features: int
) -> Model[PairInput, Floats2d]:
    """Scores span pairs. Input: docs, per doc an (n_pairs, 4) int array of
    token bounds ``cue_start, cue_end, target_start, target_end`` and an
    (n_pairs, n_pair_features) float array. Output: (total_pairs, 1) logits."""
    mlp = chain(Relu(hidden_width), Dropout(0.1), Linear(1))
    model: Model[PairInput, Floats2d] = Model(
        "attrib_pair_scorer",
        _pair_forward,
        layers=[tok2vec, mlp],
        refs={"tok2vec": tok2vec, "mlp": mlp},
        attrs={"n_pair_features": n_pair_features},
        init=_pair_init,
    )
    return model


def _pair_init(model: Model, X: Any = None, Y: Any = None) -> Model:
    tok2vec = model.get_ref("tok2vec")
    docs = X[0] if X is not None else None
    tok2vec.initialize(X=docs)
    width = tok2vec.get_dim("nO")
    n_in = 6 * width + model.attrs["n_pair_features"]
    model.get_ref("mlp").initialize(X=model.ops.alloc2f(2, n_in))
    return model


def _span_reps(
    model: Model, X: Floats2d, starts: Ints2d, ends: Ints2d
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """First, last and mean token vector of each span: (n_spans, 3 * width).
    The mean uses a prefix sum so long contents cost the same as short ones."""
    xp = model.ops.xp
    n, width = X.shape
    cumsum = xp.vstack([xp.zeros((1, width), dtype=X.dtype), xp.cumsum(X, axis=0)])
    lengths = (ends - starts).astype(X.dtype)[:, None]
    mean = (cumsum[ends] - cumsum[starts]) / lengths
    out = xp.hstack([X[starts], X[ends - 1], mean])

    def backprop(d_out: Floats2d) -> Floats2d:
        dX = xp.zeros((n, width), dtype=X.dtype)
        xp.add.at(dX, starts, d_out[:, :width])
        xp.add.at(dX, ends - 1, d_out[:, width:2 * width])
        d_mean = d_out[:, 2 * width:] / lengths
        diff = xp.zeros((n + 1, width), dtype=X.dtype)
        xp.add.at(diff, starts, d_mean)
        xp.add.at(diff, ends, -d_mean)
        dX += xp.cumsum(diff, axis=0)[:n]
        return dX

    return out, backprop


def _pair_forward(model: Model, X: PairInput, is_train: bool) -> tuple[Floats2d, Callable]:
    docs, bounds, feats = X
    tok2vec = model.get_ref("tok2vec")
    mlp = model.get_ref("mlp")
    tokvecs, bp_tokvecs = tok2vec(docs, is_train)
    width = tokvecs[0].shape[1] if tokvecs else tok2vec.get_dim("nO")
    rows = []
    callbacks = []
    for vecs, b, f in zip(tokvecs, bounds, feats, strict=True):
        if len(b) == 0:
            rows.append(model.ops.alloc2f(0, 6 * width + f.shape[1]))
            callbacks.append(None)
            continue
        cue, bp_cue = _span_reps(model, vecs, b[:, 0], b[:, 1])
        tgt, bp_tgt = _span_reps(model, vecs, b[:, 2], b[:, 3])
        rows.append(model.ops.xp.hstack([cue, tgt, f]))
        callbacks.append((bp_cue, bp_tgt, vecs.shape))
    H = model.ops.xp.vstack(rows) if rows else model.ops.alloc2f(0, mlp.get_dim("nI"))
    scores, bp_mlp = mlp(H, is_train)

    def backprop(d_scores: Floats2d) -> list[Floats2d]:
        dH = bp_mlp(d_scores)
        d_tokvecs = []
        offset = 0
        for row, cb, vecs in zip(rows, callbacks, tokvecs, strict=True):
            n = row.shape[0]
            if cb is None:
                d_tokvecs.append(model.ops.alloc2f(*vecs.shape))
                continue
            bp_cue, bp_tgt, _ = cb
            d = dH[offset:offset + n]
            offset += n
            d_tokvecs.append(bp_cue(d[:, :3 * width]) + bp_tgt(d[:, 3 * width:6 * width]))
        return bp_tokvecs(d_tokvecs)

    return scores, backprop
