"""Trainable CUE/SOURCE/CONTENT span detection (factory ``attrib_span_tagger``).

Approach: one B/I/O tag sequence *per label*, predicted jointly from a shared
tok2vec (``attrib.BIOTagger.v1``: 3 logits per label, softmax per label).

Why this and not a span classifier or one tag sequence:

* Spans of different labels overlap and nest (an inner CUE and SOURCE inside
  an outer indirect CONTENT), which one tag sequence cannot express; three
  independent sequences can.
* CONTENT spans run up to whole paragraphs (hundreds of tokens). Span
  enumeration (``spancat``) would need a maximum length that large, with a
  quadratic number of candidates; a tagger's cost is linear in the text and
  any length comes for free, while the quote/boundary features tell each
  token whether it sits inside a quotation.
* Nested spans of the *same* label (rare: an indirect CONTENT inside
  another) keep the outer span in training; the inner one is the relation
  component's and rules' business.

Predictions go to the span groups named in ``candidate_keys`` (not the final
``attrib_*`` groups, which :func:`attrib.model.set_attributions` owns); the
relation component turns them into attributions. Training reads the gold
span groups (``attrib_cues``/``attrib_sources``/``attrib_contents``) of the
reference docs, which :func:`attrib.exchange.record_to_doc` fills.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer
from thinc.types import Floats2d

from ..scheme import SPAN_GROUPS, SPAN_LABELS
from .scoring import score_spans
from .update import update_step

TAGS = ("B", "I", "O")
CANDIDATE_KEYS = {label: f"attrib_cand_{label.lower()}" for label in SPAN_LABELS}


@Language.factory(
    "attrib_span_tagger",
    assigns=["doc.spans"],
    default_config={
        "model": {
            "@architectures": "attrib.BIOTagger.v1",
            "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96,
                        "upstream": "*"},
        },
        "labels": list(SPAN_LABELS),
        "candidate_keys": CANDIDATE_KEYS,
        "scorer": {"@scorers": "attrib.span_tagger_scorer.v1"},
    },
    default_score_weights={"cand_f": 0.0, "cand_p": None, "cand_r": None},
)
def make_span_tagger(
    nlp: Language,
    name: str,
    model: Model,
    labels: list[str],
    candidate_keys: dict[str, str],
    scorer: Callable | None,
) -> SpanTagger:
    return SpanTagger(nlp.vocab, model, name, labels=labels, candidate_keys=candidate_keys,
                      scorer=scorer)


class SpanTagger(TrainablePipe):
    """Per-label BIO tagger writing candidate spans to span groups."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "attrib_span_tagger",
        *,
        labels: list[str],
        candidate_keys: dict[str, str],
        scorer: Callable | None = None,
    ) -> None:
        unknown = [label for label in labels if label not in SPAN_GROUPS]
        if unknown:
            raise ValueError(f"attrib_span_tagger: unknown labels {unknown}; "
                             f"the scheme has {list(SPAN_GROUPS)}")
        missing = [label for label in labels if label not in candidate_keys]
        if missing:
            raise ValueError(f"attrib_span_tagger: no candidate_keys entry for {missing}")
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {"labels": list(labels)}
        self.candidate_keys = dict(candidate_keys)
        self.scorer = scorer

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    # -- prediction ---------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> list[Floats2d]:
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            n = 3 * len(self.labels)
            return [self.model.ops.alloc2f(len(doc), n) for doc in docs]
        return self.model.predict(docs)

    def set_annotations(self, docs: Iterable[Doc], scores: list[Floats2d]) -> None:
        for doc, doc_scores in zip(docs, scores, strict=True):
            tags = self.model.ops.to_numpy(doc_scores).reshape((len(doc), len(self.labels), 3))
            best = tags.argmax(axis=2)
            for li, label in enumerate(self.labels):
                doc.spans[self.candidate_keys[label]] = [
                    Span(doc, s, e, label=label) for s, e in decode_bio(best[:, li])
                ]

    # -- training -----------------------------------------------------------
    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "SpanTagger.update")
        docs = [eg.predicted for eg in examples]
        if not any(len(doc) for doc in docs):
            return losses
        return update_step(self, docs, lambda scores: self.get_loss(examples, scores),
                           drop=drop, sgd=sgd, losses=losses)

    def get_loss(
        self, examples: Iterable[Example], scores: list[Floats2d]
    ) -> tuple[float, list[Floats2d]]:
        """Cross-entropy of a softmax per label; tokens whose gold tag is
        unknown (misaligned tokenisation) carry no gradient."""
        xp = self.model.ops.xp
        loss = 0.0
        grads = []
        n_labels = len(self.labels)
        for eg, doc_scores in zip(examples, scores, strict=True):
            gold = xp.asarray(gold_tags(eg, self.labels))
            logits = doc_scores.reshape((-1, n_labels, 3))
            logits = logits - logits.max(axis=2, keepdims=True)
            probs = xp.exp(logits)
            probs /= probs.sum(axis=2, keepdims=True)
            known = gold >= 0
            onehot = xp.zeros_like(probs)
            rows, cols = xp.nonzero(known)
            onehot[rows, cols, gold[rows, cols]] = 1.0
            d = (probs - onehot) * known[:, :, None]
            loss += float(-(xp.log(probs + 1e-9) * onehot).sum())
            grads.append(d.reshape(doc_scores.shape) / max(1, len(examples)))
        return loss, grads

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        """Size the output layer from the labels and initialise on a sample."""
        validate_examples(get_examples(), "SpanTagger.initialize")
        docs = [eg.reference for eg in list(get_examples())[:10]]
        output = self.model.get_ref("output")
        if not output.has_dim("nO"):
            output.set_dim("nO", 3 * len(self.labels))
        self.model.initialize(X=docs)


def decode_bio(tags: numpy.ndarray) -> list[tuple[int, int]]:
    """Token spans from one B(0)/I(1)/O(2) sequence; an I after O opens a
    span too (a missed B should not lose the whole content)."""
    spans = []
    start = -1
    for i, tag in enumerate(tags.tolist()):
        if tag == 0 or (tag == 1 and start < 0):
            if start >= 0:
                spans.append((start, i))
            start = i
        elif tag == 2 and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(tags)))
    return spans


def gold_tags(eg: Example, labels: list[str]) -> numpy.ndarray:
    """(n_predicted_tokens, n_labels) gold tag ids (B=0, I=1, O=2, unknown=-1).

    Reference spans map onto the predicted tokens through the example's
    alignment; same-label spans nested inside a longer one keep the outer."""
    n = len(eg.predicted)
    gold = numpy.full((n, len(labels)), 2, dtype="int32")
    same_tokens = [t.text for t in eg.predicted] == [t.text for t in eg.reference]
    for li, label in enumerate(labels):
        key = SPAN_GROUPS[label]
        spans = list(eg.reference.spans[key]) if key in eg.reference.spans else []
        spans.sort(key=lambda s: (s.start, -s.end))
        covered_until = -1
        for span in spans:
            if same_tokens:
                start, end = span.start, span.end
            else:
                pred = eg.predicted.char_span(span.start_char, span.end_char,
                                              alignment_mode="expand")
                if pred is None:
                    continue
                start, end = pred.start, pred.end
            if start < covered_until:
                continue
            gold[start, li] = 0
            gold[start + 1:end, li] = 1
            covered_until = end
    return gold


__all__ = ["SpanTagger", "decode_bio", "gold_tags", "make_span_tagger", "score_spans"]
