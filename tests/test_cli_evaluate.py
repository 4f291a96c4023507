"""``attrib evaluate``: predictions from a file or from a model run, and clear
errors for gold that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from standin import save_standin
from typer.testing import CliRunner, Result

from attrib.cli.main import app

TEXT = "قال المهندس إن الجسر آمن. هطل المطر."


def gold_record(doc_id: str = "g1") -> dict[str, Any]:
    def ent(i: int, label: str, piece: str) -> dict[str, Any]:
        start = TEXT.index(piece)
        return {"id": i, "label": label, "start_offset": start, "end_offset": start + len(piece)}

    return {
        "id": doc_id, "text": TEXT,
        "entities": [ent(1, "CUE", "قال"), ent(2, "SOURCE", "المهندس"),
                     ent(3, "CONTENT", "الجسر آمن")],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "source"},
                      {"id": 2, "from_id": 1, "to_id": 3, "type": "content"}],
    }


def jsonl(path: Path, *rows: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["evaluate", *args])


@pytest.fixture()
def gold(tmp_path: Path) -> str:
    quiet = {"id": "g2", "text": "هطل المطر بغزارة.", "entities": [], "relations": []}
    return jsonl(tmp_path / "gold.jsonl", gold_record("g1"), quiet)


def test_pred_file_table(tmp_path: Path, gold: str) -> None:
    pred = jsonl(tmp_path / "pred.jsonl", gold_record("g1"))
    result = run(gold, "--pred", pred)
    assert result.exit_code == 0, result.output
    assert "documents: 2  (missing predictions: 1)" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("attribution all"))
    assert line.split()[2:5] == ["1.000", "1.000", "1.000"]


def test_json_output(tmp_path: Path, gold: str) -> None:
    empty = {**gold_record("g1"), "entities": [], "relations": []}
    result = run(gold, "--pred", jsonl(tmp_path / "pred.jsonl", empty), "--json")
    scores = json.loads(result.stdout)
    assert scores["attribution"]["all"] == {"p": 0.0, "r": 0.0, "f": 0.0, "n_pred": 0,
                                            "n_gold": 1}


def test_model_run_over_gold_texts(tmp_path: Path, gold: str) -> None:
    model = save_standin(tmp_path / "model")
    result = run(gold, "--model", model, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["missing_predictions"] == 0  # ids were preserved
    assert scores["attribution"]["all"]["f"] == 1.0
    assert scores["spans"]["exact"]["SOURCE"]["f"] == 1.0


def test_unreadable_gold(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.jsonl"), "--pred", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "missing.jsonl" in result.stderr


def test_invalid_gold_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_record()) + "\n{oops\n", "utf-8")
    result = run(str(path), "--pred", str(path))
    assert result.exit_code == 2 and f"{path}:2: invalid JSON" in result.stderr


def test_gold_breaking_the_format_is_refused(tmp_path: Path) -> None:
    bad = gold_record()
    bad["entities"][2]["end_offset"] = 999
    path = jsonl(tmp_path / "gold.jsonl", bad)
    result = run(path, "--pred", path)
    assert result.exit_code == 2 and "offsets" in result.stderr and ":1:" in result.stderr


def test_text_mismatch(tmp_path: Path, gold: str) -> None:
    pred = jsonl(tmp_path / "pred.jsonl", {**gold_record("g1"), "text": TEXT + " "})
    result = run(gold, "--pred", pred)
    assert result.exit_code == 2 and "g1" in result.stderr and "differs" in result.stderr


def test_pred_and_model_exclude_each_other(gold: str) -> None:
    result = run(gold, "--pred", gold, "--model", "rules")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_rules_on_the_seed_gold() -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "seed-000.gold.jsonl"
    result = run(str(seed), "--json")  # --model rules is the default
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 1 and scores["missing_predictions"] == 0
    assert scores["attribution"]["all"]["n_pred"] > 0
    assert scores["attribution"]["all"]["f"] > 0.3
