"""``attrib_cues``: reporting expressions, from the lexicon and the context.

A token is looked up by its normalised form in the expanded verb table
(:mod:`attrib.rules.lexicon`), so ``وقالت``, ``ﻗﺎﻝ``, ``أكّد`` and ``اكد``
all hit. Forms that are ambiguous (``بين`` = "between", ``ذكر``, ``رأى``)
or light (``تابع``) only count when a content frame follows: a
complementizer, a colon or a quotation. Writers' asides (``يذكر أن``) and
anything inside a direct quotation are never cues. Nominal cues (``بحسب``,
``وفقاً لـ``, ``نقلاً عن``, ``على لسان``) and the headline colon
(``الحكيم: لا تراجع``) are found here too.

Candidates go to ``doc.spans["attrib_cue_candidates"]`` (label VERB, PART,
NOUN or COLON) and their features to ``doc._.attrib_cue_feats`` keyed by
the cue's first token, as plain data so docs still serialise.
"""

from __future__ import annotations

from itertools import compress
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules.lexicon import CueForm, Lexicon, load_lexicon
from ..rules.phrases import PhraseFinder
from ..rules.view import COMMAS, DocView, is_quote

CANDIDATES_KEY = "attrib_cue_candidates"
FEATS_ATTR = "attrib_cue_feats"

if not Doc.has_extension(FEATS_ATTR):
    Doc.set_extension(FEATS_ATTR, default=None)


