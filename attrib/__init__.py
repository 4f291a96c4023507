"""attrib: quotation and claim attribution for Arabic news, on spaCy.

``load()`` gives a pipeline (the rules by default, or a trained one from a
directory or package); ``attribute()`` runs it over texts and returns
exchange-format records; ``to_doccano()`` and ``to_frame()`` convert docs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import model as _model  # noqa: F401  (registers Doc extensions)
from . import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from .model import Attribution, set_attributions

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Attribution", "attribute", "load", "set_attributions", "to_doccano", "to_frame"]
__version__ = "0.1.0"

RULES = "rules"


def rules_config_path() -> Path:
    return Path(str(resources.files("attrib").joinpath("data/rules.cfg")))


def load(name: str | Path = RULES, **config_overrides: Any) -> Language:
    """The rule pipeline (``"rules"``), or a saved/packaged pipeline by path or name."""
    import spacy
    from spacy import util

    if str(name) == RULES:
        config = util.load_config(
            rules_config_path(), overrides=config_overrides, interpolate=False
        )
        nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
        nlp.initialize()
        return nlp
    return spacy.load(name, config=config_overrides)


def attribute(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32
) -> Iterator[dict[str, Any]]:
    """Exchange-format records (GUIDELINES JSONL) for raw texts, in order."""
    nlp = nlp or load()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
        yield to_doccano(doc, doc_id=i)


def to_doccano(doc: Doc, doc_id: Any = None, extra: dict[str, Any] | None = None) -> dict:
    from .exchange import doc_to_record

    return doc_to_record(doc, doc_id=doc_id, extra=extra)


def to_frame(docs: Iterable[Doc], ids: Iterable[Any] | None = None) -> pd.DataFrame:
    """One row per attribution content, with every offset (see attrib.io.tables)."""
    from .io.tables import frame_from_docs

    return frame_from_docs(docs, ids=ids)
