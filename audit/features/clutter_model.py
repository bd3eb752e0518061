"""The clutter line classifier: every line of the page judged in its neighbourhood.

The CLT line rules name the clutter they recognise ("Share", "0 Comments");
this model catches the rest (menus, teaser headlines, bios, footers) from the
shape of the line and where it stands. Its finding defers to the rules: a line
a rule already reports keeps the rule's reason (the engine drops a deferring
finding that another finding of its category covers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from audit.features.clutter_lines import FEATURE_NAMES, feature_matrices, line_content
from audit.models.formats import TreeEnsemble
from audit.models.store import read_shipped
from audit.rules.model import Hit, Rule
from audit.text.document import Document

# What each feature looks at, named for a reader. A reason says what weighed, not which
# way the line leans on it: that is in the probability.
REASONS = {
    "log_tokens": "line length",
    "log_chars": "line length",
    "mean_word_length": "word length",
    "stop_share": "function-word share",
    "chrome_share": "page-furniture words",
    "cap_share": "capitalisation",
    "upper_share": "capitalisation",
    "digit_share": "figures",
    "alpha_char_share": "share of letters",
    "ends_sentence": "closing punctuation",
    "ends_colon": "closing punctuation",
    "ends_ellipsis": "closing punctuation",
    "has_separator": "separator characters",
    "link_like": "link-like text",
    "has_year": "a date",
    "has_month": "a date",
    "has_time": "a time stamp",
    "byline_like": "byline shape",
    "prompt_like": "site-prompt words",
    "first_person_site": "the site's own voice",
    "repeats": "repetition on the page",
    "first_seen": "repetition on the page",
    "short_run": "run of short lines",
    "prose_run": "run of prose lines",
    "chrome_since_block": "prompts after the main text",
    "window5_chrome": "neighbouring lines",
    "window5_prompt": "neighbouring lines",
    "window5_time": "neighbouring lines",
    "window5_caps": "neighbouring lines",
    "window5_ends_sentence": "neighbouring lines",
    "non_ascii_share": "non-Latin characters",
    "commas_per_token": "punctuation",
    "sentence_marks": "punctuation",
    "has_quote": "punctuation",
    "is_question": "punctuation",
    "starts_lower": "how the line starts",
    "starts_digit": "how the line starts",
    "relative_tokens": "line length",
    "reader_voice": "a reader's own voice",
    "addresses_reader": "addressing the reader",
    "bio_like": "an author's bio",
    "small_print": "legal or affiliate small print",
    "comment_like": "a reader's comment",
    "window3_reader_voice": "neighbouring lines",
    "shares_page_vocabulary": "words shared with the page",
    "no_content_words": "words shared with the page",
    **dict.fromkeys(
        (
            "shares_main_vocabulary",
            "main_vocabulary_weight",
            "window2_main_vocabulary",
            "window5_main_vocabulary",
        ),
        "words shared with the article's main text",
    ),
    "echoes_main_block": "repeated in the article's main text",
    "date_above": "a date or time just above",
    **dict.fromkeys(
        (
            "between_headings",
            "after_heading",
            "heading_alternation",
            "window6_after_heading",
        ),
        "headlines alternating with paragraphs",
    ),
    "page_prose_share": "the page as a whole",
    "page_log_lines": "the page as a whole",
    **dict.fromkeys(
        (
            "prev_log_tokens",
            "next_log_tokens",
            "prev_stop_share",
            "next_stop_share",
            "prev_ends_sentence",
            "next_ends_sentence",
            "prev2_log_tokens",
            "next2_log_tokens",
            "window3_prose",
            "window10_prose",
            "window25_prose",
            "window3_tokens",
            "window10_tokens",
            "prose_gap_before",
            "prose_gap_after",
        ),
        "neighbouring lines",
    ),
    **dict.fromkeys(
        (
            "position",
            "lines_from_start",
            "lines_to_end",
            "in_main_block",
            "main_block_distance",
            "main_block_token_distance",
            "before_main_block",
            "after_main_block",
            "prose_before_share",
            "prose_after_share",
            "in_loose_block",
            "loose_block_distance",
            "in_strict_block",
            "strict_block_distance",
            "in_wide_block",
            "wide_block_distance",
        ),
        "place relative to the article's main text",
    ),
}
_TOP_REASONS = 3
# Below this many lines there is no page to read a line's neighbourhood in (the training
# pages have 24 or more); short drafts are left to the rules.
MIN_LINES = 8


@cache
def shipped() -> TreeEnsemble:
    """The shipped model (an auditor passes its own in its documents' analysis)."""
    return TreeEnsemble.from_dict(read_shipped("clutter"), FEATURE_NAMES)


@dataclass(frozen=True, slots=True)
class LineVerdict:
    start: int  # the line's content, without bullet and surrounding white space
    end: int
    probability: float
    reasons: tuple[str, ...]


def content_lines(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line's content after the front matter."""
    text = doc.text
    spans = []
    for line in doc.structure.lines:
        if line.start < doc.structure.body_start:
            continue
        raw = text[line.start : line.end]
        content = line_content(raw)
        if content:
            start = line.start + raw.index(content)
            spans.append((start, start + len(content)))
    return spans


@dataclass(frozen=True)
class ScoredLines:
    spans: tuple[tuple[int, int], ...]
    rows: np.ndarray  # feature rows
    probabilities: np.ndarray
    reportable: np.ndarray  # the lines a verdict may name (_reportable)
    # The reportable lines at or over the model's threshold (their indices) and each one's
    # feature contributions (TreeEnsemble.contributions), read for the batch at once: a
    # verdict's reasons.
    explained: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    contributions: np.ndarray | None = None


def predict(docs: Sequence[Document], model: TreeEnsemble) -> list[ScoredLines]:
    """Every content line of each document and the model's probability that it is clutter,
    from one prediction over every line of the batch (a line's features read its page), with
    the contributions of the lines the model calls clutter that a verdict may name, also read
    for the whole batch."""
    spans = [tuple(content_lines(doc)) for doc in docs]
    rows = feature_matrices(
        [[doc.text[s:e] for s, e in found] for doc, found in zip(docs, spans, strict=True)]
    )
    if not docs:
        return []
    stacked = np.concatenate(rows)
    probabilities = model.predict_proba(stacked) if len(stacked) else np.zeros(0)
    reportable = [_reportable(*page) for page in zip(docs, spans, rows, strict=True)]
    # A page too short for the model gets no verdicts (MIN_LINES): its lines need no reasons.
    sizes = np.array([len(found) for found in spans])
    over = np.repeat(sizes >= MIN_LINES, sizes) & (probabilities >= model.threshold)
    over &= np.concatenate(reportable)
    line_bounds = np.cumsum(sizes)[:-1]
    explained = [np.flatnonzero(page) for page in np.split(over, line_bounds)]
    contributions = np.split(
        model.contributions(stacked[over]), np.cumsum([len(found) for found in explained])[:-1]
    )
    return [
        ScoredLines(*page)
        for page in zip(
            spans,
            rows,
            np.split(probabilities, line_bounds),
            reportable,
            explained,
            contributions,
            strict=True,
        )
    ]


def _reportable(doc: Document, spans: tuple[tuple[int, int], ...], rows: np.ndarray) -> np.ndarray:
    """The lines of a page a verdict may name: neither the line that prints the article's own
    title nor a line in a run of running text (_continues_prose)."""
    keep = ~_continues_prose(rows)
    title = _title_line(doc, spans)
    if title >= 0:
        keep[title] = False
    return keep


def score_lines(doc: Document) -> ScoredLines:
    """The scored lines of the analysis (computed now for a document alone)."""
    analysis = doc.analysis
    return analysis.once("clutter", lambda: predict([doc], analysis.model("clutter", shipped))[0])


def verdicts(doc: Document, threshold: float | None = None) -> list[LineVerdict]:
    """The lines the model calls clutter, each with the reasons that weighed most."""
    model = doc.analysis.model("clutter", shipped)
    cut = model.threshold if threshold is None else threshold
    scored = score_lines(doc)
    if len(scored.spans) < MIN_LINES:
        return []
    flagged = np.flatnonzero((scored.probabilities >= cut) & scored.reportable)
    if not len(flagged):
        return []
    if cut >= model.threshold and scored.contributions is not None:
        contributions = scored.contributions[np.searchsorted(scored.explained, flagged)]
    else:  # a rule's own threshold below the model's: lines the batch did not explain
        contributions = model.contributions(scored.rows[flagged])
    return [
        LineVerdict(*scored.spans[i], float(scored.probabilities[i]), _reasons(contributions[k]))
        for k, i in enumerate(flagged)
    ]


# A line the page's furniture never reads like: a sentence of prose with nothing of a prompt,
# a bio, small print, a byline, a comment, a link or the site's own voice in it.
_PLAIN_SENTENCE_TOKENS = 6
_CHROME_SIGNS = tuple(
    FEATURE_NAMES.index(name)
    for name in (
        "prompt_like",
        "bio_like",
        "small_print",
        "comment_like",
        "byline_like",
        "first_person_site",
        "link_like",
        "addresses_reader",
    )
)
_COLUMN = {
    name: FEATURE_NAMES.index(name) for name in ("log_tokens", "stop_share", "ends_sentence")
}


def _continues_prose(rows: np.ndarray) -> np.ndarray:
    """Lines in a run of running text: a plain sentence next to another (above or below).
    An article's closing paragraphs read so, and so do its paragraphs around an
    "Advertisement" line; a teaser between headlines, a comment form under its "Leave a
    Reply" or a lone bio after the article do not."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    plain = (
        (np.expm1(rows[:, _COLUMN["log_tokens"]]) >= _PLAIN_SENTENCE_TOKENS - 0.5)
        & (rows[:, _COLUMN["stop_share"]] >= 0.25)
        & (rows[:, _COLUMN["ends_sentence"]] > 0)
        & ~(rows[:, list(_CHROME_SIGNS)] > 0).any(axis=1)
    )
    before = np.concatenate([[False], plain[:-1]])
    after = np.concatenate([plain[1:], [False]])
    return plain & (before | after)


def _title_line(doc: Document, spans: tuple[tuple[int, int], ...]) -> int:
    """The index of the line that first prints the article's own title (its headline, which the
    reader found below any page chrome), or -1. A later copy of it is clutter like any other."""
    block = doc.structure.title_block
    if block is None:
        return -1
    start = doc.structure.blocks[block].start
    return next((i for i, (s, _) in enumerate(spans) if s == start), -1)


def _reasons(contribution: np.ndarray) -> tuple[str, ...]:
    reasons: list[str] = []
    for j in np.argsort(-contribution):
        if contribution[j] <= 0 or len(reasons) == _TOP_REASONS:
            break
        reason = REASONS[FEATURE_NAMES[j]]
        if reason not in reasons:
            reasons.append(reason)
    return tuple(reasons)


def likely_clutter(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Lines the classifier calls clutter, with its probability and strongest reasons."""
    threshold = rule.options.get("params", {}).get("threshold")
    for verdict in verdicts(doc, threshold):
        why = ", ".join(verdict.reasons) or "neighbouring lines"
        yield Hit(
            verdict.start,
            verdict.end,
            f"{rule.message} (model {verdict.probability:.2f}: {why})",
        )