class CueTagger:
    def __init__(self, lexicon: Lexicon, frame_window: int = 8, headline_max_tokens: int = 6):
        self.lex = lexicon
        self.phrases = PhraseFinder(lexicon)
        nouns = lexicon.words.get("verbal_nouns", frozenset())
        self.triggers = frozenset(set(lexicon.forms) | set(lexicon.nominal_cues) | nouns)
        self.frame_window = frame_window
        self.headline_max_tokens = headline_max_tokens
        self.comp_reach = 18

    # -- frames ---------------------------------------------------------------

    def _is_comp(self, norm: str) -> bool:
        return self.lex.has("complementizers", norm)

    def _opener(self, view: DocView, j: int, preps: tuple[str, ...]) -> bool:
        norm = view.norms[j]
        if norm == ":" or self._is_comp(norm):
            return True
        q = view.quote(j)
        if q is not None and q.start == j:
            return True
        return bool(preps) and self.lex.is_prep_opener(norm, preps)

    def _frame_follows(
        self, view: DocView, i: int, window: int, preps: tuple[str, ...], narrow: bool = False,
        reach: int = 0,
    ) -> bool:
        """A complementizer, colon, quotation or the verb's own preposition
        follows the cue, after at most a subject phrase and ``window`` tokens
        of adjuncts, in the same sentence and before any other cue verb.
        (``بين العراق وإيران`` has no such frame; ``وبين الوزير أن`` has.)"""
        n = len(view)
        j = view.skip_space(i + 1)
        if j >= n:
            return False
        if self._opener(view, j, preps):
            return True
        rng = self.phrases.after(view, j, preps=preps)
        if rng is not None:
            j = rng[1]
        for k in range(j, min(n, j + max(window, reach))):
            if view.is_sentence_end(k):
                return False
            if k >= j + window:
                # past the adjunct window only a complementizer opens the frame
                # (``وذكر X في تعليق على مدونته بشأن ...، أن``)
                if self._far_comp(view, k):
                    return True
                if view.norms[k] in self.lex.forms and not view.punct[k]:
                    return False
                continue
            if narrow and view.texts[k] in COMMAS and k + 1 < n:
                nxt = view.norms[view.skip_space(k + 1)] if view.skip_space(k + 1) < n else ""
                if not (
                    self.lex.has("time_adjuncts", nxt) or self._is_comp(nxt) or nxt == ":"
                    or view.skip_space(k + 1) in view.name_end
                    or view.quote(view.skip_space(k + 1)) is not None
                    or (preps and self.lex.is_prep_opener(nxt, preps))
                ):
                    return False  # ``، يشار إلى أن``: a new clause, not this cue's frame
            if self._opener(view, k, preps):
                return True
            if k > i + 1 and view.norms[k] in self.lex.forms and not view.punct[k]:
                return False
        return False

    def _far_comp(self, view: DocView, k: int) -> bool:
        """A complementizer that closes a long speaker phrase: it follows a
        comma, a closing mark, a definite word or a name (``السمحان أن``,
        ``الأسبوع أن``), not a word that governs a subjunctive ``أن``
        (``قبل أن``, ``يمكن أن``, ``إلا أن``), and it does not coordinate
        (``وأن``)."""
        norm = view.norms[k]
        if not self._is_comp(norm) or norm[:1] in ("و", "ف", "ل"):
            return False
        p = view.skip_space_back(k - 1)
        if p < 0:
            return False
        prev, text = view.norms[p], view.texts[p]
        return (
            text in COMMAS or text in ")-–—" or is_quote(text)
            or prev.startswith("ال") and len(prev) > 3
            or self.lex.has("person_names", prev)
        )

    # -- detection ------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        view = DocView.of(doc)
        spans: list[Span] = []
        feats: dict[str, dict[str, Any]] = {}
        triggers = self.triggers
        covered = -1
        # Only tokens whose form can start a cue are looked at (one set test each).
        for i in list(compress(range(len(view)), map(triggers.__contains__, view.norms))):
            if i < covered or view.quote_at[i] != -1:
                continue  # inside an earlier cue, or inside a direct quotation
            found = self._verb(view, i) or self._nominal(view, i)
            if found is None and self.lex.has("verbal_nouns", view.norms[i]):
                found = self._verbal_noun(view, i, spans)
            if found is not None:
                start, end, label, feat = found
                spans.append(Span(doc, start, end, label=label))
                feats[str(start)] = feat
                covered = end
        for colon in self._headline_colons(view, spans):
            spans.append(Span(doc, colon, colon + 1, label="COLON"))
            feats[str(colon)] = {"kind": "colon", "weight": 0.75, "gender": None, "number": "s"}
        spans.sort(key=lambda s: s.start)
        doc.spans[CANDIDATES_KEY] = spans
        doc._.set(FEATS_ATTR, feats)
        return doc

    def _verb(self, view: DocView, i: int) -> tuple[int, int, str, dict] | None:
        norm = view.norms[i]
        form: CueForm | None = self.lex.forms.get(norm)
        if form is None:
            return None
        j = view.skip_space(i + 1)
        nxt = view.norms[j] if j < len(view) else ""
        prev = view.norms[i - 1] if i > 0 else ""
        if self.lex.has("asides", norm) and (
            self._is_comp(nxt) or nxt in ("الي", "الى", "ان") or nxt == ":"
        ):
            return None
        if self.lex.has("asides", prev) or self._prayer(view, j, form.lemma, nxt):
            return None  # ``الجدير ذكره``, ``داعياً الله أن``: no report
        if self.lex.has("topic_markers", prev) and form.proclitic == "":
            return None  # ``أما راي فاعتبر``: the word after أما is the topic (a name)
        if prev == "ما" and i > 1 and view.norms[i - 2] in self.lex.nominal_cues:
            return None  # ``حسب ما أفاد X``: the nominal cue carries it
        if form.kind == "verb" and form.lemma != norm and self.lex.has("irrealis", prev):
            return None  # ``لم تفصح``, ``من المتوقع أن يعلن``: nothing was said
        participle = form.kind == "participle"
        if participle and self.lex.has("object_first_lemmas", form.lemma) and (
            self.lex.is_prep_opener(nxt, form.preps) or self._is_comp(nxt)
        ):
            return None  # ``متهماً بالسرقة`` is "accused of", not "accusing"
        if self.lex.has("frame_nouns", nxt):
            return None  # ``يحمل المسؤولية``: bears it; ``حمّل X المسؤولية`` blames X
        trailing = not participle and self._trailing(view, i)
        window = self.frame_window
        if participle:
            window = 6 if i > 0 and view.texts[i - 1] in COMMAS else 3
        narrow = self.lex.has("narrow_frame_lemmas", form.lemma)
        if (
            (form.strict or participle)
            and not trailing
            and not self._frame_follows(
                view, i, window, form.preps, narrow, 0 if participle else self.comp_reach
            )
            and not self.phrases.strong_claim_at(view, i + 1)  # ``وبينت أهمية ...``
        ):
            return None
        feat = {
            "kind": form.kind,
            "lemma": form.lemma,
            "gender": form.gender,
            "number": form.number,
            "person": form.person,
            "proclitic": form.proclitic,
            "weight": form.weight,
            "preps": list(form.preps),
        }
        if trailing:
            feat["trailing"] = i - 1 if self.lex.has("trailing_markers", prev) else i - 2
        return i, i + 1, "PART" if participle else "VERB", feat

    def _trailing(self, view: DocView, i: int) -> bool:
        """``...، كما قال مصدر مطلع``, ``... على ما ذكرت المحطة``, ``حسبما
        أفاد``: a verb after ``كما``/``حسبما``/``على ما`` closes the clause
        before it, which is its content (GUIDELINES: a trailing ``حسبما أفاد
        X`` attributes the clause it closes); the clause must not be empty."""
        prev = view.norms[i - 1] if i > 0 else ""
        if self.lex.has("trailing_markers", prev):
            k = i - 1
        elif prev == "ما" and i > 1 and view.norms[i - 2] in ("علي", "على"):
            k = i - 2
        else:
            return False
        start = view.sentence_start(k)
        return any(
            not (view.punct[j] or view.space[j] or view.texts[j] in COMMAS)
            for j in range(start, k)
        ) and not view.is_sentence_end(k - 1)

    def _verbal_noun(self, view: DocView, i: int, spans: list[Span]) -> tuple | None:
        """``إعلان X أن ...``, ``تصريحات X: ...``: a verbal noun whose
        complement is a proposition, when no verb cue already reported this
        sentence (``قال في بيان إن`` has its cue)."""
        sent = view.sentence_start(i)
        if spans and spans[-1].start >= sent:
            return None
        if not self._frame_follows(view, i, self.frame_window, ()):
            return None
        feat = {
            "kind": "verb", "lemma": view.norms[i], "gender": None, "number": "s",
            "person": 3, "proclitic": "", "weight": 0.6, "preps": [], "vnoun": True,
        }
        return i, i + 1, "VNOUN", feat

    def _prayer(self, view: DocView, j: int, lemma: str, nxt: str) -> bool:
        """``دعا الله أن``, ``ندعو أن يعيد ربي``: a prayer, not a call."""
        if nxt in ("لله",) or self.lex.has("deity", nxt):
            return True
        if lemma != "دعا":
            return False
        if self._is_comp(nxt):
            return True
        return any(self.lex.has("deity", view.norms[k]) for k in range(j, min(len(view), j + 4)))

    def _nominal(self, view: DocView, i: int) -> tuple[int, int, str, dict] | None:
        norm = view.norms[i]
        mode = self.lex.nominal_cues.get(norm)
        if mode is None:
            return None
        nxt = view.norms[i + 1] if i + 1 < len(view) else ""
        start = i
        if mode == "after_l" and not (nxt.startswith("ل") and len(nxt) > 1 or nxt == "ل"):
            return None
        if mode == "after_an" and nxt != "عن":
            return None
        if mode == "after_ala":
            if i == 0 or view.norms[i - 1] not in ("علي", "وعلي"):
                return None
            start = i - 1
        if mode == "after" and (
            not nxt or view.punct[i + 1] and i + 1 not in view.name_end or self._is_comp(nxt)
        ):
            return None  # (``بحسب "تسنيم"``: a quoted name still follows)
        feat = {"kind": "noun", "mode": mode, "weight": 0.8, "gender": None, "number": "s",
                "weak": norm in self.lex.words.get("weak_nominal_cues", frozenset())}
        return start, i + 1, "NOUN", feat

    def _headline_colons(self, view: DocView, cues: list[Span]) -> list[int]:
        """Colons that attribute a headline or caption ``X: claim``: a short
        speaker phrase opens the paragraph, no cue precedes the colon, and
        the paragraph goes on after it."""
        doc = view.doc
        cue_tokens = {i for s in cues for i in range(s.start, s.end)}
        out = []
        n = len(doc)
        for i in [i for i, norm in enumerate(view.norms) if norm == ":"]:
            if view.quote_at[i] != -1:
                continue
            start = headline_start(view, self.lex, i)
            words = [j for j in range(start, i) if not view.punct[j]]
            if not words or len(words) > self.headline_max_tokens:
                continue
            if any(j in cue_tokens for j in range(start, i)):
                continue
            if any(
                view.texts[j] in COMMAS or any(ch in view.texts[j] for ch in ".؟!-–—|")
                for j in range(start, i)
            ):  # a byline (``فلان- سبق- الرياض:``) or a sentence, not a speaker
                continue
            first = view.norms[words[0]]
            if self.lex.has("colon_not_cue", first) or self.lex.has(
                "colon_not_cue", view.norms[words[-1]]
            ):
                continue
            if any(view.num[j] for j in words):
                continue
            after = [
                j for j in range(i + 1, min(n, i + 4))
                if not view.space[j] and not view.para_break[j]
            ]
            if len(after) < 2 and not (after and is_quote(view.texts[after[0]])):
                continue
            if any(view.para_break[j] for j in range(i + 1, after[-1] + 1)):
                continue
            out.append(i)
        return out


def headline_start(view: DocView, lex: Lexicon, i: int) -> int:
    """Where the speaker of a headline colon at ``i`` begins: the paragraph's
    first word, past a related-article teaser (``قد يهمك.. فلان: ...``)."""
    start = view.paragraph_start(i)
    while start < i and (view.space[start] or view.punct[start]):
        start += 1
    for width in (2, 1):
        if start + width < i and lex.has("teasers", " ".join(view.norms[start:start + width])):
            start += width
            while start < i and (view.space[start] or view.punct[start]):
                start += 1
            break
    return start


@Language.factory(
    "attrib_cues",
    default_config={"lexicon_dir": None, "frame_window": 8, "headline_max_tokens": 6},
)
def make_cues(
    nlp: Language, name: str, lexicon_dir: str | None, frame_window: int, headline_max_tokens: int
) -> CueTagger:
    return CueTagger(
        load_lexicon(lexicon_dir),
        frame_window=frame_window,
        headline_max_tokens=headline_max_tokens,
    )
