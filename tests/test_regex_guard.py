"""The first-character guard never changes what a pattern finds."""

import re

from spacy.lang.ar import Arabic
from spacy.util import compile_infix_regex, compile_suffix_regex

from attrib.regex_guard import AffixSearch, guarded
from attrib.tokenizer import blank

SAMPLES = [
    "قال",
    'للتعاون".',
    "أخرى.وأضاف",
    "20كم",
    "5م",
    "100%",
    "word-word",
    "a,b",
    "...",
    "«كلا»",
    "2018.وحتى",
    "x:y",
    "3+4",
    "",
]


def _spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


def test_guarded_search_finds_the_same_suffixes():
    regex = compile_suffix_regex(list(Arabic.Defaults.suffixes))
    fast = guarded(regex)
    assert fast.pattern != regex.pattern
    for text in SAMPLES:
        found, expected = fast.search(text), regex.search(text)
        assert _spans([found] if found else []) == _spans([expected] if expected else [])


def test_guarded_finditer_finds_the_same_infixes():
    regex = compile_infix_regex(list(Arabic.Defaults.infixes))
    fast = guarded(regex)
    assert fast.pattern != regex.pattern
    for text in SAMPLES:
        assert _spans(fast.finditer(text)) == _spans(regex.finditer(text))


def test_guard_keeps_lookbehind_units():
    # ``م`` is a letter, but after a digit it is a unit suffix: it must stay
    # among the characters a match may start with.
    regex = re.compile(r"(?<=[0-9])(?:كم|م)$|\.$")
    fast = guarded(regex)
    assert fast.search("20كم").span() == (2, 4)
    assert fast.search("قال.").span() == (3, 4)
    assert fast.search("كلام") is None


def test_patterns_that_may_match_nothing_are_left_alone():
    for pattern in (r"a*", r"(?=x)", r"[^a]b", r"(?i)ab", r".b"):
        regex = re.compile(pattern)
        assert guarded(regex) is regex


def test_tokenizer_affix_searches_are_guarded():
    tokenizer = blank().tokenizer
    assert tokenizer.suffix_search.__self__.pattern.startswith("(?=[")
    assert tokenizer.infix_finditer.__self__.pattern.startswith("(?=[")


def test_affix_search_skips_words_of_letters_only_when_nothing_can_match():
    units = AffixSearch(re.compile(r"(?<=[0-9])(?:كم|م)$|\.$"))
    assert units.skip_letters  # the letters need a digit before them
    assert units.search("كلام") is None
    assert units.search("20كم").span() == (2, 4)
    assert list(units.finditer("قال")) == []
    letters = AffixSearch(re.compile(r"كم$|\.$"))
    assert not letters.skip_letters
    assert letters.search("حكم").span() == (1, 3)


def test_tokenizer_affix_searches_survive_serialisation():
    nlp = blank()
    restored = blank().tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    text = 'قال: "نعم للتعاون". أخرى.وأضاف 20كم'
    assert [t.text for t in restored(text)] == [t.text for t in nlp(text)]
