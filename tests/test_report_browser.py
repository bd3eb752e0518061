"""The HTML report in a real browser: headless Chromium driven by Playwright.

Skips when Playwright or a Chromium binary is missing (.ci/run installs both).
The browser is Debian's chromium, never one downloaded by Playwright.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from audit.formatters import html_report
from audit.runtime.run import Auditor
from audit.text.admission import Admission

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = os.environ.get("NEWSAUDIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = (
    "Hostile page\n\n"
    "<script>window.__pwned = 'script'; document.title = 'pwned';</script>\n\n"
    "A caption <img src=x onerror=\"window.__pwned = 'onerror'\"> reportedly broke.\n\n"
    "</textarea><script>window.__pwned = 'textarea'</script>\n\n"
    "</template><script>window.__pwned = 'template'</script><a href=\"https://example.com/x\">x</a>\n"
)
SEEDS = {"000", "002", "003", "004"}


@pytest.fixture(scope="module")
def report(seeds_dir, registry, tmp_path_factory, monkeypatch_module):
    """The seeds and one hostile article, two articles a page so later pages sit in <template>s."""
    hostile = tmp_path_factory.mktemp("hostile")
    (hostile / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    run = Auditor(registry, admission=Admission(min_words=0)).run([str(seeds_dir), str(hostile)])
    monkeypatch_module.setattr(html_report, "PAGE_SIZE", 2)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html_report.render(run), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser, report):
    page = browser.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    yield page
    assert problems == [], problems
    assert [url for url in requests if url != report.as_uri()] == []
    assert page.evaluate("window.__pwned") is None
    page.close()


def _source_order(page) -> list[str]:
    names = page.locator("#sources tbody tr td:nth-child(2)").all_inner_texts()
    return [n[:3] for n in names if n[:3] in SEEDS]


def test_the_ranking_shows_003_first_and_000_last(page):
    order = _source_order(page)
    assert order[0] == "003" and order[-1] == "000" and set(order) == SEEDS
    assert page.title() == "newsaudit report"


def test_clicking_a_finding_highlights_its_evidence(page):
    page.locator("#sources a", has_text="000_d0af8425088678c0").click()  # its page, opened
    article = page.locator("#page details.article[open]", has_text="000_d0af8425088678c0").first
    row = article.locator("tr.c-ai_disclaimer").first
    target = row.get_attribute("data-goto")
    row.click()
    mark = page.locator(f"mark#{target}")
    assert "c-ai_disclaimer" in mark.get_attribute("class")
    assert "current" in mark.get_attribute("class")
    assert mark.evaluate("el => el === document.activeElement")
    assert mark.is_visible() and mark.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    tip = mark.evaluate("el => getComputedStyle(el, '::before').content")
    assert "AID" in tip


def test_keyboard_reaches_a_finding_and_enter_jumps_to_it(page):
    page.locator("#sources a", has_text="002_8244605edc39937c").focus()
    page.keyboard.press("Enter")
    article = page.locator("#page details.article[open]", has_text="002_8244605edc39937c").first
    row = article.locator("tr[data-goto]").first
    row.focus()
    page.keyboard.press("Enter")
    target = row.get_attribute("data-goto")
    assert page.evaluate("document.activeElement.id") == target
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_filters_hide_by_category_and_by_level(page):
    page.locator("details.article").first.locator("summary").click()
    clutter = page.locator("mark.c-clutter.l-warning:not(.wide)").first
    page.locator("input[data-filter='c-clutter']").uncheck()
    assert clutter.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.locator("input[data-filter='c-clutter']").check()
    assert clutter.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    info_row = page.locator("tr.l-info").first
    assert not info_row.is_visible()  # info findings wait behind their toggle
    page.locator("input[data-filter='l-info']").check()
    assert info_row.is_visible()
    page.locator("input[data-filter='l-info']").uncheck()
    assert not info_row.is_visible()


def test_seed_000_opens_on_what_to_fix_first_with_one_label_per_highlight(page):
    page.locator("#sources a", has_text="000_d0af8425088678c0").click()
    article = page.locator("#page details.article[open]", has_text="000_d0af8425088678c0").first
    fix = article.locator(".fix li")
    fix.first.wait_for()  # a later page is unpacked asynchronously: count once it is there
    assert 1 <= fix.count() <= 3 and "AID001" in fix.first.inner_text()
    fix.first.locator("a").click()
    assert page.evaluate("document.activeElement.id").startswith("a")
    labels = article.locator("mark[data-end]").evaluate_all("els => els.map(e => e.dataset.end)")
    assert labels and all(len(label.split()) == 1 for label in labels)
    shown = article.locator("tr[data-goto]").evaluate_all(
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.className)"
    )
    assert shown and not any("l-info" in row for row in shown)  # warnings and errors by default
    assert "readability grade" in article.inner_text()
    assert page.locator("figure.grades svg rect").count() >= 1


def test_the_ranking_table_sorts_by_a_column(page):
    page.locator("#sources th button[data-sort='source']").click()
    names = page.locator("#sources tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names)
    page.locator("#sources th button[data-sort='score']").click()
    page.locator("#sources th button[data-sort='score']").click()
    scores = [float(s) for s in page.locator("#sources tbody tr td:nth-child(3)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)


def test_the_conflict_in_002_is_called_out(page):
    page.locator("#sources a", has_text="002_8244605edc39937c").click()
    article = page.locator("#page details.article[open]", has_text="002_8244605edc39937c").first
    assert "cross-source conflicts" in article.locator("summary").inner_text()
    notes = article.locator(".notes").inner_text()
    assert "resumed round" in notes and "first meeting" in notes
    assert article.locator("mark.c-crosscheck").count() >= 1


def test_a_hostile_article_on_a_later_page_is_shown_as_text(page):
    pages = int(page.locator("#page").get_attribute("data-pages"))
    assert pages >= 3
    hostile = page.locator("#page details.article", has_text="Hostile page")
    for number in range(2, pages + 1):
        if hostile.count():
            break
        page.keyboard.press("]")
        sync_api.expect(page.locator("#page-status")).to_have_text(f"Page {number} of {pages}")
    article = hostile.first
    article.locator("summary").click()
    text = article.locator(".article-text").inner_text()
    assert "<script>window.__pwned = 'script'" in text
    assert "</textarea>" in text and "</template>" in text and "onerror=" in text
    assert article.locator("script, img, a[href^='http']").count() == 0
