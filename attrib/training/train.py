"""Training with spaCy's own loop, our components and readers registered.

``attrib train`` is ``spacy train`` plus two conveniences: ``--train``/
``--dev`` set ``paths.train``/``paths.dev`` (GUIDELINES JSONL read directly by
``attrib.JsonlCorpus.v1``), and importing this module registers every
attrib factory, architecture, reader and scorer, so no ``--code`` is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import model as _model  # noqa: F401  (Doc extensions)
from .. import tokenizer as _tokenizer  # noqa: F401  (tokenizer registry)
from ..pipeline import models as _models  # noqa: F401  (architectures)
from ..pipeline import relations as _relations  # noqa: F401  (factory)
from ..pipeline import span_tagger as _span_tagger  # noqa: F401  (factory)
from . import corpus as _corpus  # noqa: F401  (reader)


def train(
    config: str | Path,
    output: str | Path | None,
    *,
    train_path: str | Path | None = None,
    dev_path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    use_gpu: int = -1,
) -> None:
    """Run spaCy's training loop; writes ``output/model-best`` and ``model-last``."""
    from spacy.cli.train import train as spacy_train

    config = Path(config)
    if not config.exists():
        raise FileNotFoundError(f"training config not found: {config}")
    merged: dict[str, Any] = dict(overrides or {})
    for key, value in (("paths.train", train_path), ("paths.dev", dev_path)):
        if value is not None:
            if not Path(value).exists():
                raise FileNotFoundError(f"{key.split('.')[1]} data not found: {value}")
            merged[key] = str(value)
    if output is not None:
        Path(output).mkdir(parents=True, exist_ok=True)
    spacy_train(config, output, use_gpu=use_gpu, overrides=merged)
