"""Features of every line of a scraped page, for the clutter line classifier.

A line is judged by what it says (length, function words, punctuation,
capitals, digits, link-like text, chrome vocabulary) and by where it stands:
menus come in runs of short lines, teasers and footers sit away from the one
dense run of prose that is the article, and bring words the article does not
use (teasers, promotions). Per-line values come from one pass of
precompiled regexes; everything about the neighbourhood is numpy over the
whole page, so a page of a hundred lines costs well under a millisecond.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from audit.style.lexicon import words

# Closed-class English words (a standard stop list, written out here).
STOP_WORDS = words(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says one two new its it's he's she's
    they're we're i'm don't didn't isn't wasn't can't won't there's that's who's what's"""
)
# Words of page furniture: navigation, accounts, sharing, ads, legal, media credits.
CHROME_WORDS = words(
    """share shares shared tweet facebook twitter linkedin pinterest whatsapp telegram reddit
    instagram youtube tiktok email print comment comments reply replies login log sign
    subscribe subscribed subscription subscriber newsletter newsletters cookie cookies
    privacy terms policy copyright rights reserved advertisement advertising sponsored ad
    ads menu search home navigation skip toggle close open account register follow
    followers like likes related recommended popular trending latest read more view views
    watch video videos photo photos image images credit credits getty reuters shutterstock
    alamy via download app apps contact about careers faq help support sitemap rss feed
    tags tag categories category archive archives posted updated author authors editor
    editors staff click here loading submit cancel previous next back top page pages free
    trial offer deal deals shop buy price sale accept settings preferences notifications"""
)
MONTHS = words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)

# Lines whose features are cached: enough for the menus and footers a site repeats on every
# page, few enough that a scan of any length holds a few megabytes of them.
CACHED_LINES = 1 << 12
# Not the segmenter's TOKEN: the clutter model was fitted on features counted with these
# tokens ("don't" is two of them, "a_b" one), so its predictions depend on them.
_TOKEN = re.compile(r"\w+")
_MARKER = re.compile(r"\s*(?:[•·▪◦‣►▸*+\-|]\s+)?")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|io)\b|@\w|#\w")  # lower-cased line
_SEPARATOR = re.compile(r"\s[|•·/»>›]\s|\s[|•·]|[|•·]\s")
_TIME = re.compile(  # lower-cased line
    r"\b\d{1,2}:\d\d\b|\b\d+\s*(?:min|mins|minutes?|hours?|hrs?|days?|weeks?)\s+ago\b"
)
_BYLINE = re.compile(r"(?:by|written by|posted by|words by|reviewed by|author:?)\s+[A-Z]", re.I)
# Matched on the lower-cased line (faster than IGNORECASE, same matches).
_PROMPT = re.compile(
    r"\b(?:sign up|log ?in|sign in|subscribe|newsletter|cookies?|all rights reserved|copyright"
    r"|privacy policy|terms of (?:use|service)|read more|learn more|click here|follow us"
    r"|share this|related (?:articles?|stories|posts?)|you (?:may|might) also like"
    r"|advertisement|sponsored)\b|©"
)
# Three kinds of long clutter line that read like prose, matched on the lower-cased line:
# an author's bio ("Jane Doe is a reporter who covers..."), the site's legal or affiliate
# small print, and a reader's comment greeting or praising the piece.
_BIO = re.compile(
    r"^(?:about the author\b|(?:i'm|i am) [a-z]+\b|[a-z][\w'.-]*(?: [a-z][\w'.-]*){0,2}"
    r" (?:is|was|has been) (?:an? |the )?(?:[\w-]+ ){0,3}(?:writer|journalist|reporter|editor"
    r"|correspondent|columnist|contributor|author|freelancer|blogger|producer|analyst"
    r"|photographer|coach|trainer|consultant|founder|strategist|communicator|specialist"
    r"|expert|researcher|professor|student|enthusiast)s?\b)"
)
_SMALL_PRINT = re.compile(
    r"\b(?:for (?:general )?informational purposes|(?:is|are) not (?:intended|meant) (?:to|as)"
    r"|does not constitute|should not be (?:construed|considered|relied)|not (?:a substitute|"
    r"intended to substitute) for|(?:we|site) may (?:receive|earn)|affiliate (?:links?|commission)"
    r"|financial compensation|advertiser disclosure|editorial (?:content|opinions?) (?:is|are) not"
    r"|(?:views|opinions) expressed|terms (?:and|&) conditions apply|consult (?:a|your) (?:qualified"
    r"|licensed|professional|doctor|physician|financial|tax|legal))\b"
)
# Every small-print phrase holds one of these words: a line without any is not searched.
# (prefilter.may_match would read them from the pattern, but scanning the line for them
# costs five times this look-up among the words the line is already split into.)
_SMALL_PRINT_WORDS = words(
    """informational intended meant constitute construed considered relied substitute receive
    earn affiliate compensation disclosure editorial expressed conditions consult"""
)
_COMMENT_OPENING = re.compile(
    r"(?:hi|hello|hey|dear|thanks|thank you|congrats|congratulations)\b|(?:great|nice|awesome"
    r"|wonderful|excellent|amazing|good|very good|love|loved|informative) (?:article|post|job|read"
    r"|work|list|piece|write-?up|info|information|stuff|tips|content|blog|site|one)\b"
)
_PRAISED_WORK = re.compile(
    r"\byour (?:article|post|blog|list|overview|guide|write-?up|piece|site|work|content)\b"
)
_SITE_WORDS = frozenset({"we", "our", "us"})
# A reader speaking (comments, testimonials) and a page addressing its reader (pitches).
_READER_WORDS = frozenset({"i", "my", "me", "mine", "myself", "i'm", "i've", "i'd"})
_ADDRESS_WORDS = frozenset({"you", "your", "yours", "yourself", "you're", "you'll", "you've"})
_SEPARATOR_CHARS = frozenset("|•·/»>›")
_CLOSERS = "\"'”’)]"
_SENTENCE_MARK = re.compile(r"[.!?](?:\s|$)")

