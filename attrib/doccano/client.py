"""A thin layer over ``doccano_client.beta`` with clear errors and retries.

The package does the login, projects, label types, example listing and the
export; it has no working bulk import for relation projects (the legacy
``post_doc_upload_binary`` forces the project type as task, which imports
spans without relations), so :meth:`Doccano.import_jsonl` makes that one
call itself: a filepond upload, then ``/upload`` with task
``RelationExtraction``. Two more requests use the package's session
directly: listing projects by name (``projects.all()`` raises on project
types it does not know, e.g. another team's image project) and confirming an
example (the package has no call for it). Every failure becomes a :class:`DoccanoError` whose
message says what was attempted and what the server answered; passwords are
never part of a message.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import requests
from doccano_client.beta import DoccanoClient
from doccano_client.beta.controllers.project import ProjectController
from doccano_client.beta.models.projects import Project
from doccano_client.beta.models.relation_type import RelationType
from doccano_client.beta.models.span_type import SpanType
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .project import ProjectDefinition

RELATION_IMPORT_TASK = "RelationExtraction"
T = TypeVar("T")


class DoccanoError(RuntimeError):
    """A doccano request failed; the message is meant for the user."""


def _answer(response: requests.Response | None) -> str:
    if response is None:
        return "no response"
    body = " ".join(response.text.split())[:300]
    return f"HTTP {response.status_code} {body}"


def _ensure_types(
    kind: str, types: Any, specs: list[dict[str, Any]], text_of: Callable[[Any], str],
    model: type,
) -> None:
    """Create the label types the project definition lists and the server lacks
    (re-running a push must not duplicate them)."""
    have = {text_of(t) for t in _call(f"list {kind}s", lambda: list(types.all()))}
    for spec in specs:
        if spec["text"] not in have:
            _call(f"create {kind} {spec['text']}", lambda s=spec: types.create(model(**s)))


def _call(what: str, action: Callable[[], T]) -> T:
    """Run one API action, turning transport and HTTP errors into DoccanoError."""
    try:
        return action()
    except requests.ConnectionError as e:
        raise DoccanoError(f"{what}: cannot reach the server ({e.__class__.__name__})") from e
    except requests.Timeout as e:
        raise DoccanoError(f"{what}: the server did not answer in time") from e
    except requests.HTTPError as e:
        raise DoccanoError(f"{what}: {_answer(e.response)}") from e
    except requests.JSONDecodeError as e:
        raise DoccanoError(f"{what}: the answer is not JSON; is this a doccano server?") from e
    except requests.RequestException as e:  # incl. an error page that is not JSON
        raise DoccanoError(f"{what}: {e.__class__.__name__}: {e}") from e


def _checked(response: requests.Response, what: str) -> requests.Response:
    if response.status_code >= 400:
        raise DoccanoError(f"{what}: {_answer(response)}")
    return response


class Doccano:
    """A logged-in session with one doccano server."""

    def __init__(self, url: str, username: str, password: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self.timeout = timeout
        self.client = DoccanoClient(self.url)
        session = self.client.client_session
        # Connection failures are retried for any method (nothing was sent);
        # 502/503/504 only for reads, which are safe to repeat.
        retry = Retry(total=4, connect=3, read=2, backoff_factor=0.3,
                      status_forcelist=(502, 503, 504), allowed_methods={"GET", "HEAD"},
                      raise_on_status=False)
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        _call(f"log in to {self.url} as {username!r}",
              lambda: self.client.login(username, password))

    @property
    def session(self) -> requests.Session:
        return self.client.client_session

    @property
    def api(self) -> str:
        return self.client.api_url

    # --- projects --------------------------------------------------------
    def find_project(self, name: str) -> int | None:
        """The id of the project called ``name`` (None when there is none)."""
        url: str | None = f"{self.api}/projects?limit=100"
        while url:
            page = _checked(_call("list projects", lambda u=url: self.session.get(u)),
                            "list projects").json()
            for project in page["results"]:
                if project["name"] == name:
                    return int(project["id"])
            url = page.get("next")
        return None

    def project(self, project_id: int) -> ProjectController:
        return _call(f"open project {project_id}", lambda: self.client.projects.get(project_id))

    def ensure_project(self, name: str, definition: ProjectDefinition) -> tuple[int, bool]:
        """Create the project from the definition, or reuse the one of that
        name after checking its settings; missing label types are added."""
        project_id = self.find_project(name)
        created = project_id is None
        if created:
            settings = {k: v for k, v in definition.settings.items()
                        if k in Project.__dataclass_fields__}
            project = Project(name=name, description=definition.description,
                              project_type=definition.project_type,
                              guideline=definition.guideline, **settings)
            project_id = _call(f"create project {name!r}",
                               lambda: self.client.projects.create(project)).id
        controller = self.project(project_id)
        current = controller.project
        for key in ("allow_overlapping", "use_relation"):
            if not getattr(current, key, False):
                raise DoccanoError(f"project {name!r} exists but does not have {key} switched "
                                   "on; use another project name")
        _ensure_types("span type", controller.span_types, definition.span_types,
                      lambda t: t.span_type.text, SpanType)
        _ensure_types("relation type", controller.relation_types, definition.relation_types,
                      lambda t: t.relation_type.text, RelationType)
        return project_id, created

    # --- examples --------------------------------------------------------
    def examples(self, project_id: int, page_size: int = 500) -> Iterator[dict[str, Any]]:
        """Every example of the project as doccano lists it (id, text, meta...).
        The package's ``all()`` pages five at a time; its page fetcher takes a size."""
        controller = self.project(project_id).examples
        page = 0
        while True:
            data = _call(f"list examples of project {project_id}",
                         lambda p=page: controller._get_examples_response_from_api(p, page_size))
            yield from data["results"]
            if not data.get("next"):
                return
            page += 1

    def toggle_confirmed(self, project_id: int, example_id: int) -> None:
        """Mark an example as confirmed ("done") for the logged-in user, or undo it."""
        url = f"{self.api}/projects/{project_id}/examples/{example_id}/states"
        _checked(_call("confirm example", lambda: self.session.post(url, json={})),
                 f"confirm example {example_id}")

    # --- bulk import -----------------------------------------------------
    def import_jsonl(self, project_id: int, lines: list[dict[str, Any]],
                     upload_name: str = "attrib-push.jsonl") -> list[dict[str, Any]]:
        """Upload JSONL(Relation) lines in one file and wait for the import
        task. Returns the errors doccano listed (it calls the task a success
        even when every line failed: the caller must check counts)."""
        payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        files = {"filepond": (upload_name, payload.encode("utf-8"), "application/json")}
        # The beta client sets a JSON content type on its session; None drops it
        # so that requests writes the multipart boundary.
        response = _call("upload the documents", lambda: self.session.post(
            f"{self.api}/fp/process/", files=files, headers={"content-type": None, "accept": None},
            timeout=self.timeout))
        upload_id = _checked(response, "upload the documents").text.strip()
        body = {"uploadIds": [upload_id], "format": "JSONL", "task": RELATION_IMPORT_TASK,
                "column_data": "text", "column_label": "label", "delimiter": "",
                "encoding": "utf_8"}
        response = _call("start the import", lambda: self.session.post(
            f"{self.api}/projects/{project_id}/upload", json=body, timeout=self.timeout))
        task_id = _checked(response, "start the import").json()["task_id"]
        # doccano imports a few hundred documents a second; allow for big files.
        result = self.wait_task(task_id, "import", timeout=max(300.0, 0.05 * len(lines)))
        return list((result or {}).get("error") or [])

    def wait_task(self, task_id: str, what: str, timeout: float | None = None) -> Any:
        """Poll a celery task until it is ready; its result, or DoccanoError."""
        deadline = time.monotonic() + (timeout or self.timeout * 5)
        delay = 0.1
        while True:
            response = _call(f"{what} task status", lambda: self.session.get(
                f"{self.api}/tasks/status/{task_id}", timeout=self.timeout))
            status = _checked(response, f"{what} task status").json()
            if status.get("ready"):
                if status.get("error"):
                    raise DoccanoError(f"doccano's {what} task failed: {status['error']}")
                return status.get("result")
            if time.monotonic() > deadline:
                raise DoccanoError(f"doccano's {what} task {task_id} did not finish in time; "
                                   "is the task worker (celery) running?")
            time.sleep(delay)
            delay = min(delay * 1.5, 1.0)

    # --- export ----------------------------------------------------------
    def export(self, project_id: int, only_confirmed: bool = False) -> dict[str, list[dict]]:
        """doccano's JSONL export: lines per file in the zip, keyed by the file
        stem (``all`` for collaborative projects, else each member's name)."""
        controller = self.project(project_id)
        chatter = io.StringIO()  # the package prints progress lines; keep stdout clean

        def download() -> bytes:
            with contextlib.redirect_stdout(chatter):
                return b"".join(controller.download(self.api, only_approved=only_confirmed))

        try:
            blob = _call(f"export project {project_id}", download)
        except (KeyError, TypeError, ValueError) as e:
            raise DoccanoError(f"export of project {project_id} failed: "
                               f"{chatter.getvalue().strip()[-300:]}") from e
        try:
            archive = zipfile.ZipFile(io.BytesIO(blob))
        except zipfile.BadZipFile as e:
            raise DoccanoError(f"export of project {project_id} did not return a zip file: "
                               f"{blob[:200]!r}") from e
        files: dict[str, list[dict]] = {}
        for name in archive.namelist():
            stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            text = archive.read(name).decode("utf-8")
            files[stem] = [json.loads(line) for line in text.splitlines() if line.strip()]
        return files
