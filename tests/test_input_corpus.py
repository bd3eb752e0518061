"""A messy corpus, built here (no binaries committed): every input audited or refused with its
reason, the good ones audited in the same run, inputs untouched, and the exit code saying so."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.ingest import read_corpus
from audit.ingest.model import InputError, ReadOptions
from audit.runtime.run import Auditor

REPO = Path(__file__).resolve().parents[1]
GOOD = (
    "Port talks resume\n\nNegotiators met for six hours on Tuesday, the union said.\n" + BACKGROUND
)
PAGE = (
    "<html><head><title>Council meets</title><meta property='og:site_name' content='Civic Record'>"
    "</head><body><nav>Home</nav><article><h1>Council meets</h1><p>The council met on Monday "
    "and approved the budget, the clerk said.</p></article><p>Share</p></body></html>"
)


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def build_bad_corpus(root: Path) -> dict[str, str]:
    """Write good and bad inputs; return {path: reason} for those that must be refused."""
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "cp1252.txt").write_bytes(
        "Café prices “rose”\n\nThe café raised prices.\n".encode("cp1252")
    )
    (root / "wide.txt").write_text(GOOD, encoding="utf-16")
    (root / "page.html").write_text(PAGE, encoding="utf-8")
    refused = {
        "empty.txt": "empty file",
        "blank.md": "no text (only white space)",
        "nul.txt": "binary file (contains NUL bytes)",
        "renamed.txt": "binary file (a JPEG image)",
        "big.txt": "file too large: 5,000 bytes (limit 4,096)",
        "dangling.txt": "broken symbolic link",
        "shell.html": "HTML page has no visible text",
        "notes.docx": "unsupported file type '.docx'",
        "columns.csv": "CSV has no 'text' column (columns: id, body)",
        "feed.jsonl:2": "malformed JSON: Expecting property name enclosed in double quotes",
        "feed.jsonl:3": "duplicate id 'f1' in this file",
        "feed.jsonl:4": "record has no 'text' (required, a non-empty string)",
        "rows.csv:3": "row has 3 fields, header has 2",
    }
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text(" \n\n\t\n", encoding="utf-8")
    (root / "nul.txt").write_bytes(b"Title\n\x00\x00\x00data")
    (root / "renamed.txt").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    (root / "big.txt").write_text("x" * 5000, encoding="utf-8")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "shell.html").write_text("<html><body><script>app()</script></body></html>", "utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "columns.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    (root / "feed.jsonl").write_text(
        '{"id": "f1", "text": "One record.\\n\\nThe mayor spoke, her office said."}\n'
        "{not json}\n"
        '{"id": "f1", "text": "Same id again."}\n'
        '{"id": "f3", "title": "No text"}\n'
        '{"id": "f4", "text": "Another record.\\n\\nThe council met."}\n',
        encoding="utf-8",
    )
    (root / "rows.csv").write_text('id,text\n1,"First row."\n2,"Ragged",extra\n', encoding="utf-8")
    return refused


def audit_folder(auditor: Auditor, root: Path, **options):
    return auditor.run([str(root)], ReadOptions(max_bytes=4096, **options))


def test_every_input_is_audited_or_refused_with_its_reason(auditor, tmp_path):
    refused = build_bad_corpus(tmp_path)
    run = audit_folder(auditor, tmp_path)
    got = {(f"{e.path}:{e.line}" if e.line else e.path): e.reason for e in run.errors}
    assert got.keys() == refused.keys()
    for where, reason in refused.items():
        assert got[where].startswith(reason), where
    audited = sorted(a.document.id for a in run.articles)
    assert audited == ["1", "cp1252.txt", "f1", "f4", "good.txt", "page.html", "wide.txt"]
    assert {a.document.source for a in run.articles} >= {"Civic Record", "good", "wide"}
    assert any("cp1252.txt: not valid UTF-8" in notice for notice in run.notices)


def test_inputs_are_never_modified(auditor, tmp_path):
    build_bad_corpus(tmp_path)
    before = _fingerprints(tmp_path)
    audit_folder(auditor, tmp_path)
    assert _fingerprints(tmp_path) == before


def test_an_unreadable_file_is_refused_and_the_rest_audited(auditor, tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the file system say no instead
        real_open = Path.open

        def refusing_open(self, *args, **kwargs):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refusing_open)
    run = auditor.run([str(tmp_path)])
    assert [a.document.id for a in run.articles] == ["good.txt"]
    assert [(e.path, e.reason) for e in run.errors] == [
        ("locked.txt", "cannot read: Permission denied")
    ]


def test_an_unreadable_folder_is_refused_not_passed_over(auditor, tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "story.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    run = auditor.run([str(tmp_path)])
    assert [a.document.id for a in run.articles] == ["good.txt"]
    assert [(e.path, e.reason) for e in run.errors] == [
        ("private", "cannot read folder: Permission denied")
    ]


def test_a_symbolic_link_loop_is_refused_once_and_linked_files_are_read(auditor, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "news" / "again").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "news" / "story.txt")
    run = auditor.run([str(tmp_path)])
    assert sorted(a.document.id for a in run.articles) == ["alias.txt", "news/story.txt"]
    assert [(e.path, e.reason) for e in run.errors] == [
        ("news/again", "symbolic link to a folder already scanned (not read twice)")
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(auditor, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    run = auditor.run([str(tmp_path)])
    assert [(e.path, e.reason) for e in run.errors] == [
        ("pipe.txt", "not a regular file (a device, pipe or socket)")
    ]


def test_stdin_over_the_size_limit_is_refused():
    result = invoke("scan", "-", "--max-bytes", "1K", "--format", "json", input="x" * 2000)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"] == [
        {"path": "-", "line": None, "reason": "file too large: over 1,024 bytes (the limit)"}
    ]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--max-bytes", "lots"], "is not a size such as 500000, 800K, 50M or 1G"),
        (["--max-bytes", "0"], "is not a size"),
        (["--encoding", "klingon"], "is not a text encoding Python knows"),
        (["--encoding", "rot13"], "is not a text encoding Python knows"),
    ],
)
def test_bad_input_options_are_usage_errors(tmp_path, option, message):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke("scan", tmp_path, *option)
    assert result.exit_code == 2 and message in result.output


def test_declared_encoding_reaches_the_reader(tmp_path):
    (tmp_path / "kyiv.txt").write_bytes("Переговори\n\nДелегації зустрілися.\n".encode("cp1251"))
    result = invoke(
        "scan", tmp_path, "--encoding", "cp1251", "--format", "json", "--min-words", "0"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["articles"][0]["title"] == "Переговори"


def test_output_refuses_to_overwrite_a_file_inside_a_scanned_folder(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(GOOD, encoding="utf-8")
    result = invoke("scan", tmp_path, "--output", story)
    assert result.exit_code == 2 and "would overwrite an input file" in result.output
    assert story.read_text(encoding="utf-8") == GOOD
    assert invoke("scan", tmp_path, "--output", tmp_path / "report.json").exit_code == 0


def test_ctrl_c_leaves_the_old_report_and_exits_130(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    report.write_text("the previous report", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Auditor, "run", interrupted)
    result = invoke("scan", tmp_path / "a.txt", "--output", report)
    assert result.exit_code == 130
    assert "newsaudit: interrupted; no report was written" in result.output
    assert report.read_text(encoding="utf-8") == "the previous report"
    assert os.listdir(report.parent) == ["report.json"]  # no temporary file left behind


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux /proc")
def test_a_real_sigint_stops_the_process_cleanly():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "scan", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # As a command typed at a terminal gets it: a test run started in the background of a
        # shell without job control (CI scripts often are) has SIGINT ignored, which a child
        # inherits, and Python then leaves Ctrl-C ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not _reads_stdin(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until it blocks reading stdin: the CLI is up
    if not _reads_stdin(process.pid):
        process.kill()
        pytest.skip("cannot tell when the process waits on its input")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode(errors="replace")[-2000:]
    assert b"newsaudit: interrupted" in stderr and b"Traceback" not in stderr


def test_the_done_when_folder_audits_in_one_run(tmp_path, seeds_dir):
    """Seeds, an HTML page, Windows-1252, UTF-16, empty, binary, malformed JSONL, oversized."""
    for seed in sorted(seeds_dir.glob("0*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "cafe.txt").write_bytes(
        "Café “prices”\n\nThe café raised prices.\n".encode("cp1252")
    )
    (tmp_path / "wide.txt").write_text(GOOD, encoding="utf-16")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / "feed.jsonl").write_text('{"id": "f1", "text": "Fine.\\n\\nIt is."}\n{"id": \n')
    (tmp_path / "huge.txt").write_text("Big\n\n" + "The council met. " * 30000, encoding="utf-8")
    result = invoke("scan", tmp_path, "--format", "json", "--max-bytes", "300K", "--min-words", "0")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    audited = sorted(a["id"] for a in report["articles"])
    seeds = sorted(p.name for p in seeds_dir.glob("0*.txt"))
    assert audited == sorted([*seeds, "cafe.txt", "f1", "page.html", "wide.txt"])
    assert [(e["path"], e["line"], e["reason"].split(":")[0]) for e in report["errors"]] == [
        ("empty.txt", None, "empty file"),
        ("feed.jsonl", 2, "malformed JSON"),
        ("huge.txt", None, "file too large"),
        ("scan.txt", None, "binary file (a PDF document)"),
    ]
    assert report["summary"]["articles"] == 8 and report["summary"]["refused"] == 4
    assert "newsaudit: refused huge.txt: file too large: 510,005 bytes" in result.stderr


def _fingerprints(root: Path) -> dict[str, tuple[str, float]]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.name] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime)
    return found


# The number of read(2) by machine, as /proc/PID/syscall gives it.
_READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}


def _reads_stdin(pid: int) -> bool:
    """Whether the process is blocked in a read of its standard input (file descriptor 0):
    a wait on some other pipe (a library starting up) is not the moment to press Ctrl-C."""
    try:
        waiting = Path(f"/proc/{pid}/wchan").read_text()
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    if "pipe" not in waiting or len(call) < 2:
        return False
    number = _READ_SYSCALL.get(platform.machine())
    return number is None or (call[0] == number and int(call[1], 16) == 0)


def test_read_corpus_keeps_stable_path_order(tmp_path):
    for name in ("b.txt", "a/z.txt", "a/b/c.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    ids = [d.id for d in read_corpus([str(tmp_path)]) if not isinstance(d, InputError)]
    assert ids == ["a/b/c.txt", "a/z.txt", "b.txt", "c.txt"]