# Tokens at or above which a line reads as a sentence of prose; below, as a label.
_PROSE_TOKENS = 12
_SHORT_TOKENS = 5
# A line with a month name and fewer words than this is a date line (a comment's stamp).
_DATE_TOKENS = 8
# Words in a line that reads as a headline or sub-heading when it has no closing full stop.
_HEADING_TOKENS = (3, 16)

BASE_FEATURES = (
    "log_tokens",
    "log_chars",
    "mean_word_length",
    "stop_share",
    "chrome_share",
    "cap_share",
    "upper_share",
    "digit_share",
    "alpha_char_share",
    "non_ascii_share",
    "ends_sentence",
    "ends_colon",
    "ends_ellipsis",
    "commas_per_token",
    "sentence_marks",
    "has_separator",
    "link_like",
    "has_year",
    "has_month",
    "has_time",
    "byline_like",
    "prompt_like",
    "first_person_site",
    "starts_lower",
    "starts_digit",
    "has_quote",
    "is_question",
    "reader_voice",
    "addresses_reader",
    "bio_like",
    "small_print",
    "comment_like",
    "repeats",
    "first_seen",
)
CONTEXT_FEATURES = (
    "position",
    "lines_from_start",
    "lines_to_end",
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
    "window3_tokens",
    "window10_tokens",
    "short_run",
    "prose_run",
    "in_main_block",
    "main_block_distance",
    "main_block_token_distance",
    "before_main_block",
    "after_main_block",
    "page_prose_share",
    "page_log_lines",
    "prose_before_share",
    "prose_after_share",
    "in_loose_block",
    "loose_block_distance",
    "in_strict_block",
    "strict_block_distance",
    "window5_chrome",
    "window5_prompt",
    "window5_time",
    "window5_caps",
    "window5_ends_sentence",
    "chrome_since_block",
    "window25_prose",
    "prose_gap_before",
    "prose_gap_after",
    "relative_tokens",
    "in_wide_block",
    "wide_block_distance",
)
COHESION_FEATURES = (
    "shares_main_vocabulary",
    "main_vocabulary_weight",
    "shares_page_vocabulary",
    "no_content_words",
    "window2_main_vocabulary",
    "window5_main_vocabulary",
    "window3_reader_voice",
)
PATTERN_FEATURES = (
    "echoes_main_block",
    "between_headings",
    "after_heading",
    "heading_alternation",
    "window6_after_heading",
    "date_above",
)
FEATURE_NAMES = BASE_FEATURES + CONTEXT_FEATURES + COHESION_FEATURES + PATTERN_FEATURES


def line_content(line: str) -> str:
    """The line without its leading list bullet and surrounding white space."""
    return line[_MARKER.match(line).end() :].strip()


