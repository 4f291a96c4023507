"""Pull a doccano project back into GUIDELINES JSONL, one set per annotator.

doccano exports one file per project member (all of the project's examples,
with that member's labels), or one ``all`` file for a collaborative project.
Each line is mapped back to its document (id and extra fields restored from
the meta ``push`` wrote), renumbered, and checked; problems are collected
for the report, and the records are kept as the annotator left them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .client import Doccano, DoccanoError
from .convert import Problem, from_doccano_line
from .validate import check_record


@dataclass
class Pulled:
    """Records per annotator (file stem of doccano's export) and the problems."""

    project_id: int
    by_user: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def annotators(self) -> list[str]:
        """Users with at least one span (each member's file lists every example)."""
        return [u for u, recs in self.by_user.items() if any(r["entities"] for r in recs)]


def convert_export(files: Mapping[str, Iterable[Mapping[str, Any]]],
                   project_id: int = 0) -> Pulled:
    pulled = Pulled(project_id)
    for user, lines in files.items():
        problems: list[Problem] = []
        records = []
        for line in sorted(lines, key=lambda x: x.get("id", 0)):
            record = from_doccano_line(line, problems)
            comments = line.get("Comments") or []
            if comments:
                problems.append(Problem(str(record.get("id")), f"{len(comments)} doccano "
                                        "comment(s) are not carried into the JSONL"))
            problems.extend(check_record(record))
            records.append(record)
        pulled.by_user[user] = records
        pulled.problems[user] = problems
    return pulled


def pull(doccano: Doccano, name: str, only_confirmed: bool = False) -> Pulled:
    project_id = doccano.find_project(name)
    if project_id is None:
        raise DoccanoError(f"no project called {name!r} on {doccano.url}")
    return convert_export(doccano.export(project_id, only_confirmed=only_confirmed), project_id)


def choose_users(pulled: Pulled, user: str | None, per_user: bool,
                 only_confirmed: bool) -> list[str]:
    """Whose annotations to write: the one asked for, every annotator, or the
    only one there is. Several annotators and no choice is an error: merging
    them would double every span."""
    if user is not None:
        if user not in pulled.by_user:
            raise DoccanoError(f"{user!r} is not a member of the project "
                               f"(members: {', '.join(sorted(pulled.by_user))})")
        return [user]
    if len(pulled.by_user) == 1:
        return list(pulled.by_user)
    active = [u for u, recs in pulled.by_user.items() if recs] if only_confirmed \
        else pulled.annotators()
    if per_user:
        return sorted(active or pulled.by_user)
    if len(active) <= 1:
        return active or sorted(pulled.by_user)[:1]
    raise DoccanoError(f"several annotators labelled this project ({', '.join(sorted(active))}); "
                       "choose one with --user or write one file each with --per-user")


def output_path(out: Path, user: str, several: bool) -> Path:
    return out.with_name(f"{out.stem}.{user}{out.suffix}") if several else out


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
