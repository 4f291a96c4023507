"""Who said what, across a corpus: attributions grouped by speaker.

The input is what ``attrib annotate`` writes (exchange records with
``entities``/``relations``, optionally an ``attributions`` list, plus input
fields such as ``date`` and ``outlet``). Speakers are grouped by a *key*
built for matching only: :func:`attrib.text.normalize` (diacritics, hamza and
alef variants), leading titles stripped (``attrib/data/speakers.json``), and
for a titled phrase its trailing personal name (``رئيس تيار الحكمة الوطني
عمار الحكيم`` → ``عمار الحكيم``). Surface forms are kept as written.

Short mentions are resolved where that is safe: within a document a bare
surname (``الحكيم``, ``لقرقاش``) joins the longer name it ends, and a
stand-alone pronoun joins the previous speaker; across documents a one-word
key joins a name only when exactly one name ends with that word.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from .exchange import record_attributions
from .scheme import content_kind, is_direct
from .text import normalize

EXAMPLE_CHARS = 200
_TOKEN = re.compile(r"[^\s،,؛;:.!؟?()\[\]«»\"“”„'‘’]+|[،,]")
_COMMA = {"،", ","}


# --------------------------------------------------------------------------- #
# Grouping keys
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Lexicon:
    """``attrib/data/speakers.json``, normalised once."""

    titles: tuple[tuple[str, ...], ...]  # longest first
    title_words: frozenset[str]
    particles: frozenset[str]
    cuts: frozenset[str]
    breaks: frozenset[str]
    article_prefixes: tuple[str, ...]
    determiners: frozenset[str]
    pronouns: frozenset[str]
    clitics: tuple[str, ...]
    max_name_words: int
    date_formats: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _TOKEN.findall(normalize(text)) if w not in _COMMA)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    path = resources.files("attrib").joinpath("data/speakers.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    titles = sorted({_words(t) for t in data["titles"]} - {()}, key=len, reverse=True)
    return Lexicon(
        titles=tuple(titles),
        title_words=frozenset(w for t in titles for w in t),
        particles=frozenset(normalize(w) for w in data["particles"]),
        cuts=frozenset(normalize(w) for w in data["cuts"]),
        breaks=frozenset(normalize(w) for w in data["breaks"]),
        article_prefixes=tuple(normalize(w) for w in data["article_prefixes"]),
        determiners=frozenset(normalize(w) for w in data["determiners"]),
        pronouns=frozenset(normalize(w) for w in data["pronouns"]),
        clitics=tuple(normalize(c) for c in data["clitics"]),
        max_name_words=int(data["max_name_words"]),
        date_formats=tuple(data["date_formats"]),
    )


def _tokens(text: str) -> list[str]:
    """Normalised words and commas of a mention, cut before a relative
    clause (``... الذي أشرف``) or a second, conjoined role (``... ومؤسس``)."""
    lex = lexicon()
    tokens = _TOKEN.findall(normalize(text))
    for i, tok in enumerate(tokens):
        if i and (tok in lex.cuts or (tok.startswith("و") and tok[1:] in lex.title_words)):
            return tokens[:i]
    return tokens


def _strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles and the nisba adjectives after them
    (``الرئيس الامريكي دونالد ترامب`` → ``دونالد ترامب``)."""
    lex = lexicon()
    stripped = True
    while stripped and words:
        stripped = False
        for title in lex.titles:
            if tuple(words[: len(title)]) == title:
                words = words[len(title):]
                while words and words[0].startswith("ال") and words[0].endswith(("ي", "يه")):
                    words = words[1:]
                stripped = True
                break
    return words


def _trailing_name(tokens: list[str]) -> list[str]:
    """The personal name that ends a titled phrase: up to ``max_name_words``
    words without the article (particles such as ``بن``, ``آل`` free), the
    last word may have it. Empty when fewer than two words qualify."""
    lex = lexicon()
    name: list[str] = []
    counted = 0
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok in _COMMA or tok in lex.title_words or tok in lex.breaks:
            break
        if tok in lex.particles:
            name.insert(0, tok)
            continue
        if i != len(tokens) - 1 and tok.startswith(lex.article_prefixes):
            break
        if counted == lex.max_name_words:
            break
        name.insert(0, tok)
        counted += 1
    while name and name[0] in lex.particles and name[0] not in {"ابو", "عبد", "ال"}:
        name = name[1:]
    return name if counted >= 2 else []


def is_name(key: str) -> bool:
    """Whether a key looks like a personal name (``عمار الحكيم``,
    ``راشد ال خليفه``), the only thing a bare surname may be merged into:
    two to ``max_name_words`` words (particles free), no article before the
    last word, no title, preposition or determiner."""
    lex = lexicon()
    words = key.split()
    counted = [w for w in words if w not in lex.particles]
    if not 2 <= len(counted) <= lex.max_name_words:
        return False
    blocked = lex.title_words | lex.breaks | lex.determiners | lex.cuts
    return not any(
        w in blocked or (i < len(words) - 1 and w.startswith(lex.article_prefixes))
        for i, w in enumerate(words)
        if w not in lex.particles
    )


