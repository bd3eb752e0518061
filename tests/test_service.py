"""`newsaudit serve` as a CMS would meet it: a real uvicorn process on a loopback port.

The answers are the JSON report's own objects, every malformed request gets its 4xx
problem (RFC 9457), a token guards every route but /healthz, concurrent requests are
answered and recorded whole, and schemathesis finds nothing against the OpenAPI document.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from drafts import HEDGED, NAMED  # noqa: E402

from audit.cli import main  # noqa: E402
from audit.history.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OPENAPI = REPO / "docs" / "openapi.json"
TOKEN = "s3cret-token-for-the-tests-0123456789"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, tmp: Path, *args: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "audit", "serve", "--isolated", "--port", str(self.port)]
        self.log = tmp / f"server-{self.port}.log"  # a file, not a pipe nobody drains
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*command, "--workers", "2", *args],
                cwd=tmp,
                stderr=log,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serve") / "history.sqlite"


@pytest.fixture(scope="module")
def server(store_path):
    running = Server(
        store_path.parent, "--fail-on", "warning", "--min-score", "60", "--max-articles", "5",
        "--max-body", "65536", "--store", str(store_path),
    )  # fmt: skip
    yield running
    running.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guarded")
    (folder / "token").write_text(TOKEN + "\n", encoding="utf-8")
    running = Server(folder, "--token-file", "token", "--timeout", "1", "--workers", "1",
                     "--max-body", str(8 * 1024 * 1024))  # fmt: skip
    yield running
    running.stop()


def _problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].endswith("/" + slug)
    assert body["title"] and body["detail"]
    return body


def test_health_and_version(server):
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    version = httpx.get(f"{server.url}/version").json()
    assert version["name"] == "newsaudit"
    assert version["schema"] == "newsaudit/report@1"


def test_check_answers_the_article_object_scan_writes(server, tmp_path):
    record = {"id": "draft-7", "text": HEDGED, "source": "harbour-desk", "url": "https://x.test/a"}
    response = httpx.post(f"{server.url}/v1/check", json=record)
    timing = dict(
        part.strip().split(";", 1) for part in response.headers["server-timing"].split(",")
    )
    assert float(timing["cpu"].removeprefix("dur=")) > 0  # the audit's CPU, beside its wall time
    assert "audit" in timing
    answer = response.json()

    (tmp_path / "drafts.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    scanned = CliRunner().invoke(
        main, ["scan", str(tmp_path / "drafts.jsonl"), "--isolated", "--format", "json", "-q"]
    )
    assert scanned.exit_code == 0, scanned.output
    (expected,) = json.loads(scanned.output)["articles"]
    assert expected["path"] == "drafts.jsonl" and answer["article"]["path"] == "request"
    assert {**answer["article"], "path": None} == {**expected, "path": None}
    assert answer["article"]["findings"], "the hedged draft has findings"


def test_check_gives_the_gate_verdict_under_the_configured_gate(server):
    failed = httpx.post(f"{server.url}/v1/check", json={"text": HEDGED}).json()
    assert failed["gate"]["fail_on"] == "warning" and failed["gate"]["min_score"] == 60
    assert failed["gate"]["passed"] is False
    assert any("findings at or above warning" in f for f in failed["gate"]["failures"])
    assert failed["fix_first"], "the hedged draft has problems to fix first"
    assert failed["fix_first"] == failed["article"]["fix_first"]


def test_suppressions_apply_as_in_front_matter(server):
    reasoned = {"text": HEDGED, "suppressions": [{"rule": "HDG", "reason": "The desk checked."}]}
    article = httpx.post(f"{server.url}/v1/check", json=reasoned).json()["article"]
    assert not [f for f in article["findings"] if f["rule"].startswith("HDG")]
    assert {s["by"] for s in article["suppressed"]} == {"front matter"}
    unreasoned = {"text": HEDGED, "suppressions": [{"rule": "HDG"}]}
    article = httpx.post(f"{server.url}/v1/check", json=unreasoned).json()["article"]
    assert "SUP001" in {f["rule"] for f in article["findings"]}


def test_scan_answers_the_report_with_the_source_ranking(server):
    batch = {"articles": [{"text": NAMED, "source": "gazette"}, {"text": HEDGED, "source": "hub"}]}
    report = httpx.post(f"{server.url}/v1/scan", json=batch).json()
    assert report["schema"] == "newsaudit/report@1"
    assert [s["source"] for s in report["sources"]] == ["gazette", "hub"]
    assert [a["id"] for a in report["articles"]] == ["request:1", "request:2"]


MALFORMED = [
    ("not json", b'{"text": "a', "application/json", 400, "malformed-json"),
    ("nested too deeply", b"[" * 60_000, "application/json", 400, "malformed-json"),
    (
        "number too long",
        b'{"text": 1' + b"0" * 10_000 + b"}",
        "application/json",
        400,
        "malformed-json",
    ),
    ("null", b"null", "application/json", 422, "invalid-request"),
    ("empty body", b"", "application/json", 422, "invalid-request"),
    ("not utf-8", b'{"text": "caf\xe9"}', "application/json", 400, "not-utf-8"),
    ("no media type", b'{"text": "a"}', "text/plain", 415, "unsupported-media-type"),
    ("wrong type", b'{"text": 5}', "application/json", 422, "invalid-request"),
    ("empty text", b'{"text": ""}', "application/json", 422, "invalid-request"),
    ("blank text", b'{"text": " \\n\\t"}', "application/json", 422, "invalid-request"),
    ("no text", b'{"title": "a"}', "application/json", 422, "invalid-request"),
    ("unknown field", b'{"text": "a", "colour": 1}', "application/json", 422, "invalid-request"),
    ("a path", b'{"text": "a", "path": "/etc/passwd"}', "application/json", 422, "invalid-request"),
    ("lone surrogate", b'{"text": "a\\ud800b"}', "application/json", 422, "invalid-request"),
    ("not an object", b'["text"]', "application/json", 422, "invalid-request"),
    (
        "bad suppression",
        b'{"text": "a", "suppressions": [{"rule": 3}]}',
        "application/json",
        422,
        "invalid-request",
    ),
]


@pytest.mark.parametrize(("body", "media", "status", "slug"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])  # fmt: skip
def test_every_malformed_request_gets_its_problem(server, body, media, status, slug):
    response = httpx.post(f"{server.url}/v1/check", content=body, headers={"content-type": media})
    problem = _problem(response, status, slug)
    if status == 422:
        assert problem["errors"] and all("location" in e for e in problem["errors"])


def test_a_large_body_is_refused_before_it_is_read_whole(server):
    big = json.dumps({"text": "word " * 20_000}).encode()
    _problem(httpx.post(f"{server.url}/v1/check", content=big,
                        headers={"content-type": "application/json"}), 413, "body-too-large")  # fmt: skip

    def chunks():  # no Content-Length: the limit is counted as the body arrives
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 4096
        yield b'"}'

    chunked = httpx.post(f"{server.url}/v1/check", content=chunks(),
                         headers={"content-type": "application/json"})  # fmt: skip
    _problem(chunked, 413, "body-too-large")


def test_too_many_articles_in_one_scan(server):
    batch = {"articles": [{"text": NAMED}] * 6}
    _problem(httpx.post(f"{server.url}/v1/scan", json=batch), 413, "too-many-articles")


def test_unknown_rule_and_wrong_method(server):
    _problem(httpx.get(f"{server.url}/v1/rules/NOPE999"), 404, "no-such-rule")
    _problem(httpx.delete(f"{server.url}/v1/check"), 405, "method-not-allowed")
    rules = httpx.get(f"{server.url}/v1/rules").json()
    assert "HDG001" in {r["id"] for r in rules}
    page = httpx.get(f"{server.url}/v1/rules/HDG001").json()
    assert page["page"].startswith("# HDG001") and page["doc"] == "docs/rules/HDG001.md"


def test_concurrent_requests_are_each_answered_and_recorded_whole(server, store_path):
    def check(n: int) -> tuple[int, str, bytes, str]:
        record = {"id": f"draft-{n}", "text": NAMED if n % 2 else HEDGED, "source": f"desk-{n % 3}"}
        response = httpx.post(f"{server.url}/v1/check", json=record, timeout=60)
        batch = response.headers["server-timing"].rpartition("batch;desc=")[2]
        return response.status_code, response.json()["article"]["id"], response.content, batch

    alone = [check(n)[2] for n in range(6)]  # one at a time
    before = Store(store_path).counts()["runs"]
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(check, range(36)))
    assert [answer[:2] for answer in answers] == [(200, f"draft-{n}") for n in range(36)]
    # Requests that queued were audited together, and each answer is still its own.
    assert max(int(answer[3]) for answer in answers) > 1
    assert [answer[2] for answer in answers[:6]] == alone
    store = Store(store_path)
    assert store.counts()["runs"] == before + 36
    assert store.integrity() == []
    assert {"desk-0", "desk-1", "desk-2"} <= set(store.source_trends(store.runs()))


def test_a_token_guards_every_route_but_the_health_probe(guarded):
    assert httpx.get(f"{guarded.url}/healthz").status_code == 200
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": TOKEN}):
        response = httpx.get(f"{guarded.url}/v1/rules", headers=headers)
        _problem(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")
    # An unauthenticated body is refused before it is read.
    response = httpx.post(f"{guarded.url}/v1/check", json={"text": NAMED})
    _problem(response, 401, "unauthorized")
    authorised = {"authorization": f"Bearer {TOKEN}"}
    assert httpx.get(f"{guarded.url}/v1/rules", headers=authorised).status_code == 200


def test_an_audit_over_the_time_limit_is_a_504_and_the_service_goes_on(guarded):
    authorised = {"authorization": f"Bearer {TOKEN}"}
    # About 3.8 MB, several seconds of audit: well past the 1 s limit however fast it gets.
    long_text = NAMED + ("The council met again and the vote was close. " * 80000)
    slow = httpx.post(f"{guarded.url}/v1/check", json={"text": long_text}, headers=authorised,
                      timeout=60)  # fmt: skip
    _problem(slow, 504, "audit-time-limit")
    quick = httpx.post(f"{guarded.url}/v1/check", json={"text": NAMED}, headers=authorised,
                       timeout=60)  # fmt: skip
    assert quick.status_code == 200


def test_listening_beyond_loopback_needs_a_token(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--isolated", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--token-file" in result.output
    short = tmp_path / "token"
    short.write_text("short\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--isolated", "--token-file", str(short)])
    assert result.exit_code == 2
    assert "at least" in result.output


def test_the_committed_openapi_document_is_the_codes(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--isolated", "--openapi", "-"])
    assert result.exit_code == 0, result.output
    assert result.output == OPENAPI.read_text(encoding="utf-8"), (
        "docs/openapi.json is stale: run `newsaudit serve --isolated --openapi docs/openapi.json`"
    )


def test_schemathesis_finds_no_server_error_and_no_schema_violation(server, tmp_path):
    runner = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which(
        "schemathesis"
    )
    if runner is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [runner, "--config-file", str(REPO / "tests" / "schemathesis.toml"), "run", str(OPENAPI),
         "--url", server.url, "--checks", "all", "--max-examples", "40", "--seed", "22",
         "--workers", "2"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,  # its cache goes there
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert generated and generated[1] == generated[2], result.stdout[-2000:]


def test_no_client_reaches_a_path(server):
    # There is no path field; a text that names a file is read as text, never opened.
    answer = httpx.post(f"{server.url}/v1/check", json={"text": "/etc/passwd"})
    problem = _problem(answer, 422, "article-refused")
    assert problem["errors"][0]["kind"] == "too_short"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/v1/rules/..%2F..%2Fetc%2Fpasswd")
    assert connection.getresponse().status == 404


def test_an_article_the_reader_cannot_judge_is_refused_with_its_reason(server):
    answer = httpx.post(f"{server.url}/v1/check", json={"text": "Breaking: port talks resume."})
    problem = _problem(answer, 422, "article-refused")
    assert "too short" in problem["detail"]
    assert problem["errors"][0]["words"] == 4
    batch = {"articles": [{"text": NAMED}, {"text": "Breaking: port talks resume."}]}
    report = httpx.post(f"{server.url}/v1/scan", json=batch).json()
    assert len(report["articles"]) == 1
    assert [e["kind"] for e in report["errors"]] == ["too_short"]


def test_without_the_serve_extra_the_command_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    result = CliRunner().invoke(main, ["serve", "--isolated"])
    assert result.exit_code == 2
    assert "pip install 'newsaudit[serve]'" in result.output
    assert "uvicorn" in result.output


def test_a_server_killed_under_load_leaves_a_store_of_whole_runs(tmp_path):
    store_path = tmp_path / "history.sqlite"
    killed = Server(tmp_path, "--store", str(store_path))
    answered: list[int] = []

    def check(n: int) -> None:
        record = {"id": f"draft-{n}", "text": NAMED, "source": f"desk-{n % 4}"}
        try:
            response = httpx.post(f"{killed.url}/v1/check", json=record, timeout=30)
            answered.append(response.status_code)
        except httpx.HTTPError:
            pass  # the server died under this request

    try:
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(check, n) for n in range(200)]
            deadline = time.monotonic() + 60
            while len(answered) < 10 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(killed.process.pid, signal.SIGKILL)
            for future in futures:
                future.result()
    finally:
        killed.process.wait(10)
    assert answered and set(answered) == {200}
    store = Store(store_path)
    assert store.integrity() == []
    counts = store.counts()
    assert len(answered) <= counts["runs"] < 200
    assert counts["articles"] == counts["runs"]  # one article per request, never half a run
