"""End to end: ``attrib train`` with the CNN config on tiny data, then the
saved pipeline loads in a fresh process, predicts, and packages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from train_data import write
from typer.testing import CliRunner

from attrib.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
SMALL = [
    "--training.max_steps", "6", "--training.eval_frequency", "3",
    "--components.tok2vec.model.encode.width", "32",
    "--components.tok2vec.model.encode.depth", "2",
    "--components.tok2vec.model.embed.rows", "500",
    "--components.attrib_relations.model.hidden_width", "16",
]
TEXT = "وقال رئيس الوزراء إن الحكومة ستعلن خطة جديدة. وأضاف: «لن نتأخر»."

LOAD_AND_PREDICT = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
atts = doc._.attributions
assert isinstance(atts, list)
spans = [s for a in atts for s in (a.cue, *a.contents) + ((a.speaker,) if a.speaker else ())]
assert all(doc.text[s.start_char:s.end_char] == s.text for s in spans)
print(json.dumps({"pipe": nlp.pipe_names, "n": len(atts)}))
"""


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("train")
    data = write(tmp / "tiny.jsonl")
    result = CliRunner().invoke(app, [
        "train", str(ROOT / "training" / "cnn.cfg"), "--train", str(data),
        "--dev", str(data), "--output", str(tmp / "out"), *SMALL,
    ])
    assert result.exit_code == 0, result.output
    assert "ATT_F" in result.output  # spaCy's progress table with our scorer
    assert "<- saved" in result.output  # decoding tuned on dev
    return tmp / "out" / "model-best"


@pytest.mark.slow
def test_trained_pipeline_loads_in_fresh_process(trained):
    assert (trained / "config.cfg").exists()
    proc = subprocess.run([sys.executable, "-c", LOAD_AND_PREDICT, str(trained), TEXT],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["pipe"][-3:] == ["tok2vec", "attrib_span_tagger", "attrib_relations"]
    assert "attrib_linker" in out["pipe"]


@pytest.mark.slow
def test_tuned_threshold_is_in_saved_config(trained):
    from spacy import util

    from attrib.training.tune import ADD_THRESHOLDS, DROP_THRESHOLDS, THRESHOLDS

    section = util.load_config(trained / "config.cfg", interpolate=False)[
        "components"]["attrib_relations"]
    if section["rules_first"]:
        assert section["threshold"] in ADD_THRESHOLDS
        assert section["drop_threshold"] in DROP_THRESHOLDS
    else:
        assert section["threshold"] in THRESHOLDS


@pytest.mark.slow
def test_attrib_load_and_records(trained):
    import attrib

    nlp = attrib.load(trained)
    records = list(attrib.attribute([TEXT, "لا شيء هنا."], nlp=nlp))
    assert [r["text"] for r in records] == [TEXT, "لا شيء هنا."]
    for record in records:
        for ent in record["entities"]:
            assert 0 <= ent["start_offset"] < ent["end_offset"] <= len(record["text"])


@pytest.mark.slow
def test_train_reports_missing_data(tmp_path):
    result = CliRunner().invoke(app, [
        "train", str(ROOT / "training" / "cnn.cfg"), "--train", str(tmp_path / "nope.jsonl"),
        "--dev", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "train data not found" in result.output


@pytest.mark.slow
def test_package_installs_and_loads(trained, tmp_path):
    result = CliRunner().invoke(app, ["package", str(trained), str(tmp_path / "pkg"),
                                      "--name", "attrib_tiny"])
    assert result.exit_code == 0, result.output
    archive = Path(result.output.strip().splitlines()[-1])
    assert archive.exists() and archive.name.startswith("ar_attrib_tiny-0.1.0")
    site = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                          "--no-build-isolation", "--target", str(site), str(archive)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", LOAD_AND_PREDICT, "ar_attrib_tiny", TEXT],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((tmp_path / "pkg" / "ar_attrib_tiny-0.1.0" / "meta.json").read_text())
    assert any(r.startswith("attrib>=") for r in meta["requirements"])
