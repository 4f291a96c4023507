"""``attrib_quotes``: find quotations and tell them from quoted names.

Arabic news mixes ``« »``, curly ``“ ” „``, straight ``"`` and sometimes
``'`` quotes, often swaps the curly pair in right-to-left text, nests one
style inside another, and sometimes never closes a quotation. We scan the
quotation-mark tokens of each paragraph once: each family of marks opens and
closes independently, the outermost pairs become spans, and an unclosed one
runs to the end of its paragraph (GUIDELINES: "A quotation that is never
closed ends where the paragraph ends").

Short quotations naming an outlet, a programme or a term (``تلقته "بغداد
اليوم"``) are labelled ``NAME`` instead of ``QUOTE`` so the linker never
takes them as content.
"""

from __future__ import annotations

from itertools import compress
from operator import methodcaller

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..rules.lexicon import Lexicon, load_lexicon
from ..rules.view import QUOTES_KEY, token_columns
from ..text import normalize

# Quote family of each mark and whether it can only open / only close.
_FAMILY = {"«": "g", "»": "g", "“": "c", "”": "c", "„": "c", "‟": "c", '"': "s", "'": "a"}
_OPEN_ONLY = {"«", "„"}
_CLOSE_ONLY = {"»"}
_GLUED_CLOSE = ('"', "»", "”")
# Marks that end a quoted sentence or clause, written inside the quotation.
_CLOSING_PUNCT = frozenset({".", "،", ",", "!", "؟", "?", "…", "...", "؛", ";"})


def _apostrophe_ok(doc: Doc, i: int) -> bool:
    """A straight ``'`` counts as a quote only between spaces and Arabic
    letters, never inside Latin words (``don't``)."""
    tok = doc[i]
    prev_alpha = i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text[-1:].isascii()
    nxt_alpha = i + 1 < len(doc) and not tok.whitespace_ and doc[i + 1].text[:1].isascii()
    return not (prev_alpha and doc[i - 1].text[-1:].isalpha()) and not (
        nxt_alpha and doc[i + 1].text[:1].isalpha()
    )


