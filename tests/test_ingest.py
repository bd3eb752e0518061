"""Reading a corpus: formats, sources, and every input accounted for."""

import io
import json

import pytest

from audit.ingest import read_corpus
from audit.ingest.model import InputError
from audit.ingest.sources import domain_of, resolve_source


def read(*paths):
    documents, errors = [], []
    for item in read_corpus([str(p) for p in paths]):
        (errors if isinstance(item, InputError) else documents).append(item)
    return documents, errors


def test_text_file_title_is_the_first_non_empty_line_and_text_is_the_whole_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\n\nCouncil Approves Budget\n\nThe council met.\n", encoding="utf-8")
    (doc,), errors = read(path)
    assert not errors
    assert doc.title == "Council Approves Budget"
    assert doc.text == path.read_text(encoding="utf-8")
    assert (doc.id, doc.source) == ("story.txt", "story")


SCRAPED = (
    "Email\n\nShare\n\nDelhi | 25°C (windy)\n\nPort Talks Resume After Two-Week Strike\n\n"
    "Negotiators met for six hours on Tuesday.\n"
)
GENERATED = (
    "Sure! Here's a news article about the strike, written in the style of a local paper:\n\n"
    "Latest News From Around the Region\n\nPort Talks Resume After Strike\n\nBy Ana Ruiz\n\n"
    "Dockworkers and port operators resumed talks on Tuesday, the first session since the "
    "strike began last month.\n\nThe port has been closed for five weeks, and dozens of ships "
    "are waiting offshore for the strike to end.\n"
)
SKIP_LINK = (
    "Skip to main content\n\nHome > News > Local Politics\n\nCouncil Approves Harbour Budget\n\n"
    "The council approved the harbour budget on Monday after a long debate over dredging.\n\n"
    "The budget adds two pilots and a new dredging contract for the harbour's east basin.\n"
)
OBITUARY = (
    "Obituary\n\nJane Doe, who ran the harbour ferry for forty years, has died.\n\n"
    "Ferry Service Will Continue\n"
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (SCRAPED, "Port Talks Resume After Two-Week Strike"),  # share buttons, a weather widget
        (GENERATED, "Port Talks Resume After Strike"),  # the line over the lede sharing its words
        (SKIP_LINK, "Council Approves Harbour Budget"),  # a skip link, a breadcrumb trail
        (OBITUARY, "Obituary"),  # a short title stays when the text begins under it
    ],
    ids=["page-chrome", "chatbot-preface", "skip-link", "short-title"],
)
def test_a_text_files_title_is_its_headline_not_what_a_scraper_kept_above_it(tmp_path, text, title):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    (doc,), _ = read(path)
    assert doc.title == title


def test_markdown_front_matter_gives_title_source_and_metadata(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(
        "---\ntitle: Water Rates Rise\nsource: Harbor Ledger\nauthor: Ana Ruiz\n"
        "url: https://www.harborledger.co.uk/x\n---\n\nThe council voted 6-3.\n",
        encoding="utf-8",
    )
    (doc,), _ = read(path)
    assert (doc.title, doc.source) == ("Water Rates Rise", "Harbor Ledger")
    assert doc.metadata["author"] == "Ana Ruiz"
    assert doc.structure.blocks[0].start == doc.text.index("The council")


def test_source_falls_back_from_field_to_url_domain_to_folder_to_stem():
    assert resolve_source("Ledger", "https://x.com/a", "a/b.txt", True) == "Ledger"
    assert resolve_source(None, "https://news.bbc.co.uk/a", "a/b.txt", True) == "bbc.co.uk"
    assert resolve_source(None, None, "ledger/b.txt", True) == "ledger"
    assert resolve_source(None, None, "ledger/b.txt", False) == "b"
    assert domain_of("www.example.org/path") == "example.org"


def test_folder_of_folders_takes_the_source_from_the_top_folder(tmp_path):
    for source in ("ledger", "brief"):
        (tmp_path / source).mkdir()
        (tmp_path / source / "one.txt").write_text("Title\n\nThe council met.", encoding="utf-8")
    documents, _ = read(tmp_path)
    assert sorted((d.id, d.source) for d in documents) == [
        ("brief/one.txt", "brief"),
        ("ledger/one.txt", "ledger"),
    ]


def test_jsonl_records_keep_metadata_and_report_malformed_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": "One.", "url": "https://www.ledger.com/x", "section": "city"}
        ),
        "{not json",
        json.dumps({"id": "a2", "title": "No text"}),
        json.dumps({"id": "a1", "text": "Duplicate id."}),
        "",
        json.dumps({"text": "No id."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    documents, errors = read(path)
    assert [(d.id, d.source) for d in documents] == [("a1", "ledger.com"), ("feed.jsonl:6", "feed")]
    assert documents[0].metadata == {"section": "city", "url": "https://www.ledger.com/x"}
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (2, "malformed JSON"),
        (3, "record has no 'text' (required, a non-empty string)"),
        (4, "duplicate id 'a1' in this file"),
    ]


def test_csv_without_a_text_column_is_refused_and_ragged_rows_reported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(
        'id,text,source\n1,"First, story.",Ledger\n2,short\n3,"Third.",Brief\n', encoding="utf-8"
    )
    documents, errors = read(bad, good)
    assert [(d.id, d.source) for d in documents] == [("1", "Ledger"), ("3", "Brief")]
    assert errors[0].path == "bad.csv" and "no 'text' column" in errors[0].reason
    assert (errors[1].path, errors[1].line) == ("good.csv", 3)


def test_bad_files_are_refused_by_name_and_the_rest_still_read(tmp_path):
    (tmp_path / "good.txt").write_text("Title\n\nThe council met.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    documents, errors = read(tmp_path)
    assert [d.id for d in documents] == ["good.txt"]
    reasons = {e.path: e.reason for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "no text (only white space)"
    assert reasons["binary.txt"] == "binary file (contains NUL bytes)"
    assert reasons["image.png"].startswith("unsupported file type '.png'")


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Title\n\nThe council met.".encode("utf-16"))
    (doc,), _ = read(path)
    assert doc.title == "Title"


def test_repository_documentation_is_skipped_in_folder_scans_but_read_when_named(tmp_path):
    (tmp_path / "README.md").write_text("# About this folder", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Title\n\nText.", encoding="utf-8")
    skipped = []
    documents = list(read_corpus([str(tmp_path)], skipped=skipped))
    assert [d.id for d in documents] == ["story.txt"] and skipped == ["README.md"]
    assert [d.id for d in read_corpus([str(tmp_path / "README.md")])] == ["README.md"]


def test_stdin_is_one_article(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(b"Headline\n\nBody text."), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stream)
    (doc,) = list(read_corpus(["-"]))
    assert (doc.id, doc.source, doc.title) == ("-", "stdin", "Headline")


def test_html_page_gives_visible_text_title_and_site_name(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Budget passes</title><meta property='og:site_name' content='Ledger'>"
        "<script>var x = 1;</script></head><body><h1>Budget passes</h1><p>The council met.</p>"
        "<p>Share</p></body></html>",
        encoding="utf-8",
    )
    (doc,), _ = read(path)
    assert (doc.title, doc.source) == ("Budget passes", "Ledger")
    assert doc.text == "Budget passes\n\nThe council met.\n\nShare"


def test_a_url_that_cannot_be_parsed_gives_no_domain_and_fails_nothing(tmp_path):
    assert domain_of("http://[not-a-host/story") is None
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "The council met.", "url": "http://[x/"}\n', encoding="utf-8")
    (article,) = list(read_corpus([str(feed)]))
    assert article.source == "feed"