def feature_matrix(lines: Sequence[str]) -> np.ndarray:
    """One row of FEATURE_NAMES per line (lines already non-empty)."""
    contents = [line_content(line) for line in lines]
    seen = Counter(c.lower() for c in contents)
    first: set[str] = set()
    base = np.array([_base(c, seen, first) for c in contents], dtype=float).reshape(
        len(contents), len(BASE_FEATURES)
    )
    if not contents:
        return np.zeros((0, len(FEATURE_NAMES)))
    tokens, prose = _prose(base)
    block = _main_block(prose, tokens)
    return np.hstack(
        [
            base,
            _context(base, tokens, prose, block),
            _cohesion(contents, base, block),
            _patterns(contents, base, tokens, prose, block),
        ]
    )


def _base(content: str, seen: Counter, first: set[str]) -> tuple[float, ...]:
    key = content.lower()
    is_first = key not in first
    first.add(key)
    return (*_shape(content), math.log(seen[key]), float(is_first))


@lru_cache(maxsize=CACHED_LINES)
def _shape(content: str) -> tuple[float, ...]:
    """What a line says, whatever page it is on (cached: menus and footers recur)."""
    words = _TOKEN.findall(content)
    n = len(words)
    chars = max(len(content), 1)
    folded = content.lower()
    # Lower-casing ASCII keeps every token whole; elsewhere it may not ("İ" becomes two).
    lower = [w.lower() for w in words] if content.isascii() else _TOKEN.findall(folded)
    if n:
        heads = "".join([w[0] for w in words])
        stop = sum(map(STOP_WORDS.__contains__, lower)) / n
        chrome = sum(map(CHROME_WORDS.__contains__, lower)) / n
        caps = sum(map(str.isupper, heads)) / n
        upper = sum(len(w) > 1 and w.isupper() for w in words) / n
        digits = sum(map(str.isdigit, heads)) / n
        mean_len = sum(map(len, words)) / n
        months = float(not MONTHS.isdisjoint(lower))
    else:
        stop = chrome = caps = upper = digits = mean_len = months = 0.0
    last = content[-1:]
    return (
        math.log1p(n),
        math.log1p(len(content)),
        mean_len,
        stop,
        chrome,
        caps,
        upper,
        digits,
        sum(map(str.isalpha, content)) / chars,
        (len(content) - len(content.encode("ascii", "ignore"))) / chars,
        float(content.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…")),
        float(last == ":"),
        float(content.endswith(("...", "…"))),
        content.count(",") / max(n, 1),
        float(len(_SENTENCE_MARK.findall(content))),
        float(not _SEPARATOR_CHARS.isdisjoint(content) and bool(_SEPARATOR.search(content))),
        float(bool(_URL.search(folded))),
        float(
            digits > 0 and any(len(w) == 4 and w[:2] in ("19", "20") and w.isdigit() for w in words)
        ),
        months,
        float(digits > 0 and bool(_TIME.search(folded))),  # a time starts a token with a digit
        float(bool(_BYLINE.match(content))),
        float(bool(_PROMPT.search(folded))),
        float(not _SITE_WORDS.isdisjoint(lower)),
        float(content[:1].islower()),
        float(content[:1].isdigit()),
        float(any(q in content for q in '"“”')),
        float(last == "?"),
        sum(map(_READER_WORDS.__contains__, lower)) / max(n, 1),
        sum(map(_ADDRESS_WORDS.__contains__, lower)) / max(n, 1),
        float(bool(_BIO.match(folded))),
        float(not _SMALL_PRINT_WORDS.isdisjoint(lower) and bool(_SMALL_PRINT.search(folded))),
        float(
            bool(_COMMENT_OPENING.match(folded))
            or ("your " in folded and bool(_PRAISED_WORK.search(folded)))
        ),
    )


@lru_cache(maxsize=CACHED_LINES)
def _content_words(content: str) -> frozenset[str]:
    """The line's distinct words that carry its topic (no function words, figures or scraps)."""
    return frozenset(
        w
        for w in _TOKEN.findall(content.lower())
        if len(w) > 2 and w not in STOP_WORDS and not w.isdigit()
    )


_COL = {name: i for i, name in enumerate(BASE_FEATURES)}


def _prose(base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each line's tokens, and whether it reads as a sentence of prose (1.0) or not."""
    tokens = np.expm1(base[:, _COL["log_tokens"]])
    prose = (tokens >= _PROSE_TOKENS) & (base[:, _COL["stop_share"]] >= 0.25)
    return tokens, prose.astype(float)


def _cohesion(contents: Sequence[str], base: np.ndarray, block: tuple[int, int]) -> np.ndarray:
    """How much of a line's vocabulary the article's main block (other lines) and the rest
    of the page share: body paragraphs keep to one topic, teasers, promotions and
    footers bring their own."""
    start, end = block
    vocab = [_content_words(c) for c in contents]
    main: Counter = Counter()
    page: Counter = Counter()
    for i, words_ in enumerate(vocab):
        page.update(words_)
        if start <= i <= end:
            main.update(words_)
    rows = []
    for i, words_ in enumerate(vocab):
        own = int(start <= i <= end)  # the line's own words do not count
        size = max(len(words_), 1)
        rows.append(
            (
                sum(main[w] > own for w in words_) / size,
                math.fsum(math.log1p(main[w] - own) for w in words_) / size,  # set: any order
                sum(page[w] > 1 for w in words_) / size,
                float(not words_),
            )
        )
    shared = np.array(rows, dtype=float)
    return np.column_stack(
        [
            shared,
            _window_mean(shared[:, 0], 2),
            _window_mean(shared[:, 0], 5),
            _window_mean(base[:, _COL["reader_voice"]], 3),
        ]
    )


def _patterns(
    contents: Sequence[str],
    base: np.ndarray,
    tokens: np.ndarray,
    prose: np.ndarray,
    block: tuple[int, int],
) -> np.ndarray:
    """Layouts of page furniture that no single line shows: a table of contents (short
    lines repeated as the main text's sub-headings), teaser lists (a headline, then a summary
    paragraph, again and again) and comments (a name and a date or time above each one)."""
    start, end = block
    in_block: dict[str, list[int]] = {}
    for i in range(start, end + 1):
        in_block.setdefault(contents[i].lower(), []).append(i)
    echoes = [any(j != i for j in in_block.get(c.lower(), ())) for i, c in enumerate(contents)]
    # A table of contents lists headings; a paragraph printed twice is another matter.
    listed = np.array(echoes, dtype=float) * (1.0 - prose)
    low, high = _HEADING_TOKENS
    count = np.rint(tokens)
    heading = (base[:, _COL["ends_sentence"]] == 0) & (count >= low) & (count <= high)
    heading = heading.astype(float)
    above = _shift(heading, 1)
    after_heading = above * prose
    dated = np.maximum(
        base[:, _COL["has_time"]], base[:, _COL["has_month"]] * (tokens < _DATE_TOKENS)
    )
    return np.column_stack(
        [
            listed,
            after_heading * _shift(heading, -1),
            after_heading,
            _window_mean(np.abs(np.diff(heading, prepend=0.0)), 6),
            _window_mean(after_heading, 6),
            np.maximum(_shift(dated, 1), _shift(dated, 2)),
        ]
    )


def _context(
    base: np.ndarray, tokens: np.ndarray, prose: np.ndarray, block: tuple[int, int]
) -> np.ndarray:
    count = len(base)
    stop = base[:, _COL["stop_share"]]
    ends = base[:, _COL["ends_sentence"]]
    log_tokens = base[:, _COL["log_tokens"]]
    short = (tokens < _SHORT_TOKENS).astype(float)
    index = np.arange(count, dtype=float)
    start, end = block
    inside = (index >= start) & (index <= end)
    distance = np.where(index < start, start - index, np.where(index > end, index - end, 0))
    cum_tokens = np.concatenate([[0.0], np.cumsum(tokens)])
    token_distance = np.where(
        index < start,
        cum_tokens[start] - cum_tokens[np.arange(count) + 1],
        np.where(index > end, cum_tokens[np.arange(count)] - cum_tokens[end + 1], 0.0),
    )
    prose_cum = np.concatenate([[0.0], np.cumsum(prose)])
    total_prose = max(prose_cum[-1], 1.0)
    columns = [
        index / max(count - 1, 1),
        np.log1p(index),
        np.log1p(count - 1 - index),
        _shift(log_tokens, 1),
        _shift(log_tokens, -1),
        _shift(stop, 1),
        _shift(stop, -1),
        _shift(ends, 1),
        _shift(ends, -1),
        _shift(log_tokens, 2),
        _shift(log_tokens, -2),
        _window_mean(prose, 3),
        _window_mean(prose, 10),
        np.log1p(_window_mean(tokens, 3)),
        np.log1p(_window_mean(tokens, 10)),
        np.log1p(_run_length(short)),
        np.log1p(_run_length(prose)),
        inside.astype(float),
        np.log1p(distance),
        np.log1p(np.maximum(token_distance, 0.0)),
        (index < start).astype(float),
        (index > end).astype(float),
        np.full(count, prose.mean()),
        np.full(count, np.log1p(count)),
        prose_cum[:-1] / total_prose,
        (prose_cum[-1] - prose_cum[1:]) / total_prose,
    ]
    for penalty in (_LOOSE, _STRICT):
        lo, hi = _main_block(prose, tokens, penalty)
        columns.append(((index >= lo) & (index <= hi)).astype(float))
        columns.append(
            np.log1p(np.where(index < lo, lo - index, np.where(index > hi, index - hi, 0)))
        )
    for name in ("chrome_share", "prompt_like", "has_time", "cap_share", "ends_sentence"):
        columns.append(_window_mean(base[:, _COL[name]], 5))
    chrome = ((base[:, _COL["prompt_like"]] > 0) | (base[:, _COL["has_time"]] > 0)).astype(float)
    after = np.where(index > end, np.cumsum(chrome * (index > end)), 0.0)
    columns.append(np.log1p(after))
    columns.append(_window_mean(prose, 25))
    columns.append(np.log1p(_gap(prose, forward=False)))
    columns.append(np.log1p(_gap(prose, forward=True)))
    typical = _median(tokens[prose > 0]) if prose.any() else 20.0
    columns.append(np.log1p(tokens) - np.log1p(typical))
    wide = ((tokens >= 6) & (stop >= 0.2)).astype(float)
    lo, hi = _main_block(wide, tokens, _DEFAULT)
    columns.append(((index >= lo) & (index <= hi)).astype(float))
    columns.append(np.log1p(np.where(index < lo, lo - index, np.where(index > hi, index - hi, 0))))
    return np.column_stack(columns)


def _median(values: np.ndarray) -> float:
    """np.median of a non-empty 1-D array without its NaN check, which imports numpy.ma (about
    10 ms of a one-draft check): the mean of the middle two values when there are two."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


def _shift(values: np.ndarray, by: int) -> np.ndarray:
    """values[i - by], zero past the ends (by > 0 looks back, by < 0 ahead)."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    elif by < 0:
        out[:by] = values[-by:]
    else:
        out[:] = values
    return out


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    cum = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(len(values))
    lo = np.maximum(index - radius, 0)
    hi = np.minimum(index + radius + 1, len(values))
    return (cum[hi] - cum[lo]) / (hi - lo)


def _run_length(flags: np.ndarray) -> np.ndarray:
    """Length of the run of equal flags each line belongs to, zero where the flag is off."""
    out = np.zeros(len(flags))
    values = flags.tolist()
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if values[start]:
                out[start:i] = i - start
            start = i
    return out


_DEFAULT = (2.0, 0.5)
_LOOSE = (1.0, 0.2)
_STRICT = (4.0, 1.0)


def _gap(flags: np.ndarray, forward: bool) -> np.ndarray:
    """Lines to the nearest flagged line before (or after) each line; the page length if none."""
    count = len(flags)
    values = flags.tolist()
    order = range(count - 1, -1, -1) if forward else range(count)
    out = [float(count)] * count
    last = None
    for i in order:
        if last is not None:
            out[i] = abs(i - last)
        if values[i]:
            last = i
    return np.array(out)


def _main_block(
    prose: np.ndarray, tokens: np.ndarray, penalty: tuple[float, float] = _DEFAULT
) -> tuple[int, int]:
    """The run of lines with the most prose tokens net of the chrome inside it
    (a maximum-sum subarray: prose lines add their tokens, other lines subtract)."""
    gain = np.where(prose > 0, tokens, -penalty[0] - penalty[1] * tokens)
    best, best_range = -np.inf, (0, len(gain) - 1)
    running, run_start = 0.0, 0
    for i, value in enumerate(gain.tolist()):
        if running <= 0:
            running, run_start = value, i
        else:
            running += value
        if running > best:
            best, best_range = running, (run_start, i)
    return best_range
