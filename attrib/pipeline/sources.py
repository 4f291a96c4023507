"""``attrib_sources``: the explicit speaker of every cue candidate.

Arabic news is mostly verb-first (``وقال وزير الخارجية ...``), so the
speaker phrase is first looked for after the cue; a cue without a
conjunction that has no phrase after it (``أردوغان يؤكد ...``, ``X قال``)
takes the clause-initial phrase before it. Nominal cues take the phrase after
``بحسب``/``وفقاً لـ``/``نقلاً عن``; a headline colon takes the phrase before
it. Participles (``مؤكداً``) never have their own subject: the linker
resolves them to the main clause's speaker.

Results: ``doc.spans["attrib_source_candidates"]`` and, per cue, a
``source`` entry ([start, end] token offsets or None) in
``doc._.attrib_cue_feats``. Title-led phrases anywhere go to
``doc.spans["attrib_mentions"]`` as antecedents for implicit speakers.
"""

from __future__ import annotations

from itertools import compress

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules.lexicon import Lexicon, load_lexicon
from ..rules.phrases import PhraseFinder
from ..rules.view import COMMAS, DocView, is_quote
from .cues import CANDIDATES_KEY, FEATS_ATTR, headline_start

SOURCES_KEY = "attrib_source_candidates"
# Word classes that open a prepositional phrase at the start of a sentence.
_PREPOSITIONAL = ("adjunct_prepositions", "topic_prepositions", "prepositional_openers")
# Head words of a sentence subject that may be an implicit speaker's antecedent.
_MENTION_HEADS = (
    "titles", "feminine_nouns", "person_names", "organisation_heads", "speaker_heads",
)
MENTIONS_KEY = "attrib_mentions"
# Label of a mention that a feminine verb marks as feminine (``رفضت ماي``).
FEMININE_MENTION = "MENTION_F"


