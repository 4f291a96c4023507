"""The transformer config trains offline with a tiny BERT built here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from train_data import records, write

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

pytest.importorskip("spacy_transformers")


def tiny_bert(path: Path) -> Path:
    """A randomly initialised 2-layer BERT (hidden size 32) with a WordPiece
    vocabulary trained on the test sentences, saved with save_pretrained."""
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    wordpiece = BertWordPieceTokenizer(lowercase=False, strip_accents=False)
    wordpiece.train_from_iterator([r["text"] for r in records()], vocab_size=300,
                                  min_frequency=1)
    wordpiece.save_model(str(path))
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=False,
                                  strip_accents=False)
    tokenizer.save_pretrained(str(path))
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=128)
    BertModel(config).save_pretrained(str(path))
    return path


@pytest.mark.slow
def test_transformer_config_trains_offline_and_loads(tmp_path):
    model_dir = tiny_bert(tmp_path / "bert")
    data = write(tmp_path / "tiny.jsonl")
    env = {**os.environ, **OFFLINE}
    train = subprocess.run([
        sys.executable, "-m", "attrib", "train", str(ROOT / "training" / "transformer.cfg"),
        "--train", str(data), "--dev", str(data), "--output", str(tmp_path / "out"),
        "--paths.transformer_model", str(model_dir), "--training.max_steps", "4",
        "--training.eval_frequency", "2", "--training.optimizer.learn_rate.warmup_steps", "1",
        "--components.transformer.model.get_spans.window", "48",
        "--components.transformer.model.get_spans.stride", "32",
    ], capture_output=True, text=True, env=env, timeout=600)
    assert train.returncode == 0, train.stdout[-3000:] + train.stderr[-3000:]
    best = tmp_path / "out" / "model-best"
    script = (
        "import json, sys, spacy; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]);"
        "atts = doc._.attributions; assert isinstance(atts, list);"
        "print(json.dumps({'pipe': nlp.pipe_names, 'n': len(atts)}))"
    )
    text = records()[0]["text"]
    proc = subprocess.run([sys.executable, "-c", script, str(best), text],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "transformer" in out["pipe"] and out["pipe"][-1] == "attrib_relations"
