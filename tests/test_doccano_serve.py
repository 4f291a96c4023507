"""The embedded server's set-up logic, without installing or starting doccano."""

from __future__ import annotations

from pathlib import Path

import pytest

from attrib.doccano.project import DefinitionError, definition_dir, load_definition
from attrib.doccano.serve import (
    DOCCANO_REQUIREMENTS,
    INSTALLED_MARKER,
    SETTINGS_MODULE,
    DoccanoServer,
    ServeError,
)


def _fake_install(home):
    backend = home / "venv" / "lib" / "python3.11" / "site-packages" / "backend"
    backend.mkdir(parents=True)
    return backend


def test_environment_keeps_password_out_and_points_at_home(tmp_path, monkeypatch):
    backend = _fake_install(tmp_path)
    monkeypatch.setenv("DOCCANO_PASSWORD", "secret-value")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "someone.elses")
    server = DoccanoServer(tmp_path, port=8123)
    env = server.environment()
    assert "secret-value" not in env.values()
    assert env["DJANGO_SETTINGS_MODULE"] == SETTINGS_MODULE
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert env["PYTHONPATH"].split(":") == [str(tmp_path), str(backend)]
    assert server.url == "http://127.0.0.1:8123"


def test_configure_writes_settings_and_a_private_secret(tmp_path):
    _fake_install(tmp_path)
    server = DoccanoServer(tmp_path)
    server.configure()
    key = (tmp_path / "secret_key").read_text()
    assert len(key.strip()) > 40 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    settings = (tmp_path / f"{SETTINGS_MODULE}.py").read_text()
    assert "ALLOW_EXTERNAL_UPLOAD_DIR = True" in settings and "polling_interval" in settings
    server.configure()  # idempotent: the secret survives a restart
    assert (tmp_path / "secret_key").read_text() == key


def test_install_marker_must_match_requirements(tmp_path):
    _fake_install(tmp_path)
    server = DoccanoServer(tmp_path)
    assert not server.is_installed()
    (tmp_path / "venv" / INSTALLED_MARKER).write_text("doccano==1.8.3\n")
    assert not server.is_installed()
    (tmp_path / "venv" / INSTALLED_MARKER).write_text("\n".join(DOCCANO_REQUIREMENTS))
    assert server.is_installed()


def test_missing_backend_is_a_clear_error(tmp_path):
    with pytest.raises(ServeError, match="backend package is missing"):
        DoccanoServer(tmp_path).backend_dir()


def test_project_definition_matches_scheme(tmp_path):
    definition = load_definition()
    assert [t["text"] for t in definition.span_types] == ["CUE", "SOURCE", "CONTENT"]
    assert {t["suffix_key"] for t in definition.span_types} == {"c", "s", "q"}
    assert definition.settings["allow_overlapping"] and definition.settings["use_relation"]
    assert "RTL" in definition.guideline and "## Relations" in definition.guideline
    shared = Path(__file__).resolve().parents[1] / ".." / "shared" / "GUIDELINES.md"
    if shared.is_file():  # the annotator copy must not drift from the binding rules
        assert (definition_dir() / "GUIDELINES.md").read_text() == shared.read_text()
    (tmp_path / "project.json").write_text('{"span_types": [{"text": "CUE"}]}')
    with pytest.raises(DefinitionError, match="differ from the scheme"):
        load_definition(tmp_path)
