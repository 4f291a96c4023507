"""``attrib bootstrap``: silver records from the rules, confident ones only."""

from __future__ import annotations

import json

from train_data import records
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.exchange import validate_record


def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in records():
            fh.write(json.dumps({"id": rec["id"], "text": rec["text"], "outlet": "x"},
                                ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "quiet", "text": "افتتحت الحديقة العامة صباح اليوم."},
                            ensure_ascii=False) + "\n")
        fh.write('{"id": "broken", "title": "no text"}\n')
    return path


def test_bootstrap_writes_valid_silver_and_reports(tmp_path):
    out = tmp_path / "silver.jsonl"
    result = CliRunner().invoke(app, ["bootstrap", str(corpus(tmp_path)), "-o", str(out),
                                      "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.output
    silver = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert silver, "the rules find the plain قال/أكدت sentences"
    assert "quiet" not in {r["id"] for r in silver}  # nothing to attribute: skipped
    for rec in silver:
        assert validate_record(rec) == []
        assert rec["outlet"] == "x"
        assert any(e["label"] == "CUE" for e in rec["entities"])
    assert "corpus.jsonl:10: 'text' is missing" in result.output
    assert "1 bad lines skipped" in result.output


def test_bootstrap_threshold_and_limit(tmp_path):
    out = tmp_path / "silver.jsonl"
    result = CliRunner().invoke(app, ["bootstrap", str(corpus(tmp_path)), "-o", str(out),
                                      "--min-confidence", "1.01", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == ""
    assert "3 documents read, 0 written" in result.output
