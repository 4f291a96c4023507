"""``attrib annotate`` end to end: every input and output format, bad input,
the tally, ``--strict``; the stand-in pipeline (saved to disk) makes the
expected output exact, and one run uses the real rule pipeline."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from standin import save_standin
from typer.testing import CliRunner, Result

from attrib.cli.main import app

SAID = "قال المدرب إن الفريق جاهز للمباراة."
ALSO = "أكد الحارس أن التدريبات كانت شاقة."
NOTHING = "هطلت أمطار غزيرة على المدينة."


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    return save_standin(tmp_path_factory.mktemp("standin") / "model")


def run(model: str, *args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(app, ["annotate", *args, "--model", model], input=stdin)


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def spans(record: dict[str, Any]) -> set[tuple[str, str]]:
    text = record["text"]
    return {(e["label"], text[e["start_offset"] : e["end_offset"]]) for e in record["entities"]}


def write_jsonl(path: Path, *rows: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


# -- inputs ------------------------------------------------------------------


def test_txt_to_doccano_on_stdout(tmp_path: Path, model: str) -> None:
    (tmp_path / "a.txt").write_text(SAID, "utf-8")
    result = run(model, str(tmp_path / "a.txt"))
    assert result.exit_code == 0, result.output
    [rec] = records(result.stdout)
    assert rec["id"] == "a" and rec["text"] == SAID
    assert spans(rec) == {("CUE", "قال"), ("SOURCE", "المدرب"), ("CONTENT", "الفريق جاهز للمباراة")}
    assert "1 documents in: 1 annotated, 0 rejected; 1 attributions" in result.stderr


def test_directory_input(tmp_path: Path, model: str) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(SAID, "utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(NOTHING, "utf-8")
    write_jsonl(tmp_path / "in" / "c.jsonl", {"id": "c", "text": ALSO})
    (tmp_path / "in" / "d.csv").write_text(f"id,text\nd,{ALSO}\n", "utf-8")
    result = run(model, str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in records(result.stdout)] == ["a", "c", "d", "sub/b"]


def test_jsonl_input_keeps_fields_and_custom_field_names(tmp_path: Path, model: str) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl", {"key": "k1", "body": SAID, "outlet": "إذاعة", "id": "ignored-id"}
    )
    result = run(model, path, "--text-field", "body", "--id-field", "key")
    assert result.exit_code == 0, result.output
    [rec] = records(result.stdout)
    assert (rec["id"], rec["text"], rec["outlet"]) == ("k1", SAID, "إذاعة")


def test_csv_input_with_text_column(tmp_path: Path, model: str) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "headline", "article"])
        writer.writerow(["r1", "عنوان", SAID])
        writer.writerow(["r2", "عنوان", NOTHING])
    result = run(model, str(path), "--text-column", "article")
    assert result.exit_code == 0, result.output
    first, second = records(result.stdout)
    assert (first["id"], first["headline"], len(first["entities"])) == ("r1", "عنوان", 3)
    assert (second["id"], second["entities"]) == ("r2", [])


def test_stdin_jsonl_and_stdin_text(model: str) -> None:
    lines = json.dumps({"id": "s1", "text": SAID}, ensure_ascii=False) + "\n"
    result = run(model, "-", stdin=lines.encode())
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in records(result.stdout)] == ["s1"]
    result = run(model, "-", stdin=(SAID + "\n" + ALSO).encode())
    [rec] = records(result.stdout)
    assert rec["id"] == "stdin" and rec["text"] == SAID + "\n" + ALSO
    assert len(rec["relations"]) == 4


# -- outputs -----------------------------------------------------------------


@pytest.fixture()
def two_docs(tmp_path: Path) -> str:
    return write_jsonl(
        tmp_path / "in.jsonl", {"id": "x", "text": SAID + " " + ALSO}, {"id": "y", "text": NOTHING}
    )


def test_doccano_file(tmp_path: Path, model: str, two_docs: str) -> None:
    out = tmp_path / "out" / "o.jsonl"
    result = run(model, two_docs, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["x", "y"]
    assert ("CONTENT", "التدريبات كانت شاقة") in spans(recs[0])
    assert not (tmp_path / "out" / "o.rejects.jsonl").exists()


def test_jsonl_format(tmp_path: Path, model: str, two_docs: str) -> None:
    result = run(model, two_docs, "--format", "jsonl")
    recs = records(result.stdout)
    assert [len(r["attributions"]) for r in recs] == [2, 0]
    assert recs[0]["attributions"][1]["speaker"]["text"] == "الحارس"


def test_csv_format(tmp_path: Path, model: str, two_docs: str) -> None:
    out = tmp_path / "o.csv"
    assert run(model, two_docs, "-f", "csv", "-o", str(out)).exit_code == 0
    frame = pd.read_csv(out)
    assert frame["doc_id"].tolist() == ["x", "x"]
    assert frame["cue"].tolist() == ["قال", "أكد"]


def test_parquet_format(tmp_path: Path, model: str, two_docs: str) -> None:
    out = tmp_path / "o.parquet"
    assert run(model, two_docs, "-f", "parquet", "-o", str(out)).exit_code == 0
    frame = pd.read_parquet(out)
    text = SAID + " " + ALSO
    assert [
        text[s:e] for s, e in zip(frame["content_start"], frame["content_end"], strict=True)
    ] == frame["content"].tolist()


def test_parquet_to_stdout_is_a_usage_error(model: str, two_docs: str) -> None:
    result = run(model, two_docs, "-f", "parquet")
    assert result.exit_code == 2 and "-o FILE" in result.stderr


def test_html_format(tmp_path: Path, model: str, two_docs: str) -> None:
    out = tmp_path / "o.html"
    assert run(model, two_docs, "-f", "html", "-o", str(out)).exit_code == 0
    page = out.read_text("utf-8")
    assert 'dir="rtl"' in page and page.count("<section") == 2
    assert "الحارس" in page and "who-said-what" in page


# -- bad input, tally, strict ------------------------------------------------


@pytest.fixture()
def bad_input(tmp_path: Path) -> list[str]:
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_bytes(
        json.dumps({"id": "ok1", "text": SAID}, ensure_ascii=False).encode()
        + b"\n"
        + b'{"id": "broken", "text": \n'  # invalid JSON
        + b'{"id": "no-text", "body": "x"}\n'  # missing text field
        + b'{"id": "bytes", "text": "\xd9\x82\xff"}\n'  # undecodable
        + b'{"id": "empty", "text": ""}\n'
        + json.dumps({"id": "huge", "text": "ن " * 2_500_001}).encode()
        + b"\n"
        + json.dumps({"id": "ok2", "text": ALSO}, ensure_ascii=False).encode()
        + b"\n"
    )
    txt = tmp_path / "latin1.txt"
    txt.write_bytes("café".encode("latin-1"))
    return [str(jsonl), str(txt)]


def test_bad_input_is_rejected_with_file_and_line(
    tmp_path: Path, model: str, bad_input: list[str]
) -> None:
    out = tmp_path / "o.jsonl"
    result = run(model, *bad_input, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()] == ["ok1", "ok2"]
    err = result.stderr
    jsonl = bad_input[0]
    assert f"rejected {jsonl}:2: invalid JSON" in err
    assert f"rejected {jsonl}:3: no field 'text'" in err
    assert f"rejected {jsonl}:4: not valid UTF-8" in err
    assert f"rejected {jsonl}:5: empty text" in err
    assert f"rejected {jsonl}:6: text too long: 5,000,002 characters" in err
    assert f"rejected {bad_input[1]}:1: not valid UTF-8" in err
    assert "8 documents in: 2 annotated, 6 rejected" in err
    rejects = [json.loads(x) for x in (tmp_path / "o.rejects.jsonl").read_text().splitlines()]
    assert [r["origin"] for r in rejects] == [f"{jsonl}:{n}" for n in (2, 3, 4, 5, 6)] + [
        f"{bad_input[1]}:1"
    ]
    assert all(set(r) == {"origin", "reason", "raw"} for r in rejects)


def test_strict_makes_rejects_an_error(model: str, bad_input: list[str]) -> None:
    result = run(model, *bad_input, "--strict")
    assert result.exit_code == 1
    assert len(records(result.stdout)) == 2  # the good documents are still written
    missing = run(model, bad_input[0].replace("bad.jsonl", "none.jsonl"), "--strict", "--quiet")
    assert missing.exit_code == 1 and "no such file" not in missing.stderr  # quiet: tally only
    assert "1 documents in: 0 annotated, 1 rejected" in missing.stderr


def test_explicit_rejects_file_and_failing_document(tmp_path: Path, model: str) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        {"id": "a", "text": SAID},
        {"id": "b", "text": "BOOM " + SAID},
        {"id": "c", "text": ALSO},
    )
    rejects = tmp_path / "r" / "rej.jsonl"
    result = run(model, path, "--rejects", str(rejects))
    assert [r["id"] for r in records(result.stdout)] == ["a", "c"]
    [rej] = [json.loads(x) for x in rejects.read_text("utf-8").splitlines()]
    assert rej["origin"].endswith("in.jsonl:2") and "stand-in asked to fail" in rej["reason"]
    assert rej["raw"]["id"] == "b"


def test_stale_default_rejects_file_is_removed(tmp_path: Path, model: str) -> None:
    (tmp_path / "a.txt").write_text(SAID, "utf-8")
    stale = tmp_path / "o.rejects.jsonl"
    stale.write_text('{"origin": "old"}\n')
    assert run(model, str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl")).exit_code == 0
    assert not stale.exists()


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SAID, "utf-8")
    result = run(
        str(tmp_path / "no-model"), str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl")
    )
    assert result.exit_code == 2 and "cannot load model" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


# -- engines -----------------------------------------------------------------


def test_dask_engine_is_called_with_the_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import attrib.distributed
    from attrib.annotate import annotate
    from attrib.io.items import Document

    calls: dict[str, Any] = {}

    def fake_run_dask(items, model, batch_size, scheduler, workers, render):  # noqa: ANN001, ANN202
        calls.update(
            model=model, batch_size=batch_size, scheduler=scheduler, workers=workers, render=render
        )
        from standin import make_standin

        from attrib.io.items import Annotated, Rendered
        from attrib.io.writers import WRITERS

        results = annotate(make_standin(), (i for i in items if isinstance(i, Document)))
        return (  # as the workers send them back: rendered for the output format
            Rendered(r.document, WRITERS[render].render(r), len(r.attributions))
            if isinstance(r, Annotated)
            else r
            for r in results
        )

    monkeypatch.setattr(attrib.distributed, "run_dask", fake_run_dask)
    (tmp_path / "a.txt").write_text(SAID, "utf-8")
    result = CliRunner().invoke(
        app,
        [
            "annotate",
            str(tmp_path / "a.txt"),
            "--engine",
            "dask",
            "--workers",
            "3",
            "--batch-size",
            "7",
        ],
    )
    assert result.exit_code == 0, result.output
    assert calls == {
        "model": "rules",
        "batch_size": 7,
        "scheduler": None,
        "workers": 3,
        "render": "doccano",
    }
    assert len(records(result.stdout)) == 1


def test_dask_options_need_the_dask_engine(tmp_path: Path, model: str) -> None:
    result = run(model, "-", "--workers", "2", stdin=SAID)
    assert result.exit_code == 2 and "--engine dask" in result.stderr


def test_the_rule_pipeline_end_to_end() -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "seed-000.txt"
    result = CliRunner().invoke(app, ["annotate", str(seed), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    [rec] = records(result.stdout)
    assert rec["text"] == seed.read_text("utf-8").removeprefix("\ufeff")
    assert len(rec["attributions"]) >= 3
    for att in rec["attributions"]:
        for span in [att["cue"], att["speaker"], *att["contents"]]:
            if span:
                assert rec["text"][span["start"] : span["end"]] == span["text"]


def test_parquet_to_a_directory_is_partitioned(tmp_path: Path, model: str, two_docs: str) -> None:
    out = tmp_path / "parts"
    out.mkdir()
    assert run(model, two_docs, "-f", "parquet", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.parquet"]
    assert pd.read_parquet(out)["cue"].tolist() == ["قال", "أكد"]


def test_scheduler_and_workers_together_is_a_usage_error(tmp_path: Path, model: str) -> None:
    result = run(
        model,
        "-",
        "--engine",
        "dask",
        "--workers",
        "2",
        "--scheduler",
        "tcp://127.0.0.1:1",
        stdin=SAID,
    )
    assert result.exit_code == 2 and "not both" in result.stderr


def test_dask_engine_errors_are_clear(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import attrib.distributed

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise attrib.distributed.ModelLoadError("cannot load model 'nowhere' on the workers")

    monkeypatch.setattr(attrib.distributed, "run_dask", broken)
    (tmp_path / "a.txt").write_text(SAID, "utf-8")
    result = CliRunner().invoke(
        app, ["annotate", str(tmp_path / "a.txt"), "--engine", "dask", "--model", "nowhere"]
    )
    assert result.exit_code == 2 and "dask engine: cannot load model" in result.stderr


def test_progress_bar_reports_docs_per_second_on_stderr(capsys: pytest.CaptureFixture) -> None:
    from attrib.cli.annotate import progress

    items = list(range(5))
    assert progress(items, enabled=False) is items  # no bar off a terminal
    assert list(progress(iter(items), enabled=True)) == items
    err = capsys.readouterr().err
    assert "5doc [" in err and "doc/s]" in err
