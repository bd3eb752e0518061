"""Property-based tests: any text audits without an exception and every finding quotes it exactly;
any bytes given to any reader are read or refused, never a crash.

Examples per test: 150 by default; `HYPOTHESIS_PROFILE=fuzz` runs 5,000.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.ingest import READERS
from audit.ingest.model import InputError, InputNote, RawArticle, RefusedInput
from audit.text.segment import make_document

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Pieces of news prose and page debris, so that generated texts reach the rules, not only
# the tokenizer: hedges, quotes, clutter lines, headings, list markers, odd spacing.
FRAGMENTS = [
    "reportedly", "It is unclear whether", "might just be", "perhaps, just perhaps",
    '"We will not sign," said Renata Oyelaran.', "Officials familiar with the talks said",
    "Share", "Leave a comment", "6 Views", "Related Articles", "Delhi | 25°C (windy)",
    "This article was generated in part using artificial intelligence.", "# Heading",
    "- item", "• bullet", "Mr.", "U.S.", "’", "‘", "“", "”", "\u00a0", "\t", "\r\n", "\n",
    "\n\n", " ", ".", "?", "!", "—", "é", "ﬁ", "İ", "ß", "\u0301", "👍🏽", "\u2028", "\x00", "<p>",
    "&amp;", "---\ntitle: T\n---\n", "```\ncode\n```",
]  # fmt: skip
article_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join),
)


def _assert_findings_quote_the_text(result) -> None:
    text = result.document.text
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
        line, column = result.document.structure.line_column(finding.start)
        assert (finding.line, finding.column) == (line, column)
    assert 0 <= result.score.score <= 100


@given(article_text)
def test_any_text_audits_and_every_finding_quotes_it_exactly(auditor, text):
    _assert_findings_quote_the_text(auditor.audit(make_document(text)))


@given(article_text, st.integers(min_value=0, max_value=40))
def test_front_matter_offsets_hold_for_any_body(auditor, text, cut):
    result = auditor.audit(make_document(text, body_start=min(cut, len(text))))
    _assert_findings_quote_the_text(result)
    assert all(f.start >= min(cut, len(text)) for f in result.findings if f.end > f.start)


@given(st.sampled_from(sorted(READERS)), st.one_of(st.binary(), article_text.map(str.encode)))
def test_any_bytes_are_read_or_refused_by_every_reader(extension, data):
    try:
        items = list(READERS[extension](data, f"input{extension}"))
    except RefusedInput as refusal:
        assert str(refusal)
        return
    for item in items:
        assert isinstance(item, RawArticle | InputError | InputNote)
        if isinstance(item, RawArticle):
            assert item.text.strip()
