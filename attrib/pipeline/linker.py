"""``attrib_linker``: content for every cue, implicit speakers, final attributions.

For a verb cue the content is what its frame opens, looked for after the
speaker phrase and any adjuncts: a colon (then a quotation or the rest of the
sentence), a complementizer (``إن/أن/بأن/أنه``: content starts after it), a
quotation, or the verb's own preposition (``أشار إلى أن``, ``دعا X إلى Y``).
Without any of these, a nominalised claim right after the speaker counts
(``أكد X، اليوم، أهمية ...``). A quotation just before the cue is taken for
``"...", قال X``. Indirect content runs to the end of the sentence
(quotations never end it) or to the next cue that opens a new statement
(``، مضيفاً أن``), without the final mark.

Cues without an explicit speaker (``وأضاف:``, ``مؤكداً``, ``أكدنا``) speak
for the subject of the sentence they continue (``ورفضت الوزارة ...، مؤكدة``),
else for the latest earlier speaker that agrees in gender and number, else
for the latest sentence subject headed by a title, institution or name.
Every attribution gets a confidence (lexicon prior times pattern
reliability); ``min_confidence`` drops the weaker ones for high-precision
uses such as silver data.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Attribution, kind_of, set_attributions
from ..rules.lexicon import Lexicon, load_lexicon
from ..rules.phrases import PhraseFinder
from ..rules.view import COMMAS, SENTENCE_FINAL, DocView, trim
from .cues import CANDIDATES_KEY, FEATS_ATTR
from .sources import FEMININE_MENTION, MENTIONS_KEY

# Reliability of each way of finding content (multiplied by the lexicon prior).
PATTERN_WEIGHT = {
    "colon": 1.0,
    "quote": 1.0,
    "comp": 1.0,
    "prep": 0.9,
    "before_quote": 0.9,
    "claim": 0.6,
    "headline": 0.8,
    "nominal_lead": 0.85,
    "nominal_trail": 0.75,
}


# Word classes that are never a person's name inside a speaker phrase.
_NOT_NAMES = (
    "titles", "feminine_nouns", "speaker_heads", "organisation_heads", "time_adjuncts",
    "addressees", "demonstratives", "relative_pronouns", "complementizers",
)

# Word classes that name someone who can speak.
_SPEAKER_WORDS = ("titles", "speaker_heads", "organisation_heads", "person_names")

# Word classes that cannot open the subject of a sentence.
_NOT_SUBJECTS = (
    "time_adjuncts", "time_words", "claim_nouns", "adjunct_prepositions",
    "topic_prepositions", "complementizers", "existentials",
)


# Prepositions no verb can follow (``من`` can: ``من قال`` is "who said").
_PREPOSITIONS = frozenset({"في", "وفي", "الي", "والي", "علي", "مع", "خلال", "عبر", "حول"})


@dataclass
class _Speaker:
    start: int
    end: int
    gender: str | None
    number: str | None


class Linker:
    """Turns cue candidates, their speakers and the quotation spans into
    :class:`attrib.model.Attribution` objects on the doc."""

    def __init__(self, lexicon: Lexicon, min_confidence: float = 0.0, search_window: int = 25):
        self.lex = lexicon
        self.min_confidence = min_confidence
        self.search_window = search_window
        self.phrases = PhraseFinder(lexicon)
        words = lexicon.words
        self._not_names = frozenset().union(*(words.get(c, ()) for c in _NOT_NAMES))

    # -- helpers ----------------------------------------------------------------

    def _is_comp(self, norm: str) -> bool:
        return self.lex.has("complementizers", norm)

    def _content_end(self, view: DocView, start: int, cue_starts: set[int], feats: dict) -> int:
        """End of an indirect content opened at ``start``."""
        q = view.quote(start)
        if q is not None and q.start == start:
            # A quotation that closes its clause is the whole content; one
            # the sentence reads on from (``إنه "من الممكن" أن ...``) is mixed.
            k = view.skip_space(q.end)
            if (
                k >= len(view) or view.is_sentence_end(k) or view.texts[k] in COMMAS
                or k in cue_starts or view.norms[k] == ":" or self._quote_closes(view, q, k)
            ):
                return q.end
        k = start
        n = len(view)
        while k < n and not view.is_sentence_end(k):
            if (
                k > start and view.texts[k] in COMMAS and view.quote_at[k] == -1
                and view.quote_at[k - 1] != -1 and view.quote(k - 1).end == k
                and not self._continues_claim(view, k + 1)
            ):
                break  # ``أن القس "ليس جاسوساً"، في معرض ...``: the quotation closes the claim
            if k > start and view.texts[k] in COMMAS and k + 1 < n and view.quote_at[k] == -1:
                nxt = view.norms[k + 1]
                form = self.lex.forms.get(nxt)
                pair = nxt + " " + view.norms[k + 2] if k + 2 < n else nxt
                if (
                    (form is not None and form.kind == "participle")
                    or self.lex.has("content_breaks", nxt)
                    or self.lex.has("content_breaks", pair)  # ``، وذلك في تغريدة``
                    or nxt in self.lex.nominal_cues
                ):
                    break
            if k > start and k in cue_starts and view.quote_at[k] == -1:
                feat = feats.get(str(k), {})
                prev = view.texts[k - 1]
                src = feat.get("source")
                if feat.get("reject") or (
                    k > 1 and view.norms[k - 1] == "قد"
                    and self.lex.has("auxiliaries", view.norms[k - 2])
                ):
                    # ``وفق ضوابط ...``: a manner, no cue; ``كانت قد طلبت``: the
                    # pluperfect, no new clause: the claim goes on
                    pass
                elif feat.get("source_side") == "before" and src and src[0] >= start:
                    pass  # ``إن رئيس البرلمان، محمد الناصر، دعا``: its subject is in the content
                elif (
                    self.lex.has("clause_openers", view.norms[k - 1])
                    or view.norms[k - 1] in ("حين", "فيما", "بينما")
                ) and k - 1 > start:
                    return k - 1  # ``... كما بين X``: the opener starts the new clause
                elif (
                    feat.get("kind") in ("participle", "noun")
                    or feat.get("proclitic") in ("و", "ف")
                    or prev in COMMAS
                    or self.lex.has("clause_openers", view.norms[k - 1])
                ):
                    break
            k += 1
        return k

    def _description_end(self, view: DocView, start: int, cue_starts: set[int], feats: dict) -> int:
        """End of what a speaker called something (``وصفه بـ"المطلوب
        الرئيسي" في قضية ...``, ``وصفه بالعمل الإرهابي، مؤكداً``): the
        quoted term right after the preposition, else the phrase up to the
        first comma; the sentence reads on about the thing described."""
        for j in range(start, min(start + 3, len(view))):
            q = view.quote(j)
            if q is not None and q.start == j:
                return q.end
            if j in view.name_end:
                return view.name_end[j]
            if j > start and not view.space[j]:
                break
        end = self._content_end(view, start, cue_starts, feats)
        k = start
        while k < end and not (view.texts[k] in COMMAS and view.quote_at[k] == -1):
            k += 1
        return k

    def _continues_claim(self, view: DocView, k: int) -> bool:
        """``أن X، وأن Y``: one content (GUIDELINES)."""
        k = view.skip_space(k)
        norm = view.norms[k] if k < len(view) else ""
        return norm[:1] == "و" and self._is_comp(norm[1:])

    def _quote_closes(self, view: DocView, q: Span, k: int) -> bool:
        """A quotation that ends its own sentence (``... يمكن." وأبرمت``) or
        is followed by a new clause (``..." أما X``, ``..." وقال``) is the
        whole content: the text after it is the writer's again."""
        last = view.skip_space_back(q.end - 2, q.start)  # the word before the closing mark
        if last > q.start and view.texts[last] in SENTENCE_FINAL:
            return True
        norm = view.norms[k]
        return q.end - q.start >= 8 and (
            self.lex.has("clause_openers", norm) or self.lex.has("topic_markers", norm)
        )

    def _adjuncts_only(self, view: DocView, start: int, end: int) -> bool:
        """Only time/place adjunct material (or a short object) lies between;
        words after an adjunct head (``، خلال جلسة بـ``) are the adjunct's,
        however short the stretch."""
        j = start
        other = 0  # words of a short object or addressee (``حذرت X أمس المناطق من``)
        governed = False  # after ``خلال``, ``في``: the words are the adjunct's own
        while j < end:
            norm = view.norms[j]
            if j in view.name_end:  # a quoted name (``لـ«الشرق الأوسط»``) as a whole
                j = view.name_end[j]
            elif (
                view.texts[j] in COMMAS or view.punct[j] or view.num[j]
                or self.lex.has("time_adjuncts", norm) or view.quote_at[j] != -1
                or norm == "ل" and j + 1 in view.name_end  # the outlet's ``لـ``
            ):
                governed = governed or (
                    self.lex.has("time_adjuncts", norm) and not self.lex.has("time_words", norm)
                )
                j += 1
            else:
                other += 1
                if other > 3 or governed or view.space[j]:
                    return False
                j += 1
        return True

    @staticmethod
    def _span(view: DocView, start: int, end: int) -> Span | None:
        start, end = trim(view, start, end)
        if end <= start or all(view.punct[i] or view.space[i] for i in range(start, end)):
            return None
        return Span(view.doc, start, end, label="CONTENT")

    # -- content ----------------------------------------------------------------

    def _after_opener(
        self, view: DocView, cue: Span, pos: int, feat: dict, cue_starts: set[int]
    ) -> tuple[Span | None, str]:
        doc = view.doc
        n = len(view)
        preps = tuple(feat.get("preps") or ())
        describes = self.lex.has("description_lemmas", feat.get("lemma", ""))
        stop = min(n, pos + self.search_window)
        k = pos
        while k < stop:
            if view.is_sentence_end(k):
                break
            if describes and k in view.name_end:
                # ``ووصفت الشرطة "مهاجم منفرد"``: the quoted term is what was said
                return self._span(view, k, view.name_end[k]), "quote"
            norm = view.norms[k]
            q = view.quote(k)
            if q is not None and q.start == k and self._quoted_name_before_colon(view, q):
                k = q.end  # ``وأضاف "السهلي": ...``: the quoted speaker, not the content
                continue
            if q is not None and q.start == k:
                claim = self._claim_before_quote(view, cue, pos, k, feat, cue_starts)
                if claim is not None:
                    return claim, "claim"
                end = self._content_end(view, k, cue_starts, feats_of(doc))
                return self._span(view, k, end), "quote"
            if norm == ":":
                m = k + 1
                while m < n and view.space[m] and not view.para_break[m]:
                    m += 1
                if m < n and self._is_comp(view.norms[m]):
                    m += 1
                end = self._content_end(view, m, cue_starts, feats_of(doc))
                return self._span(view, m, end), "colon"
            if self._is_comp(norm):
                end = self._content_end(view, k + 1, cue_starts, feats_of(doc))
                return self._span(view, k + 1, end), "comp"
            if k > cue.end and k in cue_starts:
                break
            if (
                preps and self.lex.is_prep_opener(norm, preps) and self._adjuncts_only(view, pos, k)
                and not (k + 1 < n and self.lex.has("adverbial_objects", view.norms[k + 1]))
            ):
                # A separate preposition stays outside the content, an attached
                # one (``بـ"مهاجمة"``, ``بتزوير``) inside it (GUIDELINES).
                # A frame noun (``حمّل X المسؤولية``) is part of the claim.
                m = k + 1 if norm in preps and view.ws[k] and not self.lex.has(
                    "frame_nouns", norm
                ) else k
                if m < n and self._is_comp(view.norms[m]):
                    m += 1
                elif m == k and norm in preps and m + 1 < n and self._is_comp(view.norms[m + 1]):
                    m += 2  # ``بـ أن``
                if describes:
                    end = self._description_end(view, m, cue_starts, feats_of(doc))
                else:
                    end = self._content_end(view, m, cue_starts, feats_of(doc))
                return self._span(view, m, end), "prep"
            k += 1
        return None, ""

    @staticmethod
    def _quoted_name_before_colon(view: DocView, q: Span) -> bool:
        """A quotation of at most three words that a colon follows names the
        speaker (GUIDELINES: quotation marks around a name are no CONTENT)."""
        k = view.skip_space(q.end)
        if k >= len(view) or view.norms[k] != ":":
            return False
        words = sum(1 for j in range(q.start, q.end) if not view.punct[j] and not view.space[j])
        return 0 < words <= 3

    def _claim_before_quote(
        self, view: DocView, cue: Span, pos: int, k: int, feat: dict, cue_starts: set[int]
    ) -> Span | None:
        """``أكد X وجود خلافات "حول بعض الأمور"``, ``أعلن X إرسال تعزيزات ...
        بعد "التطورات"``: a verbal noun right after the speaker opens a
        nominalised claim, and the quotation further on is part of it, not
        the whole content."""
        if k <= pos or feat.get("kind") != "verb" or _strict(feat) or k < cue.end:
            return None
        m = self._skip_adjuncts(view, pos)
        if m is None or m >= k:
            return None
        norm = view.norms[m]
        if not (self.lex.has("claim_nouns", norm) or self.phrases.looks_like_masdar(norm)):
            return None
        return self._span(view, m, self._content_end(view, m, cue_starts, feats_of(view.doc)))

    def _claim(self, view: DocView, pos: int, cue_starts: set[int]) -> Span | None:
        """A nominalised claim after the speaker (``أكد الوزير، اليوم، أهمية
        ...``, ``أعلنت الوزارة على موقعها وصول ...``), past the adjuncts."""
        k = self._skip_adjuncts(view, pos)
        if k is None or k >= len(view) or view.is_sentence_end(k) or view.punct[k]:
            return None
        if self.lex.has("demonstratives", view.norms[k]) and self._ends_phrase(view, k + 1):
            return None  # ``ونفى يوجيل ذلك``: the claim is what ``ذلك`` points back to
        end = self._content_end(view, k, cue_starts, feats_of(view.doc))
        if end - k < 2:
            return None
        return self._span(view, k, end)

    @staticmethod
    def _ends_phrase(view: DocView, k: int) -> bool:
        k = view.skip_space(k)
        return k >= len(view) or view.punct[k] or view.is_sentence_end(k)

    def _skip_adjuncts(self, view: DocView, k: int) -> int | None:
        """Step over time words, numbers, parentheses, comma-fenced segments
        and prepositional adjuncts (``خلال جلسة ...``, ``في 25 أبريل``)."""
        n = len(view)
        for _ in range(8):
            k = view.skip_space(k)
            if k >= n or view.is_sentence_end(k):
                return k
            norm, text = view.norms[k], view.texts[k]
            if text in COMMAS or view.num[k] or self.lex.has("time_words", norm):
                k += 1
            elif norm == "ل" and view.skip_space(k + 1) in view.name_end:
                k = view.name_end[view.skip_space(k + 1)]  # ``لـ «عكاظ»``: the outlet
            elif norm in ("له", "لها", "لهم", "لهما") and k > 0 and self.lex.has(
                "reporting_nouns", view.norms[k - 1]
            ):
                k += 1  # ``في بيان لها اليوم``: the statement's owner
            elif norm[:1] == "ل" and len(norm) > 3 and self.phrases.strong_claim_at(view, k + 1):
                k += 1  # ``يؤكد لبوتين أهمية ...``: the addressee
            elif text == "(":
                m = k
                while m < n and view.texts[m] != ")" and not view.is_sentence_end(m):
                    m += 1
                k = m + 1
            elif self.lex.has("adjunct_prepositions", norm):
                rng = self.phrases.after(view, k + 1)
                k = rng[1] if rng else k + 1
            elif self.lex.has("time_adjuncts", norm) and not self.lex.has("claim_nouns", norm):
                # another adjunct word: its segment must close with a comma, or
                # run into a strong claim noun (``خلال اتصال هاتفي مع X أهمية``)
                m = k
                while (
                    m < n and view.texts[m] not in COMMAS and not view.is_sentence_end(m)
                    and not (m > k and self.lex.has("strong_claim_nouns", view.norms[m]))
                ):
                    m += 1
                if m - k > 10 or m >= n or view.is_sentence_end(m):
                    return None
                k = m + 1 if view.texts[m] in COMMAS else m
            else:
                return k
        return k

    def _before_quote(self, view: DocView, cue: Span) -> Span | None:
        k = cue.start - 1
        while k >= 0 and (view.space[k] or view.texts[k] in COMMAS) and not view.para_break[k]:
            k -= 1
        if k < 0:
            return None
        q = view.quote(k)
        if q is not None and q.end == k + 1:
            return self._span(view, q.start, q.end)
        return None

    def _saying_participle(
        self, view: DocView, cue: Span, feat: dict, cue_starts: set[int]
    ) -> int | None:
        """``وأردف الرئيس قائلاً: "..."``: a ``قائلاً`` right after the verb
        and its speaker only introduces the verb's own quotation, so it is
        no cue of its own (its index is returned)."""
        src = feat.get("source")
        k = src[1] if src and feat.get("source_side") == "after" else cue.end
        while k < len(view) and (view.space[k] or view.texts[k] in COMMAS):
            k += 1
        part = feats_of(view.doc).get(str(k)) if k in cue_starts else None
        if part and part.get("kind") == "participle" and part.get("lemma") == "قال":
            return k
        return None

    def _verb_content(
        self, view: DocView, cue: Span, feat: dict, cue_starts: set[int]
    ) -> tuple[Span | None, str]:
        if self._passive_description(view, cue, feat):
            return None, ""
        src = feat.get("source")
        pos = src[1] if src and feat.get("source_side") == "after" else cue.end
        part = self._saying_participle(view, cue, feat, cue_starts)
        if part is not None:
            return self._after_opener(
                view, Span(view.doc, part, part + 1), part + 1, feat, cue_starts
            )
        content, pattern = self._after_opener(view, cue, pos, feat, cue_starts)
        if content is None and src and feat.get("source_side") == "after":
            content, pattern = self._after_opener(view, cue, cue.end, feat, cue_starts)
        if content is not None:
            return content, pattern
        before = self._before_quote(view, cue)
        if before is not None:
            return before, "before_quote"
        if feat.get("trailing") is not None:
            return self._trailing_content(view, feat["trailing"], cue_starts)
        lax = feat.get("kind") == "verb" and not _strict(feat)
        if lax or self.phrases.strong_claim_at(view, pos):
            claim = self._claim(view, pos, cue_starts)
            if claim is not None:
                return claim, "claim"
        return None, ""

    def _trailing_content(
        self, view: DocView, marker: int, cue_starts: set[int]
    ) -> tuple[Span | None, str]:
        """``X، كما قال Y``: the clause before ``كما`` (unless a cue inside
        it already reports it: then Y only relays)."""
        sent = view.sentence_start(marker)
        if any(s in cue_starts for s in range(sent, marker)):
            return None, ""
        return self._span(view, sent, marker), "nominal_trail"

    @staticmethod
    def _aside(view: DocView, cue: Span, feat: dict) -> bool:
        """``في إشارة إلى ...``: a cue right after a preposition is a noun (no
        verb follows ``في``, even when it is spelled like one: ``إشارة`` reads
        as ``أشاره``), the writer's gloss on what was said, not a report."""
        k = view.skip_space_back(cue.start - 1)
        return feat.get("kind") != "noun" and k >= 0 and view.norms[k] in _PREPOSITIONS

    def _passive_description(self, view: DocView, cue: Span, feat: dict) -> bool:
        """``تصريحات وُصفت بـ"العنصرية"``: an active description verb needs an
        object (``وصفه بـ``, ``وصف الوزير الحادث بـ``); one followed at once by
        its preposition is passive (the script does not mark the voice), so
        nobody is reported as saying it."""
        if not self.lex.has("description_lemmas", feat.get("lemma", "")):
            return False
        k = view.skip_space(cue.end)
        preps = tuple(feat.get("preps") or ())
        return (
            k < len(view) and self.lex.is_prep_opener(view.norms[k], preps)
            and not self.lex.has_object_suffix(view.norms[cue.start])
        )

    def _nominal_content(
        self, view: DocView, cue: Span, feat: dict, cue_starts: set[int]
    ) -> tuple[Span | None, str]:
        doc = view.doc
        sent = view.sentence_start(cue.start)
        lead = cue.start == sent or all(
            view.space[j] or view.norms[j] == "و" or view.punct[j]
            for j in range(sent, cue.start)
        )
        src = feat.get("source")
        if lead:
            pos = src[1] if src else cue.end
            if src:  # ``بحسب "تسنيم" فإن``: the source leaves the name's marks out
                pos = max(pos, view.name_end.get(src[0] - 1, pos))
            while pos < len(view) and (view.texts[pos] in COMMAS or view.space[pos]):
                pos += 1
            if pos in cue_starts:
                return None, ""  # ``وحسب رويترز، قال ...``: the outlet only relays
            if pos < len(view) and self._is_comp(view.norms[pos]):
                pos += 1
            end = self._content_end(view, pos, cue_starts, feats_of(doc))
            return self._span(view, pos, end), "nominal_lead"
        # Trailing: attributes the clause it closes, unless a verb cue in that
        # clause already has a speaker (the outlet only relays it).
        if any(s in cue_starts for s in range(sent, cue.start)):
            return None, ""
        return self._span(view, sent, cue.start), "nominal_trail"

    # -- speakers ---------------------------------------------------------------

    def _resolve(
        self, speakers: list[_Speaker], mentions: list[_Speaker], cue: Span, feat: dict
    ) -> _Speaker | None:
        """The latest earlier speaker that agrees with the cue, unless a
        sentence subject headed by a title, institution or name (``انتقد
        الرئيس ... وقال``) was mentioned after it: GUIDELINES resolve to the
        most recent mention in any role."""
        found = self._agreeing(speakers, cue, feat)
        mention = self._agreeing(mentions, cue, feat)
        if found is None or (mention is not None and mention.start > found.end):
            return mention
        return found

    def _implicit(
        self, view: DocView, speakers: list[_Speaker], mentions: list[_Speaker],
        cue: Span, feat: dict,
    ) -> _Speaker | None:
        """The speaker of a cue without subject: the subject of the sentence
        it continues, else the latest earlier speaker that agrees; then its
        latest mention by name (GUIDELINES: the most recent mention)."""
        sp = self._same_sentence(view, speakers, cue, mentions) or self._resolve(
            speakers, mentions, cue, feat
        )
        return None if sp is None else self._latest_mention(
            view, sp, cue.start, speakers + mentions
        )

    def _same_sentence(
        self, view: DocView, speakers: list[_Speaker], cue: Span,
        mentions: list[_Speaker] = (),
    ) -> _Speaker | None:
        """A cue without subject inside a sentence that another verb opened
        (``ووصف أقصوي البيان بـ"..." مؤكداً أن``, ``ورفضت الوزارة ...، واصفة``)
        speaks for that verb's subject: the latest speaker already found in
        the sentence, else the phrase after the sentence's first word."""
        sent = view.sentence_start(cue.start)
        owner = self._statement_owner(view, sent, cue.start)
        for sp in reversed(speakers):
            if sent <= sp.start and sp.end <= cue.start:
                # a subject mentioned after that speaker (``أما X فغمز ... وقال``)
                later = [m for m in mentions if sp.end <= m.start and m.end <= cue.start]
                if later and (owner is None or later[-1].start > owner.start):
                    return later[-1]
                return owner if owner is not None and owner.start > sp.end else sp
        if owner is not None:
            return owner
        j = view.skip_space(sent)
        while j < cue.start and (
            view.punct[j] or view.space[j] or self.lex.has("clause_openers", view.norms[j])
        ):
            j += 1
        if j < cue.start and self.lex.has("negations", view.norms[j]):
            j += 1  # ``ولم يحدد العبيدي ...``: the verb follows the particle
        if j >= cue.start - 1 or view.quote_at[j] != -1:
            return None
        norm = view.norms[j]
        if self.phrases.verb_homograph(view, j):
            pass  # ``عبر الوزير عن ...``: the verb, not the preposition
        elif (
            self.lex.has("adjunct_prepositions", norm) or self.lex.has("time_adjuncts", norm)
            or self.lex.has("prepositional_openers", norm)  # ``وفي بيان لاحق، قال``
            or self.lex.has("topic_prepositions", norm)
            or norm in self.lex.nominal_cues or self.lex.has("complementizers", norm)
        ):
            # ``وحول X، قال``: X is the topic, not the speaker; but ``وفي إطار
            # X، أثنى الوزير على ...، مؤكداً``: the clause after the comma has one
            return self._after_adjunct(view, j, cue)
        rng = self.phrases.after(view, j + 1, limit=cue.start)
        if rng is None or not (self._subject_like(view, rng[0]) or self._titled_name(view, *rng)):
            return None
        return _Speaker(rng[0], rng[1], self.phrases.gender(view, *rng), None)

    def _after_adjunct(self, view: DocView, j: int, cue: Span) -> _Speaker | None:
        """The subject of the clause that follows a fronted adjunct and its
        comma, when a speaker word heads it."""
        for k in range(j + 1, cue.start - 2):
            if view.texts[k] not in COMMAS or view.quote_at[k] != -1:
                continue
            verb = view.skip_space(k + 1)
            norm = view.norms[verb]
            if verb >= cue.start - 1 or norm in self.lex.forms or norm[:2] == "ال" or any(
                self.lex.has(cls, norm) for cls in _NOT_SUBJECTS + ("relative_pronouns",)
            ):
                continue
            rng = self.phrases.after(view, verb + 1, limit=cue.start)
            if rng is not None and self._names_speaker(view, rng[0], rng[0] + 1):
                return _Speaker(rng[0], rng[1], self.phrases.gender(view, *rng), None)
        return None

    def _titled_name(self, view: DocView, start: int, end: int) -> bool:
        """A name followed by its title in apposition (``بهرام قاسمي،
        المتحدث باسم ...``) is a person whatever letter it starts with."""
        for k in range(start + 1, end - 1):
            if view.texts[k] in COMMAS:
                j = view.skip_space(k + 1)
                return j < end and self.lex.has("titles", view.norms[j])
        return False

    def _subject_like(self, view: DocView, k: int) -> bool:
        """Whether the phrase after a sentence's first word can be its
        subject: not a prepositional phrase (``يتعلق بتأثير ...``), an
        adjunct (``هذه المرة``, ``هناك``) or a verbal noun (``تكرار``)."""
        norm = view.norms[k]
        if self.lex.has("person_names", norm):
            return True
        return not (
            view.num[k] or len(norm) > 3 and norm[0] in "بلك"
            or any(self.lex.has(cls, norm) for cls in _NOT_SUBJECTS)
            or self.phrases.looks_like_masdar(norm)
        )

    def _name_words(self, view: DocView, start: int, end: int) -> frozenset[str]:
        """Name words of a speaker phrase (``دونالد ترامب``, ``عمار الحكيم``),
        not its titles, institutions or adjectives (``الخارجية``,
        ``الأمريكي``): later text refers back to a person by them. A word
        with the article counts only after a bare name (``عمار الحكيم``);
        nisba endings never count (too often an adjective)."""
        out: set[str] = set()
        bare_seen = False
        after_prep = False
        for k in range(start, end):
            norm = view.norms[k]
            if self.lex.has("title_locatives", norm):
                # ``مصدر مقرب من التحقيق``: what the title belongs to is no name
                after_prep, bare_seen = True, False
                continue
            if after_prep:
                after_prep = False
                continue
            known = self.lex.has("person_names", norm)
            definite = norm.startswith("ال")
            bare = norm[2:] if definite else norm
            if (
                len(bare) < 3 or view.punct[k] or view.num[k] or view.quote_at[k] != -1
                or norm in self._not_names or bare in self._not_names
            ):
                continue
            if not known and (
                norm.endswith(("ي", "ه", "ات", "ين", "ون")) or norm[0] in "بلك"
                or definite and not bare_seen
            ):
                continue
            out.add(norm)
            bare_seen = bare_seen or not definite
        return frozenset(out)

    def _latest_mention(
        self, view: DocView, sp: _Speaker, cue_start: int, pool: list[_Speaker]
    ) -> _Speaker:
        """GUIDELINES point an implicit speaker at the *latest* earlier
        mention of that person in any role (``ولم يفصح ترامب ...، قائلاً``),
        so a later bare name outside quotations replaces the phrase. A
        title-only phrase (``الرئيس الأميركي``) borrows the names of the
        earlier phrase it repeats (``الرئيس الأميركي، دونالد ترامب``)."""
        names = self._name_words(view, sp.start, sp.end)
        if not names:
            head = view.norms[sp.start:sp.end]
            for other in reversed(pool):
                if other.start >= sp.start:
                    continue
                if view.norms[other.start:other.start + len(head)] == head:
                    names = self._name_words(view, other.start, other.end)
                    if names:
                        break
        if not names:
            return sp
        for k in range(cue_start - 1, sp.end - 1, -1):
            norm = view.norms[k]
            if view.quote_at[k] == -1 and (
                norm in names or norm[:1] in "ولبف" and norm[1:] in names
                or norm[:2] == "لل" and "ال" + norm[2:] in names
            ):
                return _Speaker(k, k + 1, sp.gender, sp.number)
        return sp

    def _statement_owner(self, view: DocView, start: int, end: int) -> _Speaker | None:
        """The owner of a statement noun earlier in the sentence (``جاء ذلك
        في تغريدة لفلان ...، حيث قال``): the ``لـX`` word after a reporting
        noun is the latest mention of the speaker, and GUIDELINES make that
        mention the SOURCE (``لقرقاش`` counts as a mention)."""
        found = None
        for k in range(start, end - 1):
            if not self.lex.has("statement_nouns", view.norms[k]) or view.quote_at[k] != -1:
                continue
            j = view.skip_space(k + 1)
            norm = view.norms[j] if j < end else ""
            if (
                len(norm) > 3 and norm[0] == "ل" and not view.punct[j]
                and not norm.endswith(("ه", "ها", "هم"))
                and not self.lex.has("addressees", norm[1:])
                and not self.lex.has("scare_quote_triggers", norm[1:])
                and not self.lex.has("time_adjuncts", norm[1:])
                and not self.lex.has("time_adjuncts", norm)
            ):
                found = _Speaker(j, j + 1, None, None)
        return found

    @staticmethod
    def _relays(view: DocView, end: int, cue_starts: set[int], feats: dict) -> bool:
        """``وحسب رويترز، قالت ...``: an outlet right before a reporting verb
        only relays that verb's speaker, so it is nobody's antecedent (a
        participle, ``حسب المصدر، مضيفاً``, continues the outlet instead)."""
        while end < len(view) and (view.texts[end] in COMMAS or view.space[end]):
            end += 1
        return end in cue_starts and feats.get(str(end), {}).get("kind") == "verb"

    def _names_speaker(self, view: DocView, start: int, end: int) -> bool:
        """Whether a phrase names someone who can speak (a title, a source,
        an institution, a person): ``حسب تصريح المصدر الأمني`` does, ``وفق
        الإعلان الأخير`` does not, so only the first may be an antecedent."""
        for k in range(start, end):
            norm = view.norms[k]
            bare = norm[2:] if norm.startswith("ال") else norm
            if any(
                self.lex.has(cls, w) for cls in _SPEAKER_WORDS for w in (norm, bare)
            ):
                return True
        return False

    @staticmethod
    def _agreeing(pool: list[_Speaker], cue: Span, feat: dict) -> _Speaker | None:
        gender, number = feat.get("gender"), feat.get("number")
        for sp in reversed(pool):
            if sp.end > cue.start:
                continue
            if gender and sp.gender and sp.gender != gender:
                continue
            if number == "p" and sp.number == "s" and sp.gender != "f":
                continue
            return sp
        return None

    # -- main -------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        view = DocView.of(doc)
        feats = feats_of(doc)
        cues = list(doc.spans[CANDIDATES_KEY]) if CANDIDATES_KEY in doc.spans else []
        cue_starts = {c.start for c in cues}
        mentions = list(doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in doc.spans else []
        mention_pool = [
            _Speaker(
                m.start, m.end,
                self.phrases.gender(view, m.start, m.end)
                or ("f" if m.label_ == FEMININE_MENTION else None),
                None,
            )
            for m in mentions
        ]
        speakers: list[_Speaker] = []
        atts: list[Attribution] = []
        used: set[tuple[int, int]] = set()
        absorbed: set[int] = set()  # ``قائلاً`` that only opens its verb's quotation
        for cue in cues:
            feat = feats.get(str(cue.start), {})
            kind = feat.get("kind")
            if feat.get("reject") or cue.start in absorbed or self._aside(view, cue, feat):
                continue
            if kind == "noun":
                content, pattern = self._nominal_content(view, cue, feat, cue_starts)
            elif kind == "colon":
                end = self._content_end(view, cue.end, cue_starts, feats)
                content, pattern = self._span(view, cue.end, end), "headline"
            else:
                content, pattern = self._verb_content(view, cue, feat, cue_starts)
                part = self._saying_participle(view, cue, feat, cue_starts)
                if content is not None and part is not None:
                    absorbed.add(part)
                if content is not None and feat.get("relay") is not None:
                    absorbed.add(feat["relay"])  # ``نقلاً عن X`` after the outlet
            if content is None or (content.start, content.end) in used:
                src = feat.get("source")
                if src and (
                    kind == "verb" and not self._passive_description(view, cue, feat)
                    or kind == "noun" and self._names_speaker(view, *src)
                    and not self._relays(view, src[1], cue_starts, feats)
                ):
                    # still a mention of someone who spoke (``حسب تصريح X، مضيفاً``)
                    speakers.append(_Speaker(src[0], src[1], _source_gender(feat), None))
                continue
            if content.start <= cue.start < content.end:
                continue
            if feat.get("source") and self.lex.has("event_nouns", view.norms[feat["source"][0]]):
                continue  # ``وتطرق اللقاء إلى ...``: a meeting covers topics, it says nothing
            used.add((content.start, content.end))
            src = feat.get("source")
            source = Span(doc, src[0], src[1], label="SOURCE") if src else None
            antecedent = None
            confidence = float(feat.get("weight", 0.7)) * PATTERN_WEIGHT.get(pattern, 0.7)
            if source is None:
                sp = self._implicit(view, speakers, mention_pool, cue, feat)
                if sp is not None and sp.end == cue.start:
                    # the subject right before its verb (SVO, headlines:
                    # ``برلماني يؤكد``) is an explicit source, not an antecedent
                    source = Span(doc, sp.start, sp.end, label="SOURCE")
                    confidence *= 0.85
                elif sp is not None:
                    antecedent = Span(doc, sp.start, sp.end, label="SOURCE")
                    confidence *= 0.85
                else:
                    confidence *= 0.7
            if source is not None:
                speakers.append(_Speaker(source.start, source.end, _source_gender(feat), None))
            if antecedent is not None:
                speakers.append(_Speaker(antecedent.start, antecedent.end, None, None))
            if confidence < self.min_confidence:
                continue
            atts.append(
                Attribution(
                    cue=Span(doc, cue.start, cue.end, label="CUE"),
                    contents=(content,),
                    source=source,
                    antecedent=antecedent,
                    kind=kind_of([content], text=view.text),
                    confidence=round(min(1.0, confidence), 4),
                    features={"pattern": pattern},
                )
            )
        set_attributions(doc, atts)
        return doc


def feats_of(doc: Doc) -> dict:
    return doc._.get(FEATS_ATTR) or {}


def _source_gender(feat: dict) -> str | None:
    """Gender of an explicit speaker: for the subject of a singular verb
    (``وقال فيصل ...``, ``وقالت كارلا ...``) the verb's own, since a verb
    agrees with its singular subject and names carry no reliable gender mark
    (``سيسيه`` ends like a feminine pronoun); else its head's. A later
    ``وأضافت`` must not fall back on a man the verb marked as masculine."""
    if feat.get("kind") == "verb" and feat.get("number") == "s" and feat.get("gender"):
        return feat["gender"]
    return feat.get("source_gender")


def _strict(feat: dict) -> bool:
    """Low-prior verbs (``وصف``, ``طالب``, ...) need an explicit frame: a bare
    noun phrase after them is too often an object rather than a claim."""
    return float(feat.get("weight", 1.0)) < 0.8


@Language.factory(
    "attrib_linker",
    default_config={"lexicon_dir": None, "min_confidence": 0.0, "search_window": 25},
)
def make_linker(
    nlp: Language, name: str, lexicon_dir: str | None, min_confidence: float, search_window: int
) -> Linker:
    return Linker(
        load_lexicon(lexicon_dir), min_confidence=min_confidence, search_window=search_window
    )
