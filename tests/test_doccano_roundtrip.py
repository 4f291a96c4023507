"""Integration tests against a real doccano server (``DOCCANO_URL``).

Skipped without a server, except in CI (``CI=true``), where a missing
server is a failure: ``.ci/start-doccano.sh`` must have started one.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.doccano.client import Doccano
from attrib.doccano.convert import DOC_ID_KEY, annotation_sets, diff_records

pytestmark = [pytest.mark.doccano, pytest.mark.slow]

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DEV = SHARED / "gold" / "dev.jsonl"
RUN = uuid.uuid4().hex[:8]
runner = CliRunner()


@pytest.fixture(scope="session")
def server() -> tuple[str, str, str]:
    """URL, user and password of the test server; skips (fails in CI) without one."""
    url = os.environ.get("DOCCANO_URL")
    if not url:
        reason = "DOCCANO_URL is not set: start one with `attrib doccano serve` (see annotation/)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the doccano tests: {reason}")
        pytest.skip(reason)
    if not DEV.is_file():
        pytest.fail(f"{DEV} is missing: shared/ must sit beside the repository")
    return url, os.environ.get("DOCCANO_USERNAME", "admin"), os.environ["DOCCANO_PASSWORD"]


@pytest.fixture(scope="module")
def doccano(server):
    url, username, password = server
    client = Doccano(url, username, password)
    made: list[str] = []
    yield client, made
    for name in made:  # leave the server as we found it
        project_id = client.find_project(name)
        if project_id is not None:
            client.session.delete(f"{client.api}/projects/{project_id}")


def _cli(*args: str):
    result = runner.invoke(app, ["doccano", *args])
    return result, result.output


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def pushed(doccano, tmp_path_factory):
    """The dev set pushed and pulled once, through the CLI, timed."""
    client, made = doccano
    name = f"attrib-test-{RUN}-dev"
    made.append(name)
    out = tmp_path_factory.mktemp("pull") / "dev.jsonl"
    started = time.monotonic()
    push, push_out = _cli("push", str(DEV), "--project", name)
    pull, pull_out = _cli("pull", "--project", name, "-o", str(out))
    seconds = time.monotonic() - started
    assert push.exit_code == 0, push_out
    assert pull.exit_code == 0, pull_out
    print(f"\n41-document push + pull: {seconds:.1f} s")
    return name, out, seconds, push_out


def test_dev_round_trip_is_lossless(pushed):
    name, out, _, push_out = pushed
    gold = _read(DEV)
    back = {r["id"]: r for r in _read(out)}
    assert "41 pushed" in push_out and "41 verified" in push_out
    assert len(back) == len(gold) == 41
    for record in gold:
        pulled = back[record["id"]]
        assert pulled["text"] == record["text"]
        assert annotation_sets(pulled) == annotation_sets(record), record["id"]
        extra = {k: v for k, v in record.items() if k not in ("entities", "relations")}
        assert {k: pulled[k] for k in extra} == extra
        assert diff_records(record, pulled) == []


def test_push_and_pull_under_a_minute(pushed):
    assert pushed[2] < 60


def test_repush_never_duplicates(pushed, doccano, tmp_path):
    client, _ = doccano
    name = pushed[0]
    again, output = _cli("push", str(DEV), "--project", name)
    assert again.exit_code == 0, output
    assert "0 pushed, 41 already there" in output
    # one new document next to the known ones: only it is added
    extra = tmp_path / "more.jsonl"
    first = _read(DEV)[0]
    extra.write_text(json.dumps(first, ensure_ascii=False) + "\n" + json.dumps(
        {"id": f"new-{RUN}", "text": "قال المتحدث إن الاجتماع انتهى"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    more, output = _cli("push", str(extra), "--project", name)
    assert more.exit_code == 0, output
    assert "1 pushed, 1 already there" in output
    ids = [ex["meta"][DOC_ID_KEY] for ex in client.examples(client.find_project(name))]
    assert len(ids) == len(set(ids)) == 42


def test_pull_only_confirmed(doccano, tmp_path):
    client, made = doccano
    name = f"attrib-test-{RUN}-confirmed"
    made.append(name)
    sample = tmp_path / "five.jsonl"
    sample.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _read(DEV)[:5]),
                      encoding="utf-8")
    result, output = _cli("push", str(sample), "--project", name, "--no-verify")
    assert result.exit_code == 0, output
    project_id = client.find_project(name)
    examples = sorted(client.examples(project_id), key=lambda ex: ex["id"])
    chosen = {examples[1]["meta"][DOC_ID_KEY], examples[3]["meta"][DOC_ID_KEY]}
    for ex in (examples[1], examples[3]):
        client.toggle_confirmed(project_id, ex["id"])
    out = tmp_path / "confirmed.jsonl"
    result, output = _cli("pull", "--project", name, "-o", str(out), "--only-confirmed")
    assert result.exit_code == 0, output
    assert {r["id"] for r in _read(out)} == chosen


def test_bad_credentials_fail_clearly(doccano, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCCANO_PASSWORD", "not-the-password")
    result, output = _cli("pull", "--project", "x", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "Unable to log in" in output and "not-the-password" not in output


def test_unreachable_server_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCCANO_PASSWORD", "whatever")
    result, output = _cli("pull", "--project", "x", "-o", str(tmp_path / "x.jsonl"),
                          "--url", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "cannot reach the server" in output


def test_push_with_rule_predictions(server, doccano, nlp, tmp_path):
    """Plain articles pushed with --predict rules arrive with the pipeline's
    attributions, and its readable summary in meta."""
    from attrib.exchange import doc_to_record

    client, made = doccano
    name = f"attrib-test-{RUN}-predict"
    made.append(name)
    text = "وقال الوزير إن الحكومة ماضية في الإصلاح. وأضاف أن الميزانية جاهزة."
    article = tmp_path / "article-9.txt"
    article.write_text(text, encoding="utf-8")
    expected = doc_to_record(nlp(text), doc_id="article-9")
    assert expected["entities"], "the rules should find an attribution here"
    result, output = _cli("push", str(article), "--project", name, "--predict", "rules")
    assert result.exit_code == 0, output
    assert "1 pushed" in output and "1 verified" in output
    [example] = client.examples(client.find_project(name))
    assert example["meta"]["attributions"].startswith("1. وقال ← الوزير: ")
    out = tmp_path / "back.jsonl"
    result, output = _cli("pull", "--project", name, "-o", str(out))
    assert result.exit_code == 0, output
    [back] = _read(out)
    assert annotation_sets(back) == annotation_sets(expected)


def test_server_errors_become_clear_doccano_errors(doccano):
    from attrib.doccano.client import DoccanoError

    client, _ = doccano
    with pytest.raises(DoccanoError, match="did not finish in time"):
        client.wait_task("no-such-task", "import", timeout=1)
    with pytest.raises(DoccanoError, match=r"open project 99999999: .*404"):
        client.project(99999999)
