"""HTML pages and HTML in records: the page's visible text audited, trafilatura's metadata kept."""

from __future__ import annotations

import importlib
import json
from collections import Counter

import pytest

from audit.ingest import html as html_reader
from audit.ingest import read_corpus
from audit.ingest.model import InputError, InputNote
from audit.text.segment import make_document

ARTICLE = [
    "The city council voted 6-3 on Tuesday to raise residential water rates by 6 percent, "
    "the first increase since 2021.",
    '"We cannot keep deferring maintenance on pipes that are eighty years old," said council '
    "member Dana Okafor, who proposed the measure.",
    "The increase will add about $4.10 to the average monthly bill, according to the utility's "
    "own estimate published last week.",
    "Opponents said the council should have waited for an independent audit of the utility's "
    "spending, which is due in June.",
]
CHROME_BEFORE = ["Home", "News", "Share", "Tweet", "Email"]
CHROME_AFTER = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Related Articles",
    "Port strike talks stall as both sides dig in",
    "Hospital merger filing draws objections",
    "Subscribe to our newsletter for daily updates.",
]
HEAD = (
    "<head><meta charset='utf-8'><title>Water rates rise 6% - Harbor Ledger</title>"
    "<meta property='og:site_name' content='Harbor Ledger'>"
    "<meta property='og:url' content='https://www.harborledger.co.uk/2026/03/water-rates'>"
    "<meta name='author' content='Ana Ruiz'>"
    "<meta property='article:published_time' content='2026-03-11T09:00:00Z'>"
    "<script>var tracking = 1;</script><style>p { color: red }</style></head>"
)


def page(head: str = HEAD) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return (
        f"<!doctype html><html lang='en'>{head}<body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
        "<div class='share'><a>Share</a><br><a>Tweet</a><br><a>Email</a></div>"
        f"<article><h1>Water rates rise 6% after council vote</h1>{paragraphs}</article>"
        f"<section class='comments'><h3>{CHROME_AFTER[0]}</h3><p>{CHROME_AFTER[1]}</p></section>"
        f"<aside><h3>{CHROME_AFTER[2]}</h3><ul><li><a>{CHROME_AFTER[3]}</a></li>"
        f"<li><a>{CHROME_AFTER[4]}</a></li></ul></aside>"
        f"<footer><p>{CHROME_AFTER[5]}</p></footer></body></html>"
    )


def read(*paths):
    notes: list[InputNote] = []
    documents, errors = [], []
    for item in read_corpus([str(p) for p in paths], notes=notes):
        (errors if isinstance(item, InputError) else documents).append(item)
    return documents, errors, [str(note) for note in notes]


def test_the_extractor_imports_with_its_current_dependencies():
    """trafilatura's jusText needs lxml.html.clean, a separate package since lxml 5.2."""
    trafilatura = importlib.import_module("trafilatura")
    assert hasattr(trafilatura, "bare_extraction")
    importlib.import_module("lxml_html_clean")


def test_page_gives_title_author_date_site_name_url_and_the_main_text_span(tmp_path):
    path = tmp_path / "water.html"
    path.write_text(page(), encoding="utf-8")
    (doc,), errors, notes = read(path)
    assert not errors and not notes
    assert (doc.title, doc.source) == ("Water rates rise 6% after council vote", "Harbor Ledger")
    assert doc.metadata["author"] == "Ana Ruiz" and doc.metadata["date"] == "2026-03-11"
    assert doc.metadata["url"] == "https://www.harborledger.co.uk/2026/03/water-rates"
    span = doc.metadata["main_text"]
    main = doc.text[span["start"] : span["end"]]
    assert main.startswith("Water rates rise 6%") and main.endswith(ARTICLE[-1])
    assert "Leave a Reply" not in main and "Leave a Reply" in doc.text  # chrome stays audited
    assert "tracking" not in doc.text and "color" not in doc.text


