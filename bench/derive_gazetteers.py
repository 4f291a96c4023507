"""Derive the short word lists ``attrib/data/lexicon/gazetteer.json`` holds.

Person-name and organisation head words come from the NewsFANE Gold NER
corpus (CC BY-SA 3.0; only frequent single words are kept, never the data
itself), and speaker head words from the SOURCE spans of the *train* gold
file (never dev). Rerun after changing thresholds:

    .venv/bin/python bench/derive_gazetteers.py \\
        --ner /work/shared/corpus/ner/NewsFANE_Gold_2014/NewsFANE_Gold_2014_170K.txt \\
        --train /work/shared/gold/train.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from attrib.text import normalize

PERSON = ("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
          "Businessperson", "Engineer", "Police", "Lawyer")
ORG = ("Government", "Non-Governmental", "Media", "Commercial", "Educational", "Group")
OUT = Path(__file__).resolve().parent.parent / "attrib" / "data" / "lexicon" / "gazetteer.json"


def ner_words(path: Path, min_count: int) -> tuple[list[str], list[str]]:
    persons: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].startswith("B-"):
            continue
        word, tag = normalize(parts[0].strip()), parts[1][2:]
        if len(word) < 2:
            continue
        if tag in PERSON:
            persons[word] += 1
        elif tag in ORG:
            orgs[word] += 1
    keep = sorted(w for w, c in persons.items() if c >= min_count)
    return keep, sorted(w for w, c in orgs.items() if c >= min_count + 1)


def source_heads(path: Path, min_count: int) -> list[str]:
    """Head words of multi-word SOURCE spans, counted once per document so
    that one article's speaker name does not become a head word."""
    heads: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        seen = set()
        for ent in record.get("entities", []):
            if ent["label"] == "SOURCE":
                words = text[ent["start_offset"]:ent["end_offset"]].split()
                if len(words) >= 2:
                    seen.add(normalize(words[0]))
        heads.update(seen)
    return sorted(w for w, c in heads.items() if c >= min_count)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ner", type=Path, required=True)
    ap.add_argument("--train", type=Path, required=True)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    persons, orgs = ner_words(args.ner, args.min_count)
    data = {
        "_doc": "Derived word lists (see bench/derive_gazetteers.py and README.md here).",
        "person_names": persons,
        "organisation_heads": orgs,
        "speaker_heads": source_heads(args.train, 3),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(persons)} names, {len(orgs)} organisation heads, "
          f"{len(data['speaker_heads'])} speaker heads")


if __name__ == "__main__":
    main()
