"""The Arabic tokenizer with the punctuation fixes attribution needs.

``spacy.blank("ar")`` leaves a closing quote glued to the word before a full
stop (``التعاون".``) and a quote glued between words (``أن"مستجدات``), which
would put CONTENT boundaries inside tokens. We extend the suffix and infix
rules so every quotation mark and closing punctuation is a token of its own.
Registered as a tokenizer factory so configs and saved pipelines rebuild it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.lang.ar import Arabic
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .lex_attrs import install as install_lex_attrs
from .regex_guard import AffixSearch
from .scheme import QUOTE_MARKS

_QUOTES = [q for q in QUOTE_MARKS if q != "'"]
_PUNCT = ["\\.", "،", "؛", ",", ";", ":", "!", "\\?", "؟", "…", "\\)", "\\]"]


def _suffixes() -> list[str]:
    escaped = [q.replace('"', '\\"') for q in _QUOTES]
    # A closing quote or bracket before final punctuation: split both.
    return [*escaped, *_PUNCT, "\\'"]


def _prefixes() -> list[str]:
    return [*_QUOTES, "\\(", "\\[", "\\'"]


def _infixes() -> list[str]:
    quotes = "".join(_QUOTES)
    return [
        f"(?<=[\\w:،؛])[{quotes}](?=[\\w])",
        f"(?<=[{quotes}])[.،؛:,;!؟?](?=[\\w])",
        f"(?<=[\\w])[،؛:](?=[\\w{quotes}])",
        # A full stop glued between Arabic words (``أخرى.وأضاف``) ends a sentence.
        "(?<=[\u0621-\u064a0-9٠-٩])\\.(?=[\u0621-\u064a])",
    ]


def _url_match(base: Callable | None) -> Callable | None:
    """spaCy's URL pattern takes ``أخرى.وأضاف`` or ``2018.وحتى`` (words glued
    by a full stop) for a domain name; URLs in news never start with an
    Arabic letter nor have one right after a dot, so such strings are left to
    the infix rules. Kept a regex so the tokenizer still serialises."""
    pattern = getattr(getattr(base, "__self__", None), "pattern", None)
    if pattern is None:
        return base
    flags = ""
    if pattern.startswith("(?") and ")" in pattern and pattern[2:pattern.index(")")].isalpha():
        flags, pattern = pattern[: pattern.index(")") + 1], pattern[pattern.index(")") + 1:]
    return re.compile(flags + "(?![\u0600-\u06ff])(?!\\S*\\.[\u0600-\u06ff])" + pattern).match


def customize(tokenizer: Tokenizer) -> Tokenizer:
    """Our affix rules on top of spaCy's Arabic ones. The suffix and infix
    searches skip words of letters only and go behind a guard on the
    characters their matches start with (same matches, far fewer tries: see
    :mod:`attrib.regex_guard`); prefixes are anchored at the start already
    and gain nothing from it."""
    defaults = Arabic.Defaults
    tokenizer.prefix_search = compile_prefix_regex(
        list(defaults.prefixes or []) + _prefixes()
    ).search
    tokenizer.suffix_search = AffixSearch(
        compile_suffix_regex(list(defaults.suffixes or []) + _suffixes())
    ).search
    tokenizer.infix_finditer = AffixSearch(
        compile_infix_regex(list(defaults.infixes or []) + _infixes())
    ).finditer
    return tokenizer


@spacy.registry.tokenizers("attrib.arabic_tokenizer.v1")
def create_arabic_tokenizer() -> Callable[[Language], Tokenizer]:
    def make(nlp: Language) -> Tokenizer:
        install_lex_attrs(nlp.vocab)
        base = spacy.blank("ar").tokenizer
        tokenizer = Tokenizer(
            nlp.vocab,
            rules=base.rules,
            prefix_search=base.prefix_search,
            suffix_search=base.suffix_search,
            infix_finditer=base.infix_finditer,
            token_match=base.token_match,
            url_match=_url_match(base.url_match),
        )
        return customize(tokenizer)

    return make


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "attrib.arabic_tokenizer.v1"}}}


def blank() -> Language:
    """An empty Arabic pipeline with attrib's tokenizer (for gold docs and tests)."""
    return spacy.blank("ar", config=TOKENIZER_CONFIG)
