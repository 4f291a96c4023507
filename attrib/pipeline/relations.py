"""Trainable relation classifier (factory ``attrib_relations``): turns candidate
CUE/SOURCE/CONTENT spans into :class:`attrib.model.Attribution` objects.

Candidates are the span tagger's spans, the rule pipeline's spans
(``use_rule_candidates``) and, with ``frame_candidates``, the content each
cue's frame suggests (:mod:`attrib.pipeline.heuristics`). Every (cue,
source) and (cue, content) pair inside a window (see
:mod:`attrib.pipeline.pairs`; sources reach several sentences back, because
an implicit speaker is the latest earlier mention) gets a probability from
``attrib.PairScorer.v1``. Decoding follows the GUIDELINES constraints: a cue
takes its best source above ``threshold``; each content goes to its best
cue above ``threshold`` (exactly one incoming relation), contents overlap
only when one statement is nested in another; cues left without content
produce no attribution. A source in another sentence than its cue is
stored as the ``antecedent`` (implicit speaker), as gold docs do.

Training: candidates are the gold spans plus whatever the tagger and rules
put on the predicted doc (both annotate during training), with soft targets
shaped like the project's scoring (:func:`pair_target`), so near misses are
ranked below exact spans rather than taught as plainly wrong. The rules
also contribute their links as pair features and, with ``rule_fallback``,
their attributions whose contents no learned attribution overlaps. With
``rules_first`` it is the other way round: the rules' attributions are the
base, which the scorer filters, re-speaks and tops up
(:mod:`attrib.pipeline.rerank`); ``rule_boundaries`` and ``rule_fallback``
then do not apply. ``threshold``, ``rule_fallback``, ``rules_first`` and its
settings are decoding settings that ``attrib train`` tunes on the dev set
(:mod:`attrib.training.tune`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer
from thinc.types import Floats2d

from ..evaluate import jaccard
from ..exchange import _crosses_sentence
from ..model import LINKS_ATTR, Attribution, get_attributions, kind_of, set_attributions
from ..scheme import SPAN_GROUPS
from .features import token_texts
from .heuristics import frame_content
from .pairs import (
    CONTENT,
    FROM_FRAME,
    FROM_RULES,
    FROM_TAGGER,
    N_PAIR_FEATURES,
    SOURCE,
    Bounds,
    Candidates,
    Window,
    make_candidates,
    pair_bounds,
    pair_features,
)
from .rerank import add_learned, pair_probabilities, rescore_rules
from .span_tagger import CANDIDATE_KEYS
from .update import update_step

Prediction = tuple[list[Candidates], list[Floats2d]]


@Language.factory(
    "attrib_relations",
    assigns=["doc._.attrib_links", "doc.spans"],
    requires=["doc.spans"],
    default_config={
        "model": {
            "@architectures": "attrib.PairScorer.v1",
            "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96,
                        "upstream": "*"},
            "hidden_width": 64,
            "n_pair_features": N_PAIR_FEATURES,
        },
        "candidate_keys": CANDIDATE_KEYS,
        "rule_keys": SPAN_GROUPS,
        "use_rule_candidates": True,
        "frame_candidates": False,
        "gold_candidates": True,
        "threshold": 0.5,
        "source_threshold": 0.0,
        "rule_fallback": False,
        "rule_boundaries": False,
        "fallback_min_confidence": 0.0,
        "rules_first": False,
        "drop_threshold": 0.1,
        "speaker_margin": 0.2,
        "scorer": {"@scorers": "attrib.attribution_scorer.v1"},
    },
    default_score_weights={"att_f": 1.0, "att_p": 0.0, "att_r": 0.0,
                           "att_direct_f": None, "att_indirect_f": None},
)
def make_relations(
    nlp: Language,
    name: str,
    model: Model,
    candidate_keys: dict[str, str],
    rule_keys: dict[str, str],
    use_rule_candidates: bool,
    frame_candidates: bool,
    gold_candidates: bool,
    threshold: float,
    source_threshold: float,
    rule_fallback: bool,
    rule_boundaries: bool,
    fallback_min_confidence: float,
    rules_first: bool,
    drop_threshold: float,
    speaker_margin: float,
    scorer: Callable | None,
) -> RelationScorer:
    return RelationScorer(nlp.vocab, model, name, candidate_keys=candidate_keys,
                          rule_keys=rule_keys if use_rule_candidates else {},
                          frame_candidates=frame_candidates,
                          gold_candidates=gold_candidates,
                          threshold=threshold, source_threshold=source_threshold,
                          rule_fallback=rule_fallback, rule_boundaries=rule_boundaries,
                          fallback_min_confidence=fallback_min_confidence,
                          rules_first=rules_first, drop_threshold=drop_threshold,
                          speaker_margin=speaker_margin, scorer=scorer)


class RelationScorer(TrainablePipe):
    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "attrib_relations",
        *,
        candidate_keys: dict[str, str],
        rule_keys: dict[str, str] | None = None,
        frame_candidates: bool = False,
        gold_candidates: bool = True,
        threshold: float = 0.5,
        source_threshold: float = 0.0,
        rule_fallback: bool = False,
        rule_boundaries: bool = False,
        fallback_min_confidence: float = 0.0,
        rules_first: bool = False,
        drop_threshold: float = 0.1,
        speaker_margin: float = 0.2,
        scorer: Callable | None = None,
        window: Window | None = None,
    ) -> None:
        expected = N_PAIR_FEATURES + int(frame_candidates)
        if model.attrs.get("n_pair_features") != expected:
            raise ValueError(
                f"attrib_relations: model.n_pair_features must be {expected} with "
                f"frame_candidates={frame_candidates} (got {model.attrs.get('n_pair_features')})"
            )
        self.vocab = vocab
        self.model = model
        self.name = name
        self.candidate_keys = dict(candidate_keys)
        self.rule_keys = dict(rule_keys or {})
        self.frame_candidates = frame_candidates
        self.gold_candidates = gold_candidates
        self.threshold = threshold
        self.source_threshold = source_threshold
        self.rule_fallback = rule_fallback
        self.rule_boundaries = rule_boundaries
        self.fallback_min_confidence = fallback_min_confidence
        self.rules_first = rules_first
        self.drop_threshold = drop_threshold
        self.speaker_margin = speaker_margin
        self.window = window or Window()
        self.scorer = scorer
        self.cfg: dict[str, Any] = {}

    # -- inputs -------------------------------------------------------------
    def _predicted_spans(self, doc: Doc) -> dict[tuple[str, Bounds], int]:
        """Tagger and (with ``rule_keys``) rule spans, with FROM_* flags.
        Rule groups are read before this component rewrites them."""
        origins: dict[tuple[str, Bounds], int] = {}
        for keys, flag in ((self.candidate_keys, FROM_TAGGER), (self.rule_keys, FROM_RULES)):
            for label, key in keys.items():
                for span in doc.spans.get(key, []):
                    bounds = (label, (span.start, span.end))
                    origins[bounds] = origins.get(bounds, 0) | flag
        return origins

    def _candidates(self, doc: Doc, extra: dict[tuple[str, Bounds], int] | None = None
                    ) -> Candidates:
        origins = self._predicted_spans(doc)
        for key, flag in (extra or {}).items():
            origins[key] = origins.get(key, 0) | flag
        if self.frame_candidates:
            texts = token_texts(doc)
            for label, bounds in list(origins):
                frame = frame_content(doc, bounds, texts) if label == "CUE" else None
                if frame is not None:
                    origins[("CONTENT", frame)] = origins.get(("CONTENT", frame), 0) | FROM_FRAME

        def of(label: str) -> list[Bounds]:
            return [b for (lab, b) in origins if lab == label]

        return make_candidates(of("CUE"), of("SOURCE"), of("CONTENT"), self.window, origins)

    @staticmethod
    def _rule_links(doc: Doc) -> list[tuple[Bounds, int, Bounds]]:
        """The links the rule pipeline left on the doc (before we overwrite)."""
        out = []
        for link in doc._.get(LINKS_ATTR) or []:
            cue = tuple(link["cue"])
            speaker = link.get("source") or link.get("antecedent")
            if speaker:
                out.append((cue, SOURCE, tuple(speaker)))
            out.extend((cue, CONTENT, tuple(c)) for c in link["contents"])
        return out

    def _inputs(self, docs: list[Doc], cands: list[Candidates]) -> tuple:
        xp = self.model.ops.xp
        bounds, feats = [], []
        for doc, cand in zip(docs, cands, strict=True):
            bounds.append(xp.asarray(pair_bounds(cand), dtype="int32"))
            feats.append(self.model.ops.asarray2f(
                pair_features(doc, cand, self._rule_links(doc), self.frame_candidates)))
        return docs, bounds, feats

    # -- prediction ---------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> Prediction:
        docs = list(docs)
        cands = [self._candidates(d) for d in docs]
        if not any(c.pairs for c in cands):
            return cands, [self.model.ops.alloc2f(0, 1) for _ in docs]
        scores = self.model.ops.sigmoid(self.model.predict(self._inputs(docs, cands)))
        return cands, _split(scores, cands)

    def set_annotations(self, docs: Iterable[Doc], prediction: Prediction) -> None:
        cands, scores = prediction
        for doc, cand, doc_scores in zip(docs, cands, scores, strict=True):
            probs = self.model.ops.to_numpy(doc_scores).ravel().tolist()
            text = doc.text  # built token by token: once per doc, then sliced
            attributions = decode(doc, cand, probs, self.threshold, self.source_threshold,
                                  text=text)
            if self.rules_first:
                kept = rescore_rules(doc, get_attributions(doc), pair_probabilities(cand, probs),
                                     self.drop_threshold, self.speaker_margin)
                set_attributions(doc, add_learned(kept, attributions))
                continue
            if self.rule_boundaries:
                attributions = self._rule_bounds(doc, attributions, text)
            if self.rule_fallback:
                attributions += self._fallback(doc, attributions)
            set_attributions(doc, attributions)

    def _rule_bounds(self, doc: Doc, learned: list[Attribution],
                     text: str | None = None) -> list[Attribution]:
        """Learned contents take the boundaries of the rule content they
        match (token Jaccard >= 0.5): the rules place content ends by the
        GUIDELINES' letter (complementizer out, final stop out), which the
        tagger learns only roughly from 280 articles."""
        rule_contents = sorted({c for _, kind, c in self._rule_links(doc) if kind == CONTENT})
        if not rule_contents:
            return learned
        used: set[Bounds] = set()
        out = []
        for att in learned:
            contents = []
            for content in att.contents:
                bounds = (content.start, content.end)
                best = max(rule_contents, key=lambda r: jaccard(r, bounds))
                if best not in used and jaccard(best, bounds) >= 0.5:
                    used.add(best)
                    content = Span(doc, best[0], best[1], label="CONTENT")
                contents.append(content)
            out.append(replace(att, contents=tuple(contents), kind=kind_of(contents, text)))
        return out

    def _fallback(self, doc: Doc, learned: list[Attribution]) -> list[Attribution]:
        """Rule attributions whose contents no learned content overlaps."""
        if not doc._.get(LINKS_ATTR):
            return []
        taken = [(c.start, c.end) for a in learned for c in a.contents]
        cues = {(a.cue.start, a.cue.end) for a in learned}
        out = []
        for att in get_attributions(doc):
            if att.confidence < self.fallback_min_confidence:
                continue
            if (att.cue.start, att.cue.end) in cues:
                continue
            if any(c.start < e and s < c.end for c in att.contents for s, e in taken):
                continue
            out.append(att)
        return out

    # -- training -----------------------------------------------------------
    def _gold(self, eg: Example) -> tuple[Candidates, list[float]]:
        """Candidates from the reference spans plus whatever the tagger and
        rules put on the predicted doc (when they annotate during training),
        labelled by the reference links (see :func:`pair_target`): the scorer
        sees the near-misses it must rank below exact spans."""
        ref = eg.reference
        if [t.text for t in ref] != [t.text for t in eg.predicted]:
            raise ValueError("attrib_relations: reference and predicted tokens differ; "
                             "build examples with the pipeline's own tokenizer")
        gold_links: dict[Bounds, dict[int, list[Bounds]]] = {}
        for link in ref._.get(LINKS_ATTR) or []:
            targets = gold_links.setdefault(tuple(link["cue"]), {SOURCE: [], CONTENT: []})
            speaker = link.get("source") or link.get("antecedent")
            if speaker:
                targets[SOURCE].append(tuple(speaker))
            targets[CONTENT].extend(tuple(c) for c in link["contents"])
        # Gold spans count as tagger output: the tagger is trained to find
        # them, and a flag never seen at prediction time would be a shortcut.
        # Without ``gold_candidates`` the scorer trains on exactly the
        # candidates it will see at prediction time (stacking on the rules:
        # gold spans the generators miss would teach "unflagged = right").
        gold_spans = {
            (label, (s.start, s.end)): FROM_TAGGER
            for label, key in SPAN_GROUPS.items()
            for s in ref.spans.get(key, [])
        } if self.gold_candidates else {}
        cand = self._candidates(eg.predicted, gold_spans)
        labels = [
            pair_target(cand.cues[ci], kind,
                        (cand.sources if kind == SOURCE else cand.contents)[ti], gold_links)
            for ci, kind, ti in cand.pairs
        ]
        return cand, labels

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
        validate_examples(examples, "RelationScorer.update")
        gold = [self._gold(eg) for eg in examples]
        if not any(c.pairs for c, _ in gold):
            return losses
        docs = [eg.predicted for eg in examples]
        labels = [y for _, ys in gold for y in ys]
        return update_step(self, self._inputs(docs, [c for c, _ in gold]),
                           lambda logits: self._loss(labels, logits),
                           drop=drop, sgd=sgd, losses=losses)

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> tuple[float, Floats2d]:
        """Binary cross-entropy of the pair logits against the reference links
        (pairs in the order :meth:`_gold` makes them)."""
        return self._loss([y for eg in examples for y in self._gold(eg)[1]], scores)

    def _loss(self, labels: list[float], logits: Floats2d) -> tuple[float, Floats2d]:
        xp = self.model.ops.xp
        truth = self.model.ops.asarray2f([[y] for y in labels]).reshape((-1, 1))
        probs = self.model.ops.sigmoid(logits)
        eps = 1e-7
        loss = float(-(truth * xp.log(probs + eps) + (1 - truth) * xp.log(1 - probs + eps)).sum())
        return loss, (probs - truth) / max(1, len(labels))

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        validate_examples(get_examples(), "RelationScorer.initialize")
        examples = list(get_examples())[:10]
        docs = [eg.predicted for eg in examples]
        cands = [self._gold(eg)[0] for eg in examples]
        self.model.initialize(X=self._inputs(docs, cands))


def pair_target(cue: Bounds, kind: int, target: Bounds,
                gold_links: dict[Bounds, dict[int, list[Bounds]]]) -> float:
    """Soft training target of one pair, shaped like the project's scoring:
    1 for the exact gold pair; less for a near miss that the evaluator would
    still accept (a content with Jaccard >= 0.5, an overlapping speaker, a
    cue that overlaps the gold cue); 0 otherwise. Exact spans thus win over
    their near-duplicates, but near misses are not taught as plain wrong."""
    cue_factor, links = 0.0, None
    if cue in gold_links:
        cue_factor, links = 1.0, gold_links[cue]
    else:
        for gold_cue, targets in gold_links.items():
            if gold_cue[0] < cue[1] and cue[0] < gold_cue[1]:
                cue_factor, links = 0.8, targets
                break
    if links is None:
        return 0.0
    best = 0.0
    for gold in links[kind]:
        if gold == target:
            return cue_factor
        score = jaccard(gold, target)
        if kind == SOURCE and score > 0:
            best = max(best, 0.7)
        elif kind == CONTENT and score >= 0.5:
            best = max(best, 0.9 * score)
    return cue_factor * best


def _split(scores: Floats2d, cands: list[Candidates]) -> list[Floats2d]:
    out, offset = [], 0
    for cand in cands:
        n = len(cand.pairs)
        out.append(scores[offset:offset + n])
        offset += n
    return out


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _clash(target: Bounds, cue: Bounds, other: Bounds, other_cue: Bounds) -> bool:
    """Two contents may overlap only as a statement nested inside another
    (``قال الوزير إن الصين تقول إنها ...``): the inner one with its cue lies
    within the outer content."""
    if not _overlap(target, other):
        return False
    if _inside(target, other) and _inside(cue, other) and target != other:
        return False
    return not (_inside(other, target) and _inside(other_cue, target) and target != other)


def decode(doc: Doc, cand: Candidates, probs: list[float], threshold: float,
           source_threshold: float | None = None, text: str | None = None) -> list[Attribution]:
    """Attributions from pair probabilities under the GUIDELINES constraints
    (``text``: the doc's text, when the caller has it, see :func:`kind_of`).

    Sources have their own threshold (default: the content one): nearly
    every statement has a speaker (99% in the gold data), so the best
    candidate, even a doubtful one, is usually better than none."""
    source_threshold = threshold if source_threshold is None else source_threshold
    best_source: dict[int, tuple[float, int]] = {}
    content_pairs = []
    for (ci, kind, ti), p in zip(cand.pairs, probs, strict=True):
        if kind == SOURCE and p >= source_threshold and p > best_source.get(ci, (-1.0, -1))[0]:
            best_source[ci] = (p, ti)
        if kind == CONTENT and p >= threshold:
            content_pairs.append((p, ci, ti))
    # Greedy, most probable first: a content goes to one cue, accepted
    # contents overlap only when nested (see _clash), and overlapping cue candidates (``أشار`` vs
    # ``أشار إلى``) do not both become cues.
    contents_of: dict[int, list[tuple[float, int]]] = {}
    taken: list[tuple[Bounds, Bounds]] = []
    for p, ci, ti in sorted(content_pairs, key=lambda x: -x[0]):
        target, cue = cand.contents[ti], cand.cues[ci]
        if any(_clash(target, cue, t, c) for t, c in taken):
            continue
        if any(_overlap(cue, cand.cues[cj]) for cj in contents_of if cj != ci):
            continue
        taken.append((target, cue))
        contents_of.setdefault(ci, []).append((p, ti))
    out = []
    for ci, items in sorted(contents_of.items()):
        cue = Span(doc, *cand.cues[ci], label="CUE")
        contents = tuple(
            Span(doc, *cand.contents[ti], label="CONTENT")
            for _, ti in sorted(items, key=lambda x: x[1])
        )
        source = antecedent = None
        if ci in best_source:
            speaker = Span(doc, *cand.sources[best_source[ci][1]], label="SOURCE")
            if _crosses_sentence(doc, cue, speaker):
                antecedent = speaker
            else:
                source = speaker
        confidence = sum(p for p, _ in items) / len(items)
        out.append(Attribution(cue=cue, contents=contents, source=source, antecedent=antecedent,
                               kind=kind_of(contents, text), confidence=confidence))
    return out