class QuoteFinder:
    """Pairs quotation marks into QUOTE / NAME spans in ``doc.spans["attrib_quotes"]``."""

    def __init__(self, lexicon: Lexicon, name_max_tokens: int = 4):
        self.lexicon = lexicon
        self.name_max_tokens = name_max_tokens

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        para_start = 0
        marks: list[int] = []
        cols = token_columns(doc)
        texts = cols.texts
        # Only newlines and quotation marks matter here.
        marks_at = compress(range(len(texts)), map(_FAMILY.__contains__, texts))
        # A closing mark the tokenizer left glued to its word (``جدا".ويبلغ``).
        ends_mark = map(methodcaller("endswith", _GLUED_CLOSE), texts)
        glued = {
            i for i in compress(range(len(texts)), ends_mark)
            if len(texts[i]) > 1 and texts[i][-2].isalpha()
        }
        if glued:
            marks_at = sorted({*marks_at, *glued})
        breaks_at = [i for i in cols.finals if cols.brk[i]]
        for i in sorted([*marks_at, *breaks_at]):
            text = texts[i]
            if "\n" in text:
                spans.extend(self._pair(doc, marks, para_start, i))
                marks = []
                para_start = i + 1
            elif text in _FAMILY and (text != "'" or _apostrophe_ok(doc, i)) or i in glued:
                marks.append(i)
        spans.extend(self._pair(doc, marks, para_start, len(doc)))
        doc.spans[QUOTES_KEY] = [self._label(doc, s) for s in spans]
        return doc

    def _pair(self, doc: Doc, marks: list[int], start: int, end: int) -> list[Span]:
        """Outermost quotation spans of one paragraph (token range start:end)."""
        out: list[Span] = []
        open_at: int | None = None  # index of the outermost open mark
        family: str | None = None
        reversed_g = False  # guillemets written »...« (right-to-left habit)
        depth = 0
        for i in marks:
            ch = doc[i].text
            if len(ch) > 1:  # a glued closing mark: it can only close
                ch = ch[-1]
                if open_at is None or _FAMILY[ch] != family:
                    continue
                side = "close"
            else:
                side = self._side(doc, i, end) if _FAMILY[ch] in "sac" else ""
            fam = _FAMILY[ch]
            if open_at is None:
                if ch in _CLOSE_ONLY and not self._opens_here(doc, i, end):
                    continue
                if side == "close":
                    continue  # a stray closing mark (its opening one is missing)
                open_at, family, depth = i, fam, 1
                reversed_g = ch == "»"
                continue
            if fam != family:
                continue  # a nested quotation of another style
            if side == "open" and fam == family:
                open_at = i  # the quote opened before was never closed: restart here
                continue
            if reversed_g:
                # ``»المهاري»``: a ``»`` glued to the word before it closes
                closes = ch != "»" or self._side_g(doc, i, end) == "close"
                depth += -1 if closes else 1
            elif ch in _OPEN_ONLY:
                depth += 1
                continue
            elif ch in _CLOSE_ONLY or fam != "g":
                depth -= 1
            if depth <= 0:
                out.append(Span(doc, open_at, i + 1, label="QUOTE"))
                open_at, family, depth = None, None, 0
        if open_at is not None:
            stop = end
            while stop > open_at + 1 and doc[stop - 1].is_space:
                stop -= 1
            if stop > open_at + 1:
                out.append(Span(doc, open_at, stop, label="QUOTE"))
        return out

    @staticmethod
    def _side(doc: Doc, i: int, end: int) -> str:
        """Which way a symmetric mark faces, from the spaces around it:
        ``كلمة" قال`` closes, ``قال "كلمة`` opens; "" when unclear."""
        # A word, or a clause mark that ends quoted text (``المزعجة،" للهجوم``),
        # glued before the mark closes it; a word glued after it opens.
        glued_prev = i > 0 and not doc[i - 1].whitespace_ and (
            not doc[i - 1].is_punct or doc[i - 1].text in _CLOSING_PUNCT
        )
        glued_next = (
            not doc[i].whitespace_ and i + 1 < end
            and not doc[i + 1].is_punct and not doc[i + 1].is_space
        )
        if glued_prev and not glued_next:
            return "close"
        if glued_next and not glued_prev:
            return "open"
        return ""

    @staticmethod
    def _side_g(doc: Doc, i: int, end: int) -> str:
        """Which way a guillemet faces when the writer used one character for both."""
        glued_prev = i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].is_punct
        glued_next = not doc[i].whitespace_ and i + 1 < end and not doc[i + 1].is_punct
        return "close" if glued_prev and not glued_next else ""

    @staticmethod
    def _opens_here(doc: Doc, i: int, end: int) -> bool:
        """A reversed ``»`` used as an opening mark: followed by a word."""
        return i + 1 < end and not doc[i + 1].is_punct and not doc[i + 1].is_space

    def _label(self, doc: Doc, span: Span) -> Span:
        """QUOTE, or NAME for a quoted name, title or term: short, closed, and
        read on by the sentence (followed by a word or a complementizer, as in
        ``وأوضح "الزمهري" أن``), or right after an outlet/term trigger word."""
        cols = token_columns(doc)
        texts, space, punct = cols.texts, cols.space, cols.punct
        # Words inside the quotation, counted only as far as the tests below
        # look (quotations can be paragraphs long).
        limit = self.name_max_tokens + 3
        inner = 0
        for i in range(span.start, span.end):
            if not (space[i] or punct[i]):
                inner += 1
                if inner >= limit:
                    break
        closed = span[-1].text[-1:] in _FAMILY and span.end - span.start > 1
        if not closed:
            return Span(doc, span.start, span.end, label="QUOTE")
        before = doc[span.start - 1] if span.start > 0 else None
        prev = normalize(before.text) if before is not None else ""
        introduced = prev in {":", ""} or self.lex_is_opener(prev)
        trigger = self.lexicon.has("scare_quote_triggers", prev) or (
            prev.startswith("ل") and self.lexicon.has("scare_quote_triggers", prev[1:])
        )
        after = doc[span.end] if span.end < len(doc) else None
        nxt = normalize(after.text) if after is not None else ""
        ends = after is None or "\n" in after.text or nxt in {".", "!", "؟", "?", ":", "…"}
        reads_on = not ends and (
            (after is not None and not after.is_punct)
            or self.lexicon.has("complementizers", nxt)
        )
        short = inner <= self.name_max_tokens
        form = self.lexicon.forms.get(prev)
        if short and form is not None and form.kind == "verb" and nxt in ("،", ","):
            reads_on = True  # ``وقال "المعهد الوطني"، الهيئة ...``: the speaker's name
        if short and nxt == ":" and span.end + 1 < len(doc) and (
            doc[span.end + 1].text in _FAMILY or doc[span.end + 2 if span.end + 2 < len(doc)
                                                     else span.end + 1].text in _FAMILY
        ):
            reads_on = True  # ``المتحدث "فلان": "..."``: a name before the quotation
        is_name = (
            (trigger and inner <= self.name_max_tokens + 2)
            or (short and reads_on and not (introduced and prev == ":"))
            or (inner <= 1 and not introduced)
        )
        if is_name and texts[span.end - 2] in _CLOSING_PUNCT:
            is_name = False  # ``"سنفتح المعبر غدا."``: a name never ends a sentence
        if is_name and introduced and self.lexicon.has("complementizers", prev):
            is_name = inner <= 1 and reads_on  # ``أن "..."`` is content
        return Span(doc, span.start, span.end, label="NAME" if is_name else "QUOTE")

    def lex_is_opener(self, norm: str) -> bool:
        return self.lexicon.has("complementizers", norm) or norm in self.lexicon.forms


@Language.factory(
    "attrib_quotes",
    default_config={"lexicon_dir": None, "name_max_tokens": 4},
)
def make_quotes(
    nlp: Language, name: str, lexicon_dir: str | None, name_max_tokens: int
) -> QuoteFinder:
    """Factory for config files: ``lexicon_dir`` overrides the packaged lexicon."""
    return QuoteFinder(load_lexicon(lexicon_dir), name_max_tokens=name_max_tokens)
