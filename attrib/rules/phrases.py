"""Speaker noun phrases without a parser.

No Arabic tagger can be downloaded, so the speaker phrase after a cue
(``وقال وزير الخارجية سامح شكري``) is delimited by what *ends* it, which in
news Arabic is a closed class: time/place adjuncts (``اليوم``, ``في بيان``,
``خلال``), outlets with an attached ``لـ`` (``لوكالة``), complementizers,
colons, quotations, commas, another cue, or a nominalised claim
(``أهمية ...``). A title and a name in apposition across a comma stay one
phrase (``الرئيس المصري، عبد الفتاح السيسي``).
"""

from __future__ import annotations

from .lexicon import Lexicon, looks_like_masdar
from .view import COMMAS, DocView, is_quote

_FEMININE_ENDINGS = ("ه", "ات")
# Classes after which ``في`` is an adjunct of the statement, not of the title.
_OCCASIONS = (
    "reporting_nouns", "statement_nouns", "event_nouns", "verbal_nouns", "time_words",
    "time_adjuncts", "demonstratives", "adverbial_heads",
)
# Classes of words after which a title goes on (``الأمين العام``).
_TITLE_CLASSES = ("titles", "feminine_nouns", "speaker_heads", "title_modifiers")
# Word types whose "ends a phrase" answer is kept (bounded: a corpus run
# must not grow memory without end).
_WORD_CACHE = 200_000


