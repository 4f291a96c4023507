"""Installable pipeline packages of trained models (``spacy package`` + our code).

The package gets a one-line code module that imports attrib's components,
so ``spacy.load("ar_attrib_cnn")`` registers the factories, architectures and
the tokenizer even where entry points are not scanned; attrib itself is a
requirement of the package (it is not vendored: one copy of the code).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

SHIM = '"""Registers attrib\'s spaCy components."""\nimport attrib.training.train  # noqa: F401\n'


def package(model_dir: str | Path, output_dir: str | Path, *, name: str = "attrib_cnn",
            version: str = "0.1.0", wheel: bool = False, force: bool = True) -> Path:
    """Build the package directory and its sdist (and wheel, when ``build``
    is installed); returns the built archive's path."""
    from spacy.cli.package import has_build
    from spacy.cli.package import package as spacy_package

    import attrib

    model_dir, output_dir = Path(model_dir), Path(output_dir)
    if not (model_dir / "config.cfg").exists():
        raise FileNotFoundError(f"{model_dir} is not a saved pipeline (no config.cfg)")
    output_dir.mkdir(parents=True, exist_ok=True)
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    requirement = f"attrib>={attrib.__version__}"
    meta["requirements"] = [r for r in meta.get("requirements", []) if not r.startswith("attrib")]
    meta["requirements"].append(requirement)
    with tempfile.TemporaryDirectory() as tmp:
        shim = Path(tmp) / "attrib_components.py"
        shim.write_text(SHIM, encoding="utf-8")
        meta_path = Path(tmp) / "meta.json"
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        spacy_package(model_dir, output_dir, meta_path=meta_path, code_paths=[shim],
                      name=name, version=version, create_sdist=True,
                      create_wheel=wheel and has_build(), force=force, silent=True)
    full = f"{meta['lang']}_{name}-{version}"
    dist = output_dir / full / "dist"
    built = sorted(dist.glob("*.whl")) + sorted(dist.glob("*.tar.gz"))
    if not built:
        raise RuntimeError(f"spacy package produced no archive in {dist}")
    return built[0]
