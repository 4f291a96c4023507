"""A saved rule pipeline loads with spacy.load in a fresh process and
gives the same attributions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import attrib

TEXTS = [
    "وقال وزير الخارجية إن المفاوضات مستمرة.\nوأضاف: «لن نتراجع».",
    "الوزير: لا تراجع عن خطة الإصلاح",
    "ارتفعت الأسعار، بحسب وزارة الاقتصاد.",
]

SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = json.loads(sys.stdin.read())
print(json.dumps([[a.as_dict() for a in nlp(t)._.attributions] for t in texts]))
"""


@pytest.mark.slow
def test_saved_pipeline_loads_in_fresh_process(tmp_path):
    nlp = attrib.load(**{"components.attrib_sources.max_source_tokens": 10})
    expected = [[a.as_dict() for a in nlp(t)._.attributions] for t in TEXTS]
    assert all(expected)
    path = tmp_path / "rules"
    nlp.to_disk(path)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        input=json.dumps(TEXTS), capture_output=True, text=True, check=True, timeout=120,
    )
    assert json.loads(out.stdout) == expected
    cfg = (path / "config.cfg").read_text(encoding="utf-8")
    assert "max_source_tokens = 10" in cfg


def test_bad_lexicon_dir_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="verbs.tsv"):
        attrib.load(**{"components.attrib_cues.lexicon_dir": str(tmp_path)})


def test_malformed_lexicon_line_names_file_and_line(tmp_path):
    from attrib.rules.lexicon import read_verbs

    bad = tmp_path / "verbs.tsv"
    bad.write_text("# header\nقال\tيقول\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"verbs\.tsv:2"):
        read_verbs(bad)