def speaker_key(surface: str) -> str:
    """The grouping key of one speaker mention (see the module docstring)."""
    tokens = _tokens(surface)
    words = [t for t in tokens if t not in _COMMA]
    if not words:
        return normalize(surface).strip()
    titled = any(w in lexicon().title_words for w in words)
    if titled or len(words) > lexicon().max_name_words:
        name = _trailing_name(tokens)
        if name and len(name) < len(words):
            return " ".join(name)
    rest = _strip_titles(words)
    if all(w.startswith(lexicon().article_prefixes) for w in rest):
        return " ".join(words)  # no name left (``وزير الخارجية``): the whole phrase
    return " ".join(rest)


# --------------------------------------------------------------------------- #
# Reading records
# --------------------------------------------------------------------------- #


@dataclass
class Problem:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def read_records(
    paths: Iterable[str | Path], problems: list[Problem]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(origin, record)`` for each line of JSONL files (``.gz`` too); a line
    that is not a JSON object goes to ``problems`` with its file and line."""
    for path in map(Path, paths):
        try:
            fh = _open(path)
        except OSError as error:
            problems.append(Problem(str(path), f"cannot open: {error.strerror or error}"))
            continue
        with fh:
            for number, raw in enumerate(fh, start=1):
                origin = f"{path}:{number}"
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as error:
                    problems.append(Problem(origin, f"not UTF-8 (byte {error.start})"))
                    continue
                except json.JSONDecodeError as error:
                    problems.append(Problem(origin, f"invalid JSON: {error.msg}"))
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    problems.append(Problem(origin, "not an exchange record (no 'text')"))
                    continue
                yield origin, record


# --------------------------------------------------------------------------- #
# Aggregation
# --------------------------------------------------------------------------- #


@dataclass
class Statement:
    """One attribution with a speaker, as needed for the table."""

    surface: str
    key: str
    contents: list[str]
    doc: str
    date: date | None
    outlet: str | None


def _field(record: Mapping[str, Any], name: str) -> Any:
    value = record.get(name)
    meta = record.get("meta")
    if value is None and isinstance(meta, Mapping):
        value = meta.get(name)
    return value


def parse_date(value: Any) -> date | None:
    """A date from the ``date`` field, trying ``date_formats`` in order
    (only the leading date part of an ISO timestamp is used)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for fmt in lexicon().date_formats:
        for candidate in (text, text[:10]):
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def _spans(record: Mapping[str, Any]) -> Iterator[tuple[tuple[int, int] | None, list[str]]]:
    """(speaker offsets, content texts) per attribution: from the relations
    when the record has entities, else from its ``attributions`` list."""
    text = record["text"]
    if record.get("entities") is not None:
        for att in record_attributions(record):
            speaker = (att.source.start, att.source.end) if att.source else None
            yield speaker, [text[c.start:c.end] for c in att.contents]
        return
    for att in record.get("attributions") or []:
        sp = att.get("speaker")
        yield (
            (sp["start"], sp["end"]) if sp else None,
            [text[c["start"]:c["end"]] for c in att.get("contents") or []],
        )


def _resolve(key: str, keys: list[str], index: int, lex: Lexicon) -> str:
    """A one-word key resolved against the document's longer keys: a
    surname (``الحكيم``) or a clitic-prefixed one (``لقرقاش``) joins the
    latest earlier name that ends with it, else the first later one."""
    if " " in key:
        return key
    candidates = [key] + [key[len(c):] for c in lex.clitics if key.startswith(c) and len(key) > 2]
    for other in [*reversed(keys[:index]), *keys[index:]]:
        if is_name(other) and other.split()[-1] in candidates:
            return other
    return key


def statements(
    records: Iterable[tuple[str, Mapping[str, Any]]],
    problems: list[Problem],
    unattributed: Counter[str] | None = None,
) -> Iterator[Statement]:
    """The statements of each record, speakers keyed and resolved within
    the document. Attributions without a speaker are counted in
    ``unattributed`` (by origin), not silently lost."""
    lex = lexicon()
    for origin, record in records:
        text = record["text"]
        try:
            found = list(_spans(record))
        except (KeyError, TypeError, ValueError) as error:
            problems.append(Problem(origin, f"cannot read attributions: {error!r}"))
            continue
        raw_date = _field(record, "date")
        day = parse_date(raw_date)
        if raw_date not in (None, "") and day is None:
            problems.append(Problem(origin, f"unrecognised date {raw_date!r} (ignored)"))
        outlet = _field(record, "outlet")
        doc = str(record.get("id", origin))
        spoken = [(text[sp[0]:sp[1]], contents) for sp, contents in found if sp is not None]
        if unattributed is not None and len(spoken) < len(found):
            unattributed[origin] += len(found) - len(spoken)
        keys = [speaker_key(surface) for surface, _ in spoken]
        previous: str | None = None
        for index, (surface, contents) in enumerate(spoken):
            key = keys[index]
            if key in lex.pronouns and previous is not None:
                key = previous
            else:
                key = _resolve(key, keys, index, lex)
            previous = key
            yield Statement(
                surface, key, contents, doc, day, None if outlet is None else str(outlet)
            )


def merge_keys(counts: Mapping[str, int]) -> dict[str, str]:
    """Corpus-wide merges: a one-word key joins the name it ends when only
    one name (:func:`is_name`) ends with it."""
    by_last: dict[str, set[str]] = {}
    for key in counts:
        if is_name(key):
            by_last.setdefault(key.split()[-1], set()).add(key)
    merged = {}
    for key in counts:
        names = by_last.get(key, set()) if " " not in key else set()
        if len(names) == 1:
            merged[key] = next(iter(names))
    return merged


@dataclass
class Speaker:
    key: str
    statements: int = 0
    direct: int = 0
    docs: set[str] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)
    form_keys: dict[str, str] = field(default_factory=dict)
    outlets: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    examples: list[str] = field(default_factory=list)

    def add(self, st: Statement, max_examples: int) -> None:
        self.statements += 1
        self.direct += int(any(is_direct(content_kind(c)) for c in st.contents))
        self.docs.add(st.doc)
        self.forms[st.surface] += 1
        self.form_keys.setdefault(st.surface, " ".join(_words(st.surface)))
        if st.outlet:
            self.outlets[st.outlet] += 1
        if st.date is not None:
            self.first = st.date if self.first is None else min(self.first, st.date)
            self.last = st.date if self.last is None else max(self.last, st.date)
        for content in st.contents:
            example = _clip(content)
            if len(self.examples) < max_examples and example not in self.examples:
                self.examples.append(example)

    @property
    def name(self) -> str:
        """The most frequent surface form that reads as the key itself (the
        plain name, untitled), else the most frequent form; ties go to the
        longer."""
        plain = [f for f in self.forms if self.form_keys[f] == self.key]
        pool = plain or list(self.forms)
        return max(pool, key=lambda f: (self.forms[f], len(f), f))

    def row(self) -> dict[str, Any]:
        return {
            "speaker": self.name,
            "key": self.key,
            "statements": self.statements,
            "direct": self.direct,
            "indirect": self.statements - self.direct,
            "documents": len(self.docs),
            "first_date": self.first.isoformat() if self.first else None,
            "last_date": self.last.isoformat() if self.last else None,
            "outlets": [f"{o} ({n})" for o, n in _ranked(self.outlets)],
            "surface_forms": [f"{s} ({n})" for s, n in _ranked(self.forms)],
            "examples": list(self.examples),
        }