def test_a_page_and_its_scraped_text_twin_get_the_same_findings(auditor, tmp_path):
    (tmp_path / "page.html").write_text(page(), encoding="utf-8")
    lines = [*CHROME_BEFORE, "Water rates rise 6% after council vote", *ARTICLE, *CHROME_AFTER]
    (tmp_path / "twin.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    html_doc, text_doc = read(tmp_path / "page.html", tmp_path / "twin.txt")[0]
    rules = [Counter(f.rule for f in auditor.audit(d).findings) for d in (html_doc, text_doc)]
    assert rules[0] == rules[1]
    assert rules[0]["CLT002"] >= 2 and rules[0]["CLT007"] >= 1  # comment form, related links


def test_source_falls_back_to_the_pages_url_domain(tmp_path):
    path = tmp_path / "plain.html"
    head = "<head><link rel='canonical' href='https://news.civicrecord.org/a/1'></head>"
    path.write_text(page(head), encoding="utf-8")
    (doc,), _, _ = read(path)
    assert doc.source == "civicrecord.org"


def test_meta_charset_decides_when_the_bytes_are_not_utf8(tmp_path):
    path = tmp_path / "kyiv.html"
    body = "<p>Делегації зустрілися у вівторок в Абу-Дабі, повідомили офіційні особи.</p>"
    html = f"<html><head><meta charset='windows-1251'></head><body>{body}</body></html>"
    path.write_bytes(html.encode("cp1251"))
    (doc,), _, notes = read(path)
    assert doc.text.startswith("Делегації зустрілися")
    assert notes[0].endswith("read as CP1251 (as the document declares)")


def test_a_page_with_no_visible_text_is_refused(tmp_path):
    path = tmp_path / "shell.html"
    path.write_text(
        "<html><head><title>App</title><script>render()</script></head><body>"
        "<div id='root'></div><noscript></noscript></body></html>",
        encoding="utf-8",
    )
    documents, errors, _ = read(path)
    assert not documents
    assert [(e.path, e.reason) for e in errors] == [("shell.html", "HTML page has no visible text")]


def test_deeply_nested_html_is_read_whole(tmp_path):
    """lxml drops what lies deeper than 256 elements; the tokenizer reading the text does not."""
    path = tmp_path / "deep.html"
    depth = 20_000
    path.write_text(
        "<html><body><p>Top line.</p>" + "<div>" * depth + "<p>Deep text, the clerk said.</p>"
        + "</div>" * depth + "<p>After the nesting.</p></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    (doc,), errors, notes = read(path)
    assert not errors
    assert doc.text == "Top line.\n\nDeep text, the clerk said.\n\nAfter the nesting."
    assert notes == [
        "deep.html: elements nested 20,003 deep: main content not located "
        "(the extractor sees only 255 levels); the whole visible text is audited"
    ]


def test_an_enormous_page_is_audited_whole_without_the_slow_extractor(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "EXTRACTOR_LIMIT", 500)
    path = tmp_path / "huge.html"
    path.write_text(page(), encoding="utf-8")
    (doc,), _, notes = read(path)
    assert ARTICLE[0] in doc.text and doc.source == "Harbor Ledger"  # the head's metadata
    assert "main_text" not in doc.metadata
    assert notes == [
        "huge.html: page over 500 characters: main content not located "
        "(too slow at this size); the whole visible text is audited"
    ]


def test_an_unclosed_head_does_not_hide_the_body():
    page_text = html_reader.parse_page(
        "<html><head><title>T</title><p>Body text arrives here.</p></html>"
    ).text
    assert page_text == "Body text arrives here."


def test_jsonl_html_field_is_read_as_a_page_and_record_fields_win(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [
        {"id": "p1", "html": page(), "section": "city"},
        {"id": "p2", "html": page(), "source": "Ledger Wire", "title": "Rates up"},
        {"id": "p3", "html": "<html><body><script>x()</script></body></html>"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    documents, errors, _ = read(path)
    first, second = documents
    assert (first.source, first.title) == (
        "Harbor Ledger",
        "Water rates rise 6% after council vote",
    )
    assert first.metadata["section"] == "city" and "html" not in first.metadata
    assert ARTICLE[0] in first.text and "<p>" not in first.text
    assert (second.source, second.title) == ("Ledger Wire", "Rates up")
    assert [(e.line, e.reason) for e in errors] == [
        (3, "field 'html': HTML page has no visible text")
    ]


@pytest.mark.parametrize("field", ["text", "html"])
def test_csv_takes_a_text_or_an_html_column(tmp_path, field):
    path = tmp_path / "table.csv"
    body = "<p>The council met on Monday.</p>" if field == "html" else "The council met on Monday."
    path.write_text(f'id,{field}\n1,"{body}"\n', encoding="utf-8")
    (doc,), errors, _ = read(path)
    assert doc.text == "The council met on Monday." and not errors


def test_extracted_text_is_what_offsets_index(auditor, tmp_path):
    path = tmp_path / "water.html"
    path.write_text(page(), encoding="utf-8")
    (doc,), _, _ = read(path)
    result = auditor.audit(doc)
    assert result.findings
    assert all(f.text == doc.text[f.start : f.end] for f in result.findings)
    assert make_document(doc.text).text == doc.text
