"""The attribution lexicon: reporting verbs expanded to every surface form.

Arabic reporting verbs appear with proclitics (``و ف ل س``), in every tense,
person, gender and number, with object suffixes, and as participles
(``مؤكداً``). spaCy's Arabic tokenizer never splits clitics, so instead of
analysing each token at run time we expand every lemma of the data file
(``data/lexicon/verbs.tsv``) once into a table keyed by the *normalised*
surface form (:func:`attrib.text.normalize`). Looking a token up is then one
dict access, and hamza/alef/diacritic/tatweel variants come for free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..text import normalize

# (suffix, gender, number, person) of the past tense; 2nd person reads as 3rd
# feminine for ت, which is what news text almost always means.
_PAST = [
    ("", "m", "s", 3), ("ت", "f", "s", 3), ("ا", "m", "d", 3), ("تا", "f", "d", 3),
    ("وا", "m", "p", 3), ("ن", "f", "p", 3), ("نا", None, "p", 1), ("تم", None, "p", 2),
]
# (prefix, gender, person) and (suffix, number, gender override) of the present.
_PRES_PREFIX = [("ي", "m", 3), ("ت", "f", 3), ("ن", None, 1), ("ا", None, 1)]
_PRES_SUFFIX = [("", "s", None), ("ون", "p", "m"), ("ان", "d", None), ("ن", "p", "f")]
# Participles attach a further statement in the accusative: مؤكدا، مؤكدة، مؤكدين.
_PART_SUFFIX = [("ا", "m", "s"), ("ه", "f", "s"), ("ين", "m", "p"), ("ات", "f", "p")]
_OBJECT = ["", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "نا", "ني"]
_VERB_PROCLITICS = ["", "و", "ف"]
_PRES_PROCLITICS = ["", "و", "ف", "ل", "ول", "فل", "س", "وس", "فس"]
_PART_PROCLITICS = ["", "و"]


@dataclass(frozen=True)
class CueForm:
    """What a surface form tells about the cue it spells."""

    lemma: str  # normalised past 3ms
    kind: str  # "verb" or "participle"
    gender: str | None  # "m", "f" or None (unknown / first person)
    number: str  # "s", "d", "p"
    person: int
    proclitic: str  # normalised proclitic letters ("و", "ف", ...)
    strict: bool  # needs a content frame (complementizer, colon, quote) to count
    weight: float  # prior that this form reports speech
    preps: tuple[str, ...]  # normalised prepositions introducing the content


@dataclass(frozen=True)
class VerbEntry:
    past: str
    present: str | None
    participle: str | None
    preps: tuple[str, ...]
    strictness: str
    weight: float
    extra: tuple[str, ...]


def default_lexicon_dir() -> Path:
    return Path(str(resources.files("attrib").joinpath("data/lexicon")))


def read_verbs(path: Path) -> list[VerbEntry]:
    """Parse ``verbs.tsv``; a malformed line is an error naming file and line."""
    entries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 6:
            raise ValueError(
                f"{path}:{lineno}: expected 6-7 tab-separated columns, got {len(cols)}"
            )
        past, present, part, frame, strictness, weight = cols[:6]
        if strictness not in ("free", "frame", "past"):
            raise ValueError(f"{path}:{lineno}: strictness must be free/frame/past: {strictness!r}")
        try:
            w = float(weight)
        except ValueError:
            raise ValueError(f"{path}:{lineno}: weight is not a number: {weight!r}") from None
        extra = tuple(x.strip() for x in (cols[6] if len(cols) > 6 else "").split(",") if x.strip())
        entries.append(
            VerbEntry(
                past=past.strip(),
                present=None if present.strip() in ("", "-") else present.strip(),
                participle=None if part.strip() in ("", "-") else part.strip(),
                preps=tuple(normalize(p) for p in frame.split(",") if p.strip() not in ("", "-")),
                strictness=strictness,
                weight=w,
                extra=extra,
            )
        )
    return entries


def _add(table: dict[str, CueForm], form: str, cue: CueForm) -> None:
    # First writer wins: lemmas earlier in the file are the more frequent
    # reading, and a form shared by two lemmas keeps the first one.
    table.setdefault(form, cue)


def _extra_features(form: str) -> tuple[str | None, str, int]:
    """Guess gender/number/person of an irregular form from its edges."""
    if form.endswith("نا"):
        return None, "p", 1
    if form.endswith("وا") or form.endswith("ون"):
        return "m", "p", 3
    if form.endswith("ت") or form.startswith("ت") or form.endswith("يه"):
        return "f", "s", 3
    if form.startswith("ن") or form.startswith("ا") and not form.startswith("اد"):
        return None, "s", 1
    return "m", "s", 3


def expand(entry: VerbEntry) -> dict[str, CueForm]:
    """Every normalised surface form of one lemma, with its features."""
    out: dict[str, CueForm] = {}
    lemma = normalize(entry.past)
    strict = entry.strictness != "free"

    def cue(kind: str, gender: str | None, number: str, person: int, pro: str) -> CueForm:
        return CueForm(lemma, kind, gender, number, person, pro, strict, entry.weight, entry.preps)

    stems: list[tuple[str, str | None, str, int, str]] = []  # form, g, n, p, kind
    for suffix, g, n, p in _PAST:
        stems.append((lemma + suffix, g, n, p, "verb"))
    if entry.present and entry.strictness != "past":
        base = normalize(entry.present)[1:]
        for prefix, g, p in _PRES_PREFIX:
            for suffix, n, g2 in _PRES_SUFFIX:
                stems.append((prefix + base + suffix, g2 or g, n, p, "verb"))
    for form in entry.extra:
        g, n, p = _extra_features(normalize(form))
        stems.append((normalize(form), g, n, p, "verb"))
    # Bare forms first: ``أكدنا`` is "we confirmed" before it is "he confirmed us".
    for objects in (_OBJECT[:1], _OBJECT[1:]):
        for form, g, n, p, kind in stems:
            present = form[:1] in "يتنا" and form != lemma
            clitics = _PRES_PROCLITICS if present else _VERB_PROCLITICS
            for pro in clitics:
                for obj in objects:
                    _add(out, pro + form + obj, cue(kind, g, n, p, pro))
    if entry.participle:
        base = normalize(entry.participle)
        for suffix, g, n in _PART_SUFFIX:
            for pro in _PART_PROCLITICS:
                _add(out, pro + base + suffix, cue("participle", g, n, 3, pro))
    return out


_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """All lookup tables of the rules, normalised once."""

    forms: dict[str, CueForm]
    words: dict[str, frozenset[str]]
    nominal_cues: dict[str, str]
    pronouns: dict[str, str]

    def has(self, cls: str, norm: str) -> bool:
        return norm in self.words.get(cls, _NONE)

    def has_object_suffix(self, norm: str) -> bool:
        """Whether a cue form carries an object pronoun (``وصفه``, ``اتهمتها``):
        after a relative pronoun the relative's antecedent is then the object,
        not the subject (``الذي وصفه``), and the verb is active, not passive."""
        return any(
            norm.endswith(suffix) and norm[: -len(suffix)] in self.forms
            for suffix in ("ه", "ها", "هم", "هما")
        )

    def is_prep_opener(self, norm: str, preps: tuple[str, ...] | list[str]) -> bool:
        """The verb's preposition, separate (``إلى``) or attached (``بضرورة``,
        and for ``ل`` only before a verbal noun: ``دعا X لحضور``, not
        ``لجنة``)."""
        if norm in preps:
            return norm != "ل"  # a bare ``لـ`` introduces an outlet or addressee
        if "ل" in preps and len(norm) > 4 and norm[0] == "ل" and _l_verbal_noun(norm[1:]):
            return not self.has("addressees", norm[1:])
        return (
            "ب" in preps
            and len(norm) > 3
            and norm[0] == "ب"
            and not self.has("reporting_nouns", norm[1:])
            and not self.has("time_adjuncts", norm[1:])
            and not self.has("addressees", norm[1:])
            and not self.has("titles", norm[1:])
            and not self.has("feminine_nouns", norm[1:])
            and not self.has("organisation_heads", norm[1:])
        )


def looks_like_masdar(norm: str) -> bool:
    """An indefinite verbal noun (``إرسال``, ``اعتقال``, ``تشكيل``,
    ``استئناف``): after a speaker it opens a nominalised claim."""
    n = len(norm)
    if n == 5 and norm[0] == "ا" and norm[3] == "ا":  # إفعال
        return True
    if n == 6 and norm[0] == "ا" and norm[2] == "ت" and norm[4] == "ا":  # افتعال
        return True
    if n == 6 and norm[:2] == "ان" and norm[4] == "ا":  # انفعال
        return True
    if n == 7 and norm[:3] == "است" and norm[5] == "ا":  # استفعال
        return True
    return n == 5 and norm[0] == "ت" and norm[3] == "ي"  # تفعيل


def _l_verbal_noun(rest: str) -> bool:
    """What follows an attached ``ل`` of purpose: a verbal noun, definite
    (``للتنسيق``) or not (``لتصعيد``, ``لحضور``); short ones (``لوقف``)
    look like plain nouns (``لدول``) and do not count."""
    if rest[:1] == "ل":  # ``لل`` = ``ل`` + ``ال``
        rest = rest[1:]
    n = len(rest)
    return (
        looks_like_masdar(rest)
        or n == 4 and rest[2] == "و"  # فعول: حضور
        or n == 5 and rest[0] == "ت" and rest[2] == "ا"  # تفاعل: تعاون
    )


def _norm_set(items: list[str]) -> frozenset[str]:
    return frozenset(normalize(x) for x in items)


@lru_cache(maxsize=8)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load and expand the lexicon (cached per directory: pipelines share it)."""
    base = Path(directory) if directory else default_lexicon_dir()
    verbs_path, words_path = base / "verbs.tsv", base / "words.json"
    for p in (verbs_path, words_path):
        if not p.is_file():
            raise FileNotFoundError(f"attrib lexicon file missing: {p}")
    forms: dict[str, CueForm] = {}
    for entry in read_verbs(verbs_path):
        for form, cue in expand(entry).items():
            _add(forms, form, cue)
    try:
        raw = json.loads(words_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{words_path}:{err.lineno}: invalid JSON: {err.msg}") from None
    for blocked in raw.get("blocked_forms", []):
        forms.pop(normalize(blocked), None)
    gazetteer = base / "gazetteer.json"
    if gazetteer.is_file():  # derived lists (bench/derive_gazetteers.py), optional
        try:
            derived = json.loads(gazetteer.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{gazetteer}:{err.lineno}: invalid JSON: {err.msg}") from None
        for key, value in derived.items():
            if isinstance(value, list) and not key.startswith("_"):
                raw[key] = list(raw.get(key, [])) + value
    words = {
        key: _norm_set(value)
        for key, value in raw.items()
        if isinstance(value, list) and not key.startswith("_")
    }
    nominal = {normalize(k): v for k, v in raw.get("nominal_cues", {}).items()}
    pronouns = {normalize(k): v for k, v in raw.get("pronoun_sources", {}).items()}
    return Lexicon(forms=forms, words=words, nominal_cues=nominal, pronouns=pronouns)