COLUMNS = ("speaker", "key", "statements", "direct", "indirect", "documents",
           "first_date", "last_date", "outlets", "surface_forms", "examples")
LIST_COLUMNS = ("outlets", "surface_forms", "examples")


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def aggregate(stmts: Iterable[Statement], max_examples: int = 3) -> list[dict[str, Any]]:
    """One row per speaker, most statements first (ties by key).

    Each speaker keeps counters and a few examples, so memory grows with the
    number of speakers, not of statements; the corpus-wide merge needs every
    key, so it runs on the finished speakers.
    """
    by_key: dict[str, Speaker] = {}
    for st in stmts:
        by_key.setdefault(st.key, Speaker(st.key)).add(st, max_examples)
    merges = merge_keys({k: s.statements for k, s in by_key.items()})
    for source, target in merges.items():
        _absorb(by_key[target], by_key.pop(source), max_examples)
    speakers = sorted(by_key.values(), key=lambda s: (-s.statements, s.key))
    return [s.row() for s in speakers]


def _absorb(into: Speaker, other: Speaker, max_examples: int) -> None:
    into.statements += other.statements
    into.direct += other.direct
    into.docs |= other.docs
    into.forms.update(other.forms)
    into.form_keys.update(other.form_keys)
    into.outlets.update(other.outlets)
    for d in (other.first, other.last):
        if d is not None:
            into.first = d if into.first is None else min(into.first, d)
            into.last = d if into.last is None else max(into.last, d)
    for example in other.examples:
        if len(into.examples) < max_examples and example not in into.examples:
            into.examples.append(example)


def speakers_table(
    paths: Iterable[str | Path],
    problems: list[Problem],
    unattributed: Counter[str] | None = None,
    max_examples: int = 3,
) -> list[dict[str, Any]]:
    """Rows for ``attrib speakers``: read, key, resolve, aggregate."""
    return aggregate(
        statements(read_records(paths, problems), problems, unattributed), max_examples
    )


def to_frame(rows: list[dict[str, Any]]) -> Any:
    """A DataFrame with fixed columns (list columns stay lists, for Parquet)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=list(COLUMNS))


def flat(row: Mapping[str, Any], sep: str = " | ") -> dict[str, Any]:
    """A row with list columns joined, for CSV and terminal output."""
    return {k: sep.join(v) if k in LIST_COLUMNS else v for k, v in row.items()}
