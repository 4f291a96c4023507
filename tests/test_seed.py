"""The rule pipeline on the seed article, scored by the project's evaluator."""

from __future__ import annotations

import json
from pathlib import Path

from attrib import to_doccano
from attrib.evaluate import evaluate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_seed_article_scores(nlp):
    gold = [json.loads(line) for line in (SEEDS / "seed-000.gold.jsonl").read_text().splitlines()]
    text = (SEEDS / "seed-000.txt").read_text(encoding="utf-8")
    assert gold[0]["text"] == text
    pred = [to_doccano(nlp(text), doc_id=gold[0]["id"])]
    result = evaluate(gold, pred)
    assert result["attribution"]["all"]["f"] >= 0.75
    assert result["attribution"]["direct"]["r"] >= 0.75
    assert result["spans"]["exact"]["CUE"]["f"] >= 0.8