class SourceFinder:
    def __init__(self, lexicon: Lexicon, max_source_tokens: int = 14):
        self.lex = lexicon
        self.phrases = PhraseFinder(lexicon, max_tokens=max_source_tokens)
        # Merged once: looked up for every sentence start.
        words = lexicon.words
        self._heads = frozenset().union(*(words.get(c, ()) for c in _MENTION_HEADS))
        self._prepositional = frozenset().union(*(words.get(c, ()) for c in _PREPOSITIONAL))
        # First words of the turn openers (``من جهته``, ``بدوره``): one set test a sentence.
        self._turn_first = frozenset(w.split()[0] for w in words.get("turn_openers", ()))

    def __call__(self, doc: Doc) -> Doc:
        view = DocView.of(doc)
        feats = doc._.get(FEATS_ATTR) or {}
        found: list[Span] = []
        cues = list(doc.spans[CANDIDATES_KEY]) if CANDIDATES_KEY in doc.spans else []
        for cue in cues:
            feat = feats.setdefault(str(cue.start), {})
            rng, side = self._source(view, cue, feat)
            if rng:  # an in-line space token (NBSP) never ends a span
                end = rng[1]
                while end > rng[0] and view.space[end - 1]:
                    end -= 1
                rng = (rng[0], end) if end > rng[0] else None
            feat["source"] = list(rng) if rng else None
            feat["source_side"] = side
            if rng:
                feat["source_gender"] = self.phrases.gender(view, *rng)
                found.append(Span(doc, rng[0], rng[1], label="SOURCE"))
        doc.spans[SOURCES_KEY] = found
        doc.spans[MENTIONS_KEY] = self._mentions(view, cues)
        doc._.set(FEATS_ATTR, feats)
        return doc

    def _source(self, view: DocView, cue: Span, feat: dict) -> tuple[tuple[int, int] | None, str]:
        kind = feat.get("kind")
        if kind == "participle":
            return None, ""
        if kind == "colon":
            start = headline_start(view, self.lex, cue.start)
            rng = self._trimmed(view, start, cue.start)
            return rng, "before" if rng else ""
        if kind == "noun":
            j = cue.end
            nxt = view.norms[j + 1] if j + 1 < len(view) else ""
            after_ma = view.norms[j] in ("ما", "لما")
            reported = after_ma and nxt in self.lex.forms
            if after_ma and (reported or self.lex.has("time_adjuncts", nxt)):
                # ``حسب ما أعلنت وسائل إعلام``, ``وفقاً لما جاء في موقع ...``
                j = self._skip_addressee(view, j + 2)
                if j < len(view) and view.norms[j] in ("في", "عن", "به", "علي"):
                    j += 1
            if feat.get("mode") in ("after_l", "after_an"):
                nxt = view.norms[j] if j < len(view) else ""
                if nxt in ("عن", "ل"):
                    j += 1
                elif nxt.startswith("ل"):
                    # ``لـ`` glued to the speaker stays inside the span.
                    pass
            rng = self.phrases.after(view, j)
            if rng and feat.get("weak") and not reported and not self._speaker_like(view, rng[0]):
                # ``وفق الإجراء المتبع``: a manner, not a speaker (but ``وفق ما
                # أعلن متحدثون`` is a report whoever the speaker is)
                feat["reject"] = not (
                    feat.get("mode") == "after_l" and self._lam_speaker(view, rng[0])
                )
            if rng and rng[1] - rng[0] > 1 and self.lex.has("speech_act_nouns", view.norms[rng[0]]):
                rng = (view.skip_space(rng[0] + 1), rng[1])  # ``بحسب تعبير البيان``: the owner
            if rng and self.lex.has("reporting_nouns", view.norms[rng[0]]):
                # ``وفق بيان صادر عن الوزارة``: the issuer after عن speaks.
                issuer = self._after_word(view, rng[0], "عن", 6)
                rng = issuer or rng
            return rng, "after" if rng else ""
        # Verbs: after ``كان`` the subject stands between it and the verb ...
        if not feat.get("proclitic"):
            rng = self._after_auxiliary(view, cue)
            if rng:
                return rng, "before"
            rng = self._after_complementizer(view, cue) or self._headline_subject(view, cue, feat)
            if rng:
                return rng, "before"
        # ``أما X فأرجع Y إلى``: the fronted topic is the subject, what follows
        # the verb its object ...
        topic = self._topic(view, cue) if feat.get("proclitic") == "ف" else None
        if topic and self._opens_subject(view, topic[0]):
            return topic, "before"
        # ... otherwise it follows (VSO) ...
        rng = self._after_verb(view, cue, tuple(feat.get("preps") or ()))
        if rng and (feat.get("proclitic") or feat.get("gender") == "m") and self._disagrees(
            view, rng, feat
        ):
            rng = None  # ``واتهمت الحوثيين بـ``: the object; the subject is implicit
        if rng and self._addressee_only(view, cue, rng, feat):
            rng = None
        if rng:
            relayed = self._relayed(view, rng[1], feat)
            return (relayed or rng), "after"
        if feat.get("lemma") == "نقل":
            # ``ونقلت عن مصادر ...``: the outlet is implicit, the source follows عن
            rng = self._relayed(view, view.skip_space(cue.end), feat, window=2)
            if rng:
                return rng, "after"
        # ... or is fronted by ``أما X فقال``/``أما X فاعتبر`` ...
        if topic:
            return topic, "before"
        # ... or is the antecedent of a relative clause (``المالكي الذي اتهم``) ...
        prev = view.norms[cue.start - 1] if cue.start > 0 else ""
        if (
            self.lex.has("relative_pronouns", prev) and prev != "من"
            and not self.lex.has_object_suffix(view.norms[cue.start])
            and not self._resumptive_at(view, cue.end)
        ):
            start = view.sentence_start(cue.start)
            end = cue.start - 1
            k = view.skip_space_back(end - 1, start)
            if k > start and view.texts[k] in COMMAS:
                end = k  # ``راعي المهرجان فلان، الذي يطالب``: a non-restrictive clause
            rng = self.phrases.before(view, end, start, opener=False)
            if rng:
                return rng, "before"
        # ... or opens the clause before a verb without a conjunction (SVO).
        if not feat.get("proclitic") and feat.get("person", 3) == 3:
            start = view.sentence_start(cue.start)
            rng = self.phrases.before(view, cue.start, start)
            if rng:
                return rng, "before"
        return None, ""

    def _after_auxiliary(self, view: DocView, cue: Span) -> tuple[int, int] | None:
        """``وكانت الشركة أعلنت ...``, ``وكان الوزير قد قال``: a past
        perfect puts the subject between ``كان`` and the verb, so what
        follows the verb is its object or an adjunct, not its subject."""
        i = cue.start
        if i > 0 and view.norms[i - 1] == "قد":
            i -= 1
        start = view.sentence_start(cue.start)
        if i > start and self.lex.has("auxiliaries", view.norms[i - 1]):
            # ``لأن فلان كان قد قال``: the subject stands before ``كان`` (SVO)
            rng = self.phrases.before(view, i - 1, start, opener=False)
            if rng and rng[0] > start and self.lex.has("complementizers", view.norms[rng[0] - 1]):
                return rng
            return None
        rng = self.phrases.before(view, i, start, opener=False)
        if rng is None or rng[0] <= start or not self.lex.has(
            "auxiliaries", view.norms[rng[0] - 1]
        ):
            return None
        return rng

    def _headline_subject(self, view: DocView, cue: Span, feat: dict) -> tuple[int, int] | None:
        """``الاتحاد السعودي ينفي رفع الإيقاف``: a noun phrase that opens the
        sentence (or follows a colon) right before a verb without a
        conjunction is its subject (SVO, the order of headlines); what follows
        the verb is then its object."""
        if feat.get("person", 3) != 3:
            return None
        start = view.sentence_start(cue.start)
        j = view.skip_space(start)
        while j < cue.start and (view.punct[j] or view.space[j]):
            j += 1
        rng = self.phrases.before(view, cue.start, j, opener=False)
        if rng is None or not self._opens_subject(view, rng[0]):
            return None
        k = view.skip_space_back(rng[0] - 1, j)
        return rng if rng[0] == j or view.norms[k] == ":" else None

    def _opens_subject(self, view: DocView, j: int) -> bool:
        norm = view.norms[j]
        return not (
            view.num[j] or norm in self.lex.forms or self._prepositional_start(norm)
            or self.lex.has("time_words", norm) or self.lex.has("time_adjuncts", norm)
            or self.lex.has("clause_openers", norm) or self.lex.has("complementizers", norm)
            or self.lex.has("negations", norm) or self.phrases.looks_like_masdar(norm)
        )

    def _prepositional_start(self, norm: str) -> bool:
        return norm in self._prepositional or norm[:1] == "و" and norm[1:] in self._prepositional

    def _after_complementizer(self, view: DocView, cue: Span) -> tuple[int, int] | None:
        """``أن رئيس البرلمان وصف ترامب بأنه ...``: ``أن`` must be followed
        by a noun, so a phrase between it and the verb is the verb's subject
        and what follows the verb is its object."""
        start = view.sentence_start(cue.start)
        end, src_end = cue.start, None
        for _ in range(3):  # ``أن رئيس البرلمان، محمد الناصر، دعا``: apposition
            k = view.skip_space_back(end - 1, start)
            stop = k if view.texts[k] in COMMAS else end
            rng = self.phrases.before(view, stop, start, opener=False)
            if rng is None or rng[0] <= start or rng[1] - rng[0] > 8:
                return None
            src_end = src_end or rng[1]
            if view.norms[rng[0] - 1] in ("ان", "بان"):
                return rng[0], src_end
            if view.texts[rng[0] - 1] not in COMMAS:
                return None
            end = rng[0]
        return None

    def _after_verb(
        self, view: DocView, cue: Span, preps: tuple[str, ...] = ()
    ) -> tuple[int, int] | None:
        j = self._skip_addressee(view, view.skip_space(cue.end))
        back = self._resumptive_at(view, j)
        if back:
            # ``الذي أشار فيه X إلى``: a named speaker may follow the pronoun,
            # anything else is an object (``نوه فيها بجهود ...``)
            j = view.skip_space(j + back)
            if j >= len(view) or not self._speaker_like(view, j):
                return None
        if j >= len(view):
            return None
        norm = view.norms[j]
        if norm in self.lex.pronouns:
            return j, j + 1
        if preps and self.lex.is_prep_opener(norm, preps) and not self._speaker_like(view, j):
            return None  # ``وطالب بتسليح ...``: the content opens at once, no subject
        if self.lex.has("demonstratives", norm) and j + 1 < len(view):
            # ``وأوضحت هذه المصادر``: a demonstrative then the speaker noun
            rng = self.phrases.after(view, j + 1, preps=preps)
            return (j, rng[1]) if rng and view.norms[rng[0]].startswith("ال") else None
        return self.phrases.after(view, j, preps=preps)

    def _addressee_only(
        self, view: DocView, cue: Span, rng: tuple[int, int], feat: dict
    ) -> bool:
        """``وطالب مجلس الأمن بالنهوض ...``, ``كما طالبت المفوضية بـ``: a
        verb that takes whom it asks as its object (``طالب``, ``ناشد``),
        continuing the previous statement, followed by one institution and
        then its preposition: the institution is asked, the speaker is the
        one already speaking (``وطالب الحكيم دول المنطقة بـ`` names both)."""
        if not self.lex.has("addressee_lemmas", feat.get("lemma", "")):
            return False
        prev = view.norms[cue.start - 1] if cue.start else ""
        if feat.get("proclitic") != "و" and not self.lex.has("clause_openers", prev):
            return False
        k = view.skip_space(rng[1])
        preps = tuple(feat.get("preps") or ())
        if k >= len(view) or not (preps and self.lex.is_prep_opener(view.norms[k], preps)):
            return False
        head = view.norms[rng[0]]
        return not (
            self.lex.has("titles", head) or self.lex.has("person_names", head)
            or rng[0] in view.name_end or self._mention_head(head) and not (
                self.lex.has("feminine_nouns", head) or self.lex.has("organisation_heads", head)
            )
        )

    def _resumptive_at(self, view: DocView, j: int) -> int:
        """Length of a pronoun after a verb that points back to the relative
        clause's antecedent as a place or means (``التي قالت فيها``, ``الذي
        أشار من خلاله``): the antecedent is then the statement or occasion,
        not the speaker. 0 when there is none."""
        j = view.skip_space(j)
        n = len(view)
        if j >= n:
            return 0
        norm = view.norms[j]
        if norm != "من":
            return 1 if self.lex.has("resumptive_pronouns", norm) else 0
        k = view.skip_space(j + 1)
        return k + 1 - j if k < n and self.lex.has("resumptive_pronouns", view.norms[k]) else 0

    def _disagrees(self, view: DocView, rng: tuple[int, int], feat: dict) -> bool:
        """A feminine singular verb cannot have a masculine or sound-plural
        masculine subject (``واتهمت الحوثيين``): the phrase is its object.
        Only the object case ``-ين`` counts: a nominative ``-ون`` word under a
        feminine verb is a foreign name (``وقالت نيلسون``), not a plural."""
        if feat.get("number") != "s":
            return False
        head = view.norms[rng[0]]
        second = view.norms[rng[0] + 1] if rng[1] - rng[0] > 1 else ""
        oblique = (
            len(head) > 5 and head.startswith("ال") and head.endswith("ين")
            # ``الزعماء الدينيين``: the adjective shows the object case
            or len(second) > 5 and second.endswith("يين")
        ) and not self._speaker_like(view, rng[0])
        if feat.get("gender") == "m":
            # ``وحث المسؤولين على``: a sound plural in the object case is the
            # object of a masculine verb too (its subject would end in -ون)
            return oblique and feat.get("kind") == "verb"
        if feat.get("gender") != "f":
            return False
        return self.phrases.gender(view, *rng) == "m" or (
            len(head) > 5 and head.endswith("ين") and not self._speaker_like(view, rng[0])
        )

    def _feminine_verb_subject(self, view: DocView, s: int, j: int) -> bool:
        """``ألقت الشاعرة ...``, ``رفضت ماي ...``: a sentence opened by a
        feminine perfect verb (suffix ``ت``, no article) has its subject
        right after it, whatever the verb; a later ``وقالت`` continues it."""
        first, norm = view.norms[s], view.norms[j]
        return (
            len(first) >= 4 and first.endswith("ت")
            # ``الوقت`` is a noun; ``ألقت`` (normalised ``القت``) a verb
            and not (first.startswith(("ال", "وال")) and len(first) >= 5)
            and first not in self._prepositional and not view.punct[j] and not view.num[j]
            and not norm.startswith(("بال", "لل", "كال")) and norm not in self._prepositional
            and not self.lex.has("time_words", norm) and not self.lex.has("time_adjuncts", norm)
        )

    def _mention_head(self, norm: str) -> bool:
        return norm in self._heads

    def _lam_speaker(self, view: DocView, j: int) -> bool:
        """After ``وفقاً لـ``: a glued ``لـ`` word may still name a speaker
        (``لمصدر``, ``للسلطات``, a name: ``لتورنبول``); a definite word that
        heads nothing that speaks (``للقانون``, ``للشريعة``) is a rule."""
        norm = view.norms[j]
        if len(norm) < 3 or norm[0] != "ل":
            return False
        if norm.startswith("لل"):
            bare = norm[2:]
            return any(
                self.lex.has(cls, w) for cls in ("titles", "speaker_heads", "addressees",
                                                  "reporting_nouns", "organisation_heads")
                for w in (bare, "ال" + bare)
            )
        return True

    def _speaker_like(self, view: DocView, j: int) -> bool:
        """Heads that can speak: titles, institutions, sources, reports, names."""
        norm = view.norms[j]
        bare = norm[2:] if norm.startswith("ال") else norm
        return (
            j in view.name_end
            or self.lex.has("titles", norm) or self.lex.has("feminine_nouns", norm)
            or self.lex.has("reporting_nouns", norm) or self.lex.has("verbal_nouns", norm)
            or self.lex.has("addressees", norm) or self.lex.has("addressees", bare)
            or self.lex.has("speaker_heads", norm) or self.lex.has("speaker_heads", bare)
        )

    def _skip_addressee(self, view: DocView, j: int) -> int:
        """Step over what may stand between a verb and its subject: the
        addressee or outlet (``لـ"الاقتصادية"``, ``للصحفيين``) and bare time
        words (``اليوم``, ``أمس``)."""
        n = len(view)
        for _ in range(4):
            if j >= n:
                return j
            norm = view.norms[j]
            if norm.startswith("ل(") or norm == "ل" and j + 1 < n and view.texts[j + 1] == "(":
                m = j + 1  # ``لـ(عكاظ)``: the outlet in parentheses
                while m < n and ")" not in view.texts[m] and not view.is_sentence_end(m):
                    m += 1
                j = m + 1
            elif norm in ("ل", "لـ") and j + 1 < n:
                j = view.name_end.get(j + 1, j + 2)
            elif norm[:1] == "ل" and self.lex.has("scare_quote_triggers", norm[1:]):
                # ``لقناة سكاي نيوز``: the outlet and its name
                rng = self.phrases.after(view, j + 1)
                j = rng[1] if rng else j + 1
            elif norm[:1] == "ل" and (
                self.lex.has("addressees", norm[1:])
                or norm[:2] == "لل" and self.lex.has("addressees", "ا" + norm[1:])
                or len(norm) > 4 and norm.endswith(("ها", "هم", "هما", "هن"))
            ) or self.lex.has("time_words", norm) or self.lex.has("prepositional_pronouns", norm):
                j += 1  # ``وقال لهم``, ``طلبت منهم``: never the subject
            else:
                return view.skip_space(j)
            j = view.skip_space(j)
        return j

    def _topic(self, view: DocView, cue: Span) -> tuple[int, int] | None:
        sent = view.sentence_start(cue.start)
        for j in range(cue.start - 1, max(sent, cue.start - 16) - 1, -1):
            if self.lex.has("topic_markers", view.norms[j]):
                rng = self.phrases.after(view, j + 1, limit=cue.start)
                if rng is None and cue.start - (j + 1) <= 4:
                    # the topic word may look like a cue or stop word (``أما راي``)
                    rng = self._trimmed(view, j + 1, cue.start)
                return rng
        return None

    def _topic_mention(self, view: DocView, j: int) -> tuple[int, int] | None:
        """The topic after ``أما`` up to the ``فـ`` that opens its comment."""
        n = len(view)
        for m in range(j + 1, min(n, j + 12)):
            if view.is_sentence_end(m) or view.texts[m] in COMMAS:
                return None
            norm = view.norms[m]
            if len(norm) > 3 and norm[0] == "ف":
                rng = self.phrases.after(view, j, limit=m)
                return rng if rng and self._opens_subject(view, rng[0]) else None
        return None

    def _relayed(
        self, view: DocView, k: int, feat: dict, window: int = 6
    ) -> tuple[int, int] | None:
        """``نقلت الوكالة عن مصادر``, ``علمت الصحيفة من مصادر``: the relaying
        outlet is not the speaker; the phrase after عن/من is."""
        want = {"نقل": "عن", "علم": "من"}.get(feat.get("lemma", ""))
        if want is None:
            return self._relay_phrase(view, k, feat)
        return self._after_word(view, k, want, window)

    def _relay_phrase(self, view: DocView, k: int, feat: dict) -> tuple[int, int] | None:
        """``وكشفت الصحيفة نقلاً عن مصادر مطلعة أن ...``: right after the
        outlet, ``نقلاً عن`` names the speaker it relays; the token index of
        ``نقلاً`` goes to ``feat["relay"]`` (it is no cue of its own)."""
        n = len(view)
        k = view.skip_space(k)
        while k < n and view.texts[k] in COMMAS:
            k = view.skip_space(k + 1)
        if k >= n or self.lex.nominal_cues.get(view.norms[k]) != "after_an":
            return None
        j = view.skip_space(k + 1)
        if j >= n or view.norms[j] != "عن":
            return None
        rng = self.phrases.after(view, j + 1)
        if rng:
            feat["relay"] = k
        return rng

    def _after_word(self, view: DocView, k: int, word: str, window: int) -> tuple[int, int] | None:
        """The phrase after ``word`` if it comes within ``window`` tokens."""
        n = len(view)
        for j in range(k, min(n, k + window)):
            if view.norms[j] == word:
                if j + 1 < n and self.lex.has("adverbial_objects", view.norms[j + 1]):
                    return None  # ``عن طريق``, ``عن كثب``: a manner, not a source
                return self.phrases.after(view, j + 1)
            if view.is_sentence_end(j) or self.lex.has("complementizers", view.norms[j]):
                return None
        return None

    def _skip_turn_opener(self, view: DocView, s: int) -> int:
        """``من جهته هنأ الملحق ...``, ``بدوره، أوضح ...``: a phrase that
        hands the turn to a new speaker opens the sentence before its verb."""
        n = len(view)
        if s >= n or view.norms[s] not in self._turn_first:
            return s
        k = view.skip_space(s + 1)
        if k < n and self.lex.has("turn_openers", view.norms[s] + " " + view.norms[k]):
            s = k + 1
        elif self.lex.has("turn_openers", view.norms[s]):
            s += 1
        else:
            return s
        s = view.skip_space(s)
        while s < n and view.texts[s] in COMMAS:
            s = view.skip_space(s + 1)
        return s

    def _trimmed(self, view: DocView, start: int, end: int) -> tuple[int, int] | None:
        while start < end and (view.space[start] or view.punct[start]):
            start += 1
        while end > start and (view.space[end - 1] or view.punct[end - 1]):
            end -= 1
        return (start, end) if end > start else None

    def _mentions(self, view: DocView, cues: list[Span]) -> list[Span]:
        """Sentence subjects outside quotations: antecedents for speakers that
        a later cue leaves implicit (``انتقد الرئيس ... وقال``). A subject is
        the phrase after the sentence's first word (verb-first order) or at
        its start, when it is headed by a title or an institution noun."""
        doc = view.doc
        out: list[Span] = []
        n = len(view)
        # Paragraph breaks start sentences too (a byline line has no full stop).
        breaks = compress(range(1, n + 1), view.para_break)
        starts = sorted({0, *(i + 1 for i in view.ends), *breaks})
        for s in starts:
            s = view.skip_space(s)
            while s < n and (view.punct[s] or view.para_break[s]) and not is_quote(view.texts[s]):
                s += 1
            opened = self._skip_turn_opener(view, s)
            turn, s = opened != s, opened
            first = view.norms[s] if s < n else ""
            if self.lex.has("topic_markers", first):
                continue  # see below
            if (
                first in self._prepositional and not self.phrases.verb_homograph(view, s)
                or first in self.lex.nominal_cues
            ):
                # ``وفي بيان ...``: a prepositional phrase, not a subject;
                # ``وحسب رويترز، قالت``: the outlet only relays the speaker
                continue
            for j in (s, view.skip_space(s + 1)):
                if j >= n or view.quote_at[j] != -1:
                    continue
                feminine = j > s and self._feminine_verb_subject(view, s, j)
                # after ``من جهته``/``بدوره`` the phrase after the verb is its subject
                subject = turn and j > s and self._opens_subject(view, j)
                if self._mention_head(view.norms[j]) or feminine or subject:
                    rng = self.phrases.after(view, j)
                    if rng:
                        label = FEMININE_MENTION if feminine else "MENTION"
                        out.append(Span(doc, rng[0], rng[1], label=label))
                    break
        # ``أما الكاتب فلان فغمز ...``: a topic after أما, wherever the clause
        # opens (also after a closing quotation), is the clause's subject
        norms = view.norms
        topics = self.lex.words.get("topic_markers", frozenset())
        # one C-level scan a marker: rarely any
        found = any(marker in norms for marker in topics)
        for i in compress(range(n), map(topics.__contains__, norms)) if found else ():
            rng = None if view.quote_at[i] != -1 else self._topic_mention(view, i + 1)
            if rng:
                out.append(Span(doc, rng[0], rng[1], label="MENTION"))
        return sorted(out, key=lambda sp: sp.start)


@Language.factory(
    "attrib_sources",
    default_config={"lexicon_dir": None, "max_source_tokens": 14},
)
def make_sources(
    nlp: Language, name: str, lexicon_dir: str | None, max_source_tokens: int
) -> SourceFinder:
    return SourceFinder(load_lexicon(lexicon_dir), max_source_tokens=max_source_tokens)
