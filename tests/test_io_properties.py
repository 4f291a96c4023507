"""Property tests: any text survives the readers and writers with exact offsets."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from attrib.annotate import annotated_from_doc
from attrib.exchange import record_to_doc
from attrib.io.items import Document
from attrib.io.readers import read_inputs
from attrib.io.writers import open_writer
from attrib.model import Attribution, set_attributions
from attrib.tokenizer import blank

# Arabic letters, diacritics, tatweel, quotes, punctuation, odd spaces and line
# breaks, direction marks, emoji: whatever real articles throw at us.
ALPHABET = st.one_of(
    st.sampled_from(list("قالوزيرإنأةىءؤئ ًٌٍَُِّْـ«»“”\"'.،؛:؟!\n\r\t\u00a0\u200f\u2028\ufeff😀")),
    st.characters(blacklist_categories=("Cs",)),
)
TEXTS = st.text(ALPHABET, min_size=1, max_size=120).filter(lambda t: t.strip() != "")
PROPERTY = settings(max_examples=60, deadline=None)
NLP: Language = blank()


def span_bounds(data: st.DataObject, n: int, max_len: int = 6) -> tuple[int, int]:
    start = data.draw(st.integers(0, n - 1))
    return start, data.draw(st.integers(start + 1, min(n, start + max_len)))


def random_attributions(data: st.DataObject, doc: Doc) -> list[Attribution]:
    n = len(doc)
    atts = []
    # one attribution per CUE, as the scheme has it (a CUE has one source)
    for cue_start in data.draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True)):
        contents = tuple(doc[s:e] for s, e in
                         (span_bounds(data, n) for _ in range(data.draw(st.integers(1, 2)))))
        source = doc[slice(*span_bounds(data, n))] if data.draw(st.booleans()) else None
        atts.append(Attribution(cue=doc[cue_start:cue_start + 1], contents=contents,
                                source=source))
    return atts


def expected_spans(atts: list[Attribution]) -> set[tuple[str, int, int, str]]:
    out = set()
    for att in atts:
        out.add(("CUE", att.cue.start_char, att.cue.end_char, att.cue.text))
        if att.speaker is not None:  # a rebuilt far source becomes an antecedent
            out.add(("SOURCE", att.speaker.start_char, att.speaker.end_char, att.speaker.text))
        out |= {("CONTENT", c.start_char, c.end_char, c.text) for c in att.contents}
    return out


@PROPERTY
@given(text=TEXTS, data=st.data())
def test_doccano_round_trip_keeps_text_and_offsets(text: str, data: st.DataObject) -> None:
    doc = NLP(text)
    assume(len(doc) > 0)
    atts = random_attributions(data, doc)
    set_attributions(doc, atts)
    annotated = annotated_from_doc(Document(id="p", text=text, meta={"k": text}), doc)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        with open_writer("doccano", str(out)) as writer:
            writer.write(annotated)
        [back] = read_inputs([str(out)])
    assert isinstance(back, Document)
    assert back.text == text and back.id == "p" and back.meta["k"] == text
    got = {(e["label"], e["start_offset"], e["end_offset"],
            text[e["start_offset"]:e["end_offset"]]) for e in back.meta["entities"]}
    assert got == expected_spans(atts)
    # and the record rebuilds the same attributions on a fresh doc
    record = {"id": back.id, "text": back.text, **back.meta}
    rebuilt = record_to_doc(NLP.make_doc, record)
    assert expected_spans(rebuilt._.attributions) == expected_spans(atts)


@PROPERTY
@given(text=TEXTS, data=st.data())
def test_csv_rows_index_the_original_text(text: str, data: st.DataObject) -> None:
    doc = NLP(text)
    assume(len(doc) > 0)
    atts = random_attributions(data, doc)
    set_attributions(doc, atts)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.csv"
        with open_writer("csv", str(out)) as writer:
            writer.write(annotated_from_doc(Document(id="p", text=text), doc))
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(a.contents) for a in atts)
    for row in rows:
        for role in ("cue", "content", "speaker"):
            if row[f"{role}_start"]:
                assert text[int(row[f"{role}_start"]):int(row[f"{role}_end"])] == row[role]


@PROPERTY
@given(text=TEXTS)
def test_readers_return_the_text_exactly(text: str) -> None:
    assume(text.removeprefix("\ufeff").strip())  # a lone BOM is an empty .txt file
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a.txt").write_bytes(text.encode("utf-8"))
        (root / "b.jsonl").write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
        with (root / "c.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["text"], [text]])
        items = list(read_inputs([str(root / n) for n in ("a.txt", "b.jsonl", "c.csv")]))
    assert [type(i).__name__ for i in items] == ["Document"] * 3
    # only a .txt file's leading byte-order mark is taken as encoding, not text
    assert items[0].text == text.removeprefix("\ufeff")
    assert items[1].text == text and items[2].text == text