class PhraseFinder:
    def __init__(self, lexicon: Lexicon, max_tokens: int = 14):
        self.lex = lexicon
        self.max_tokens = max_tokens
        words = lexicon.words
        # Words that always end a phrase, merged once (this runs per token).
        self._hard_stops = frozenset().union(
            words.get("complementizers", ()), words.get("time_adjuncts", ()),
            words.get("claim_nouns", ()), words.get("auxiliaries", ()),
            words.get("interrogatives", ()),
            lexicon.forms, lexicon.nominal_cues,
            {":", "و", "او", "ثم", "لكن", "بل"},
        )
        self._prefixed = frozenset().union(
            words.get("addressees", ()), words.get("reporting_nouns", ()),
            words.get("scare_quote_triggers", ()), words.get("time_adjuncts", ()),
        )
        self._title_words = frozenset().union(*(words.get(c, ()) for c in _TITLE_CLASSES))
        self._word_stops: dict[str, bool] = {}
        # prepositions that may say where a title serves or whom it belongs
        # to (``مندوب روسيا في الأمم المتحدة``, ``مسؤولون من شركة ...``)
        self._locatives = words.get("title_locatives", frozenset())
        self._title_links = words.get("title_links", frozenset())
        self._title_modifiers = words.get("title_modifiers", frozenset())
        self._occasions = frozenset().union(*(words.get(c, ()) for c in _OCCASIONS))

    def _continues_title(self, view: DocView, k: int) -> bool:
        """Words that carry a title on (``الأمين العام``, ``المتحدث باسم
        الوزارة``, ``المتحدث الرسمي لمركز ...``) though they would end a
        phrase elsewhere (``العام الماضي``, ``لوكالة``)."""
        if k == 0 or view.norms[k - 1] not in self._title_words:
            return False
        norm = view.norms[k]
        if norm in self._title_links:
            return True
        if norm in self._title_modifiers:
            nxt = view.skip_space(k + 1)
            after = view.norms[nxt] if nxt < len(view) else ""
            # ``الوزير العام الماضي``: a time phrase after all (but ``النائب
            # العام السابق``: another modifier carries the title on)
            return after in self._title_modifiers or not (
                self.lex.has("time_words", after) or self.lex.has("time_adjuncts", after)
            )
        if len(norm) <= 3 or norm[0] != "ل":
            return False
        org = "ا" + norm[1:] if norm.startswith("لل") else norm[1:]
        return self.lex.has("organisation_heads", org) and not self.lex.has("addressees", org)

    def _stops(self, view: DocView, k: int) -> bool:
        # (the first test of _continues_title, inlined: this runs per token)
        if k and view.norms[k - 1] in self._title_words and self._continues_title(view, k):
            return False
        if view.is_sentence_end(k):  # a final mark or a newline
            return True
        text = view.texts[k]
        stop = self._word_stops.get(text)
        if stop is None:
            stop = self._stops_as_word(text, view.norms[k], view.space[k], view.num[k],
                                       view.punct[k])
            if len(self._word_stops) < _WORD_CACHE:
                self._word_stops[text] = stop
        return stop

    def _stops_as_word(self, text: str, norm: str, space: bool, num: bool, punct: bool) -> bool:
        """What ends a phrase whatever stands around it, decided once per
        word type (the token's neighbours are :meth:`_stops`' part)."""
        if norm in self._hard_stops:
            # ``رئيس البرلمان علي لاريجاني``: spelled with ي, not ى, ``علي``
            # is the name, though it normalises like the preposition ``على``
            return text != "علي"
        if is_quote(text) or text in "()[]-–—/" or text in COMMAS or ")" in text:
            return True  # (``CNN)--`` of a dateline is one token)
        if text == "#" or space:
            return False  # hashtags and in-line NBSP tokens stay inside names
        if num or punct:
            return True
        if "\u064b" in text:  # tanween fatha: an adverb or object (رسمياً), not a subject
            return True
        # ``لوكالة``, ``للصحفيين``, ``ببيان``: an outlet, addressee or manner.
        return len(norm) > 2 and norm[0] in "لب" and (
            norm[1:] in self._prefixed
            or norm.startswith("لل") and self.lex.has("addressees", "ا" + norm[1:])
        )

    looks_like_masdar = staticmethod(looks_like_masdar)

    def _noun_like_form(self, norm: str) -> bool:
        """A bare strict verb form in its lemma shape (``طالب`` "student",
        ``بين``) right where a subject starts reads as a noun: ``أقر طالب
        جامعي``."""
        form = self.lex.forms.get(norm)
        return (
            form is not None and form.strict and form.kind == "verb"
            and not form.proclitic and norm == form.lemma
        )

    def verb_homograph(self, view: DocView, k: int) -> bool:
        """A preposition spelled like a verb (``عبر``: via / expressed) is the
        verb when a title follows it (``عبر الوزير عن سعادته``)."""
        if not self.lex.has("verb_homographs", view.norms[k]):
            return False
        j = view.skip_space(k + 1)
        return j < len(view) and self.lex.has("titles", view.norms[j])

    def strong_claim_at(self, view: DocView, k: int) -> bool:
        """A claim noun that is never an object or adjunct (``ضرورة``,
        ``أهمية``, ``عدم``) at ``k`` (past in-line spaces): it opens a
        nominalised claim after any cue, participles and strict verbs included
        (``مؤكداً ضرورة ...``)."""
        k = view.skip_space(k)
        return k < len(view) and self.lex.has("strong_claim_nouns", view.norms[k])

    def after(
        self, view: DocView, j: int, limit: int | None = None, preps: tuple[str, ...] = ()
    ) -> tuple[int, int] | None:
        """The speaker phrase starting at token ``j``, as a token range; it
        also ends where the cue's own preposition opens the content
        (``وطالب الصحافي فلان بإيقاع ...``)."""
        n = min(len(view), limit if limit is not None else len(view))
        j = view.skip_space(j)
        k = j
        # (hot loop: attributes bound once)
        norms, name_end, stops = view.norms, view.name_end, self._stops
        stop_at = min(n, j + self.max_tokens)
        while k < stop_at:
            name = name_end.get(k)
            if name is not None:  # a quoted name inside the phrase: شركة "قطر غاز"
                k = name
                continue
            norm = norms[k]
            if (
                k > j and norm in self._locatives and norm not in preps
                and self._locative_continues(view, j, k)
            ):
                k += 1  # ``مندوب روسيا في الأمم المتحدة``: the title's place
                continue
            if stops(view, k) and not (k == j and self._noun_like_form(norm)):
                break
            if k >= j + 2 and norm.startswith("ال") and self._object_after_indefinite(
                view, j, k
            ):
                break
            if k > j and not self._continues_title(view, k) and (
                self.looks_like_masdar(norm)
                or preps and self.lex.is_prep_opener(norm, preps)
            ):
                break
            k += 1
        while k > j and (view.space[k - 1] or view.texts[k - 1] == "#"):
            k -= 1
        if k == j:
            return None
        if view.name_end.get(j) == k and k - j > 2 and is_quote(view.texts[j]):
            # ``ولفت "فلان" إلى``: a quoted name alone is the name, without its marks
            return j + 1, k - 1
        # Apposition: a title-led phrase, a comma, then a short name segment.
        if (
            k < n
            and view.texts[k] in COMMAS
            and k - j <= 8
            and self.lex.has("titles", view.norms[j])
        ):
            m = view.skip_space(k + 1)
            if m < n and self.lex.has("titles", view.norms[m]):
                # a second title: ``القيادي فلان، عضو اللجنة المركزية ... أنه``
                rng = self.after(view, m, limit=limit, preps=preps)
                if rng is not None and self._closes_phrase(view, rng[1], n):
                    return j, rng[1]
            while m < n and m - (k + 1) < 4 and not self._stops(view, m):
                if m == k + 1 and self.looks_like_masdar(view.norms[m]):
                    break  # ``اللواء فلان، استخدام ...``: the claim, not a name
                m += 1
            follows_ok = m >= n or view.texts[m] in COMMAS or view.norms[m] == ":" or (
                self.lex.has("complementizers", view.norms[m])
                or self.lex.has("time_adjuncts", view.norms[m])
                or view.is_sentence_end(m)
            )
            if m > k + 1 and follows_ok:
                k = m
        elif (
            k + 1 < n
            and view.texts[k] in COMMAS
            and k - j <= 4
            and not self.lex.has("titles", view.norms[j])
            and self.lex.has("titles", view.norms[view.skip_space(k + 1)])
        ):
            # Name first, then its title: ``دمتري بيسكوف، المتحدث باسم الكرملين،``
            m = self.after(view, k + 1, limit=limit, preps=preps)
            if m is not None and self._closes_phrase(view, m[1], n):
                k = m[1]
        return j, k

    def _locative_continues(self, view: DocView, j: int, k: int) -> bool:
        """``في``/``لدى`` after a title or institution with no name yet
        (``القوات الأمريكية في أفغانستان``, ``السفيرة لدى الأمم المتحدة``)
        says where it serves; before an occasion, a time, a demonstrative or
        a suffixed noun (``في بيان``, ``في وقت سابق``, ``في حديثه``) it is an
        adjunct and ends the phrase."""
        head = view.norms[j]
        if not (head in self._title_words or self.lex.has("organisation_heads", head)):
            return False
        if any(
            m in view.name_end or view.norms[m] not in self._title_words
            and self.lex.has("person_names", view.norms[m])
            for m in range(j, k)
        ):
            return False  # after a name ``في`` is where the person spoke
        m = view.skip_space(k + 1)
        if m >= len(view) or view.punct[m] or view.num[m] or view.quote_at[m] != -1:
            return False
        nxt = view.norms[m]
        bare = nxt[2:] if nxt.startswith("ال") else nxt
        return not (
            nxt in self._hard_stops or nxt in self._occasions or bare in self._occasions
            or nxt.endswith(("ه", "ها", "هم")) and not nxt.startswith("ال")
            or self.looks_like_masdar(nxt)
        )

    def _object_after_indefinite(self, view: DocView, j: int, k: int) -> bool:
        """``ووصف سكان محليون الحكومة بـ``: after an indefinite noun and
        its nisba adjective, a definite word cannot go on the phrase (an
        adjective would agree in definiteness): it opens the object."""
        last = view.norms[k - 1]
        if not (len(last) > 3 and last.endswith(("ي", "يه", "يون", "يين", "ون"))):
            return False
        if k - 1 in view.name_end or self.lex.has("person_names", last):
            return False
        if self.lex.has("titles", view.norms[j]):
            return False
        return not any(view.norms[m][:2] == "ال" or view.space[m] for m in range(j, k))

    def _closes_phrase(self, view: DocView, m: int, n: int) -> bool:
        """What may follow a complete speaker phrase: a comma, a colon, a
        complementizer, a time adjunct or the end of the sentence."""
        return m >= n or view.texts[m] in COMMAS or view.norms[m] == ":" or (
            self.lex.has("complementizers", view.norms[m])
            or self.lex.has("time_adjuncts", view.norms[m])
            or view.is_sentence_end(m)
            # ``... المتحدث باسم الكرملين للصحفيين``: an addressee or outlet
            or view.norms[m][:1] == "ل" and self._stops(view, m)
        )

    def before(
        self, view: DocView, i: int, start: int, opener: bool = True
    ) -> tuple[int, int] | None:
        """A subject phrase ending just before the cue at ``i`` (SVO and
        headlines), beginning no earlier than ``start``. With ``opener`` the
        phrase must open its clause (else it is an object or adjunct)."""
        k = i
        while k > start and i - k < self.max_tokens and not self._stops(view, k - 1):
            k -= 1
        while k < i and (view.space[k] or view.texts[k] == "#" and k + 1 == i):
            k += 1
        if k == i:
            return None
        if opener and k > start and not (
            view.texts[k - 1] in COMMAS or view.is_sentence_end(k - 1)
            or view.norms[k - 1] in ("و", ":")
            or self.lex.has("clause_openers", view.norms[k - 1])
            or self.lex.has("complementizers", view.norms[k - 1])
            or self.lex.has("auxiliaries", view.norms[k - 1])
            or view.texts[k - 1] in "-–—"
        ):
            return None  # the phrase does not open a clause: an object or adjunct
        return k, i

    def gender(self, view: DocView, start: int, end: int) -> str | None:
        """Grammatical gender of a speaker phrase from its head (first word)."""
        head = view.norms[start]
        if head in self.lex.pronouns:
            return self.lex.pronouns[head]
        if self.lex.has("feminine_nouns", head):
            return "f"
        if self.lex.has("titles", head):
            return "f" if head.endswith(_FEMININE_ENDINGS) else "m"
        if end - start == 1 and head.endswith("ه"):
            return "f"
        return None
