"""Features of every line of a scraped page, for the clutter line classifier.

A line is judged by what it says (length, function words, punctuation,
capitals, digits, link-like text, chrome vocabulary) and by where it stands:
menus come in runs of short lines, teasers and footers sit away from the one
dense run of prose that is the article, and bring words the article does not
use (teasers, promotions). What a line says is read for the lines of a whole
batch of pages at once: each word once (one look-up gives every word list it
is in), sums per line in numpy, and each search over the lines joined, run only
on lines holding a word every match needs. Everything about the neighbourhood
is numpy over the whole page.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

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
    return feature_matrices([lines])[0]


def feature_matrices(pages: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """The feature rows of each page's lines. What a line says is read for the lines of every
    page at once (`_shapes`), and so is where it stands (`_contexts`); its vocabulary and
    layout, page by page."""
    contents = [[line_content(line) for line in lines] for lines in pages]
    every = list(itertools.chain.from_iterable(contents))
    folded = [c.lower() for c in every]
    tokens = _folded_tokens(every, folded)
    shapes = _shapes(every, folded, tokens)
    bounds = list(itertools.accumulate(map(len, contents), initial=0))
    base = np.vstack(
        [np.zeros((0, len(BASE_FEATURES)))]
        + [_base(folded[at:end], shapes[at:end]) for at, end in itertools.pairwise(bounds)]
    )
    counts, prose = _prose(base)
    blocks = [_main_block(prose[at:end], counts[at:end]) for at, end in itertools.pairwise(bounds)]
    context = _contexts(base, counts, prose, bounds, blocks)
    out = []
    for (at, end), block in zip(itertools.pairwise(bounds), blocks, strict=True):
        if at == end:
            out.append(np.zeros((0, len(FEATURE_NAMES))))
            continue
        page_base, page_counts, page_prose = base[at:end], counts[at:end], prose[at:end]
        vocab = [_content_words(words) for words in tokens[at:end]]
        out.append(
            np.hstack(
                [
                    page_base,
                    context[at:end],
                    _cohesion(vocab, page_base, block),
                    _patterns(folded[at:end], page_base, page_counts, page_prose, block),
                ]
            )
        )
    return out


def _base(folded: Sequence[str], shapes: np.ndarray) -> np.ndarray:
    """A page's BASE_FEATURES: its lines' shapes and how often each recurs on the page."""
    seen = Counter(folded)
    first: set[str] = set()
    first_seen = []
    for key in folded:
        first_seen.append(float(key not in first))
        first.add(key)
    return np.column_stack([shapes, [math.log(seen[key]) for key in folded], first_seen])


def _folded_tokens(contents: Sequence[str], folded: Sequence[str]) -> list[list[str]]:
    """Each line's tokens from its lower-cased text. Lower-casing ASCII keeps every token whole;
    elsewhere it may not ("İ" becomes two characters)."""
    return [
        _ascii_tokens(f) if c.isascii() else _TOKEN.findall(f)
        for c, f in zip(contents, folded, strict=True)
    ]


def _ascii_tokens(line: str) -> list[str]:
    """_TOKEN's tokens of an ASCII line: its bytes split at white space once every byte that is
    not a word character is a space, several times faster than the regex finds them."""
    return line.encode("ascii").translate(_NOT_WORD).decode("ascii").split()


_NOT_WORD = bytes(b if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(256))
_NOT_ALPHA = bytes(b for b in range(128) if not chr(b).isalpha())  # deleted to count letters
_ENDS = (".", "!", "?", "…")
# Words whose lists a line's features count, by name: each word's lists are one number's bits.
# "prompt" and "ago": every _PROMPT match holds a word of the first (or "©"), and every _TIME
# match a ":" or the second, so a line without them is not searched.
_LISTED = {
    "stop": STOP_WORDS,
    "chrome": CHROME_WORDS,
    "month": MONTHS,
    "small_print": _SMALL_PRINT_WORDS,
    "site": _SITE_WORDS,
    "reader": _READER_WORDS,
    "address": _ADDRESS_WORDS,
    "prompt": words(
        """sign log login subscribe newsletter cookie cookies reserved copyright privacy terms
        more click follow share related like advertisement sponsored"""
    ),
    "ago": frozenset({"ago"}),
}
_BIT = {name: bit for bit, name in enumerate(_LISTED)}
_WORD_BITS = {
    word: sum(1 << _BIT[name] for name, listed in _LISTED.items() if word in listed)
    for word in frozenset().union(*_LISTED.values())
}
_YEAR_PREFIXES = ("19", "20")


def _shapes(
    contents: Sequence[str], folded: Sequence[str], lower: Sequence[Sequence[str]]
) -> np.ndarray:
    """What each line says, whatever page it is on (the BASE_FEATURES before `repeats`), for
    every line at once: each word's properties are read over all the lines' words in one pass
    and summed per line (sums of whole numbers: exact), each line's string a few times in
    compiled code, and the searches run over all the lines joined."""
    count = len(contents)
    if not count:
        return np.zeros((0, BASE_FEATURES.index("repeats")))
    ascii_ = [c.isascii() for c in contents]
    words = [
        _ascii_tokens(c) if a else _TOKEN.findall(c) for c, a in zip(contents, ascii_, strict=True)
    ]
    n = list(map(len, words))
    flat = list(itertools.chain.from_iterable(words))
    flat_lower = list(itertools.chain.from_iterable(lower))
    line = np.repeat(np.arange(count), n)
    line_lower = np.repeat(np.arange(count), list(map(len, lower)))

    def per_line(values: np.ndarray, of: np.ndarray = line) -> np.ndarray:
        return np.bincount(of, weights=values, minlength=count)

    # The lists each lower-cased word is in, as bits: one look-up a word for all the lists.
    bits = np.array(list(map(_WORD_BITS.get, flat_lower, itertools.repeat(0))), dtype=np.intp)

    def listed(name: str) -> np.ndarray:
        """How many of each line's words are in the list `name`."""
        return per_line((bits >> _BIT[name]) & 1, line_lower)

    lengths, head_upper, head_digit, upper, all_digits = _word_cases(flat)
    upper &= lengths > 1
    year = np.zeros(len(flat))
    for k in np.flatnonzero(all_digits & (lengths == 4)).tolist():
        year[k] = flat[k][:2] in _YEAR_PREFIXES
    some = np.maximum(np.array(n, dtype=float), 1.0)  # a line without words has shares of 0
    digits = per_line(head_digit)
    chars = np.array(list(map(len, contents)), dtype=float)
    size = np.maximum(chars, 1.0)
    letters = [
        len(c.encode("ascii").translate(None, _NOT_ALPHA)) if a else sum(map(str.isalpha, c))
        for c, a in zip(contents, ascii_, strict=True)
    ]
    ascii_chars = [
        len(c) if a else len(c.encode("ascii", "ignore"))
        for c, a in zip(contents, ascii_, strict=True)
    ]
    has_digits = digits > 0  # a time starts a token with a digit
    colons = np.array([":" in f for f in folded])
    small_words = listed("small_print") > 0
    columns = [
        list(map(math.log1p, n)),
        list(map(math.log1p, map(len, contents))),
        per_line(lengths) / some,
        listed("stop") / some,
        listed("chrome") / some,
        per_line(head_upper) / some,
        per_line(upper) / some,
        digits / some,
        np.array(letters, dtype=float) / size,
        (chars - np.array(ascii_chars, dtype=float)) / size,
        [c.rstrip(_CLOSERS)[-1:] in _ENDS for c in contents],
        [c[-1:] == ":" for c in contents],
        [c.endswith(("...", "…")) for c in contents],
        np.array([c.count(",") for c in contents], dtype=float) / some,
        [len(_SENTENCE_MARK.findall(c)) for c in contents],
        [not _SEPARATOR_CHARS.isdisjoint(c) and _SEPARATOR.search(c) is not None for c in contents],
        _found(_URL, folded),
        has_digits & (per_line(year) > 0),
        listed("month") > 0,
        _found(_TIME, folded, has_digits & (colons | (listed("ago") > 0))),
        [_BYLINE.match(c) is not None for c in contents],
        _found(_PROMPT, folded, (listed("prompt") > 0) | ["©" in f for f in folded]),
        listed("site") > 0,
        [c[:1].islower() for c in contents],
        [c[:1].isdigit() for c in contents],
        ['"' in c or "“" in c or "”" in c for c in contents],
        [c[-1:] == "?" for c in contents],
        listed("reader") / some,
        listed("address") / some,
        [_BIO.match(f) is not None for f in folded],
        _found(_SMALL_PRINT, folded, small_words),
        [
            _COMMENT_OPENING.match(f) is not None
            or ("your " in f and _PRAISED_WORK.search(f) is not None)
            for f in folded
        ],
    ]
    return np.column_stack([np.asarray(column, dtype=float) for column in columns])


def _word_cases(words: Sequence[str]) -> tuple[np.ndarray, ...]:
    """Each word's length, whether its first character is upper case or a digit, and whether
    the word is upper case (str.isupper) or all digits (str.isdigit): read from the code
    points of all the words at once, ASCII letters and digits by their ranges; a word with
    any other character is asked with str's own methods."""
    lengths = np.fromiter(map(len, words), dtype=np.intp, count=len(words))
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    word_of = np.repeat(np.arange(len(words)), lengths)
    heads = codes[np.cumsum(lengths) - lengths] if len(words) else codes[:0]

    def in_range(points: np.ndarray, low: str, high: str) -> np.ndarray:
        return (points >= ord(low)) & (points <= ord(high))

    def per_word(flags: np.ndarray) -> np.ndarray:
        return np.bincount(word_of, weights=flags, minlength=len(words))

    head_upper, head_digit = in_range(heads, "A", "Z"), in_range(heads, "0", "9")
    upper = (per_word(in_range(codes, "A", "Z")) > 0) & (per_word(in_range(codes, "a", "z")) == 0)
    all_digits = per_word(in_range(codes, "0", "9")) == lengths
    for k in np.flatnonzero(per_word(codes > 127)).tolist():  # beyond ASCII
        word = words[k]
        head_upper[k], head_digit[k] = word[0].isupper(), word[0].isdigit()
        upper[k], all_digits[k] = word.isupper(), word.isdigit()
    return lengths, head_upper, head_digit, upper, all_digits


def _found(pattern: re.Pattern, lines: Sequence[str], only: np.ndarray | None = None) -> np.ndarray:
    """Whether the pattern occurs in each line (of those `only` marks), from one search over the
    lines joined by NUL: no pattern here matches a NUL, nor reads it as a word or a space, so
    a match never spans two lines."""
    chosen = np.arange(len(lines)) if only is None else np.flatnonzero(only)
    out = np.zeros(len(lines), dtype=bool)
    if not len(chosen):
        return out
    picked = [lines[i] for i in chosen.tolist()]
    starts = np.cumsum([0, *(len(line) + 1 for line in picked[:-1])])
    found = [m.start() for m in pattern.finditer("\0".join(picked))]
    if found:
        out[chosen[np.searchsorted(starts, found, side="right") - 1]] = True
    return out


def _content_words(tokens: Sequence[str]) -> frozenset[str]:
    """A line's distinct words that carry its topic (no function words, figures or scraps),
    from its lower-cased tokens."""
    return frozenset(w for w in tokens if len(w) > 2 and w not in STOP_WORDS and not w.isdigit())


_COL = {name: i for i, name in enumerate(BASE_FEATURES)}


def _prose(base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each line's tokens, and whether it reads as a sentence of prose (1.0) or not."""
    tokens = np.expm1(base[:, _COL["log_tokens"]])
    prose = (tokens >= _PROSE_TOKENS) & (base[:, _COL["stop_share"]] >= 0.25)
    return tokens, prose.astype(float)


def _cohesion(
    vocab: Sequence[Collection[str]], base: np.ndarray, block: tuple[int, int]
) -> np.ndarray:
    """How much of a line's vocabulary the article's main block (other lines) and the rest
    of the page share: body paragraphs keep to one topic, teasers, promotions and
    footers bring their own. Counted over the page's (line, word) pairs at once."""
    start, end = block
    count = len(vocab)
    sizes = np.fromiter(map(len, vocab), dtype=np.intp, count=count)
    numbers: dict[str, int] = {}
    word = np.array(
        [numbers.setdefault(w, len(numbers)) for words_ in vocab for w in words_], dtype=np.intp
    )
    line = np.repeat(np.arange(count), sizes)
    own = (line >= start) & (line <= end)  # the line's own words do not count
    elsewhere = np.bincount(word[own], minlength=len(numbers))[word] - own  # in the main block
    weights = _log1p_table(elsewhere).tolist()
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    size = np.maximum(sizes, 1).astype(float)
    shared = np.column_stack(
        [
            np.bincount(line, weights=elsewhere > 0, minlength=count) / size,
            # fsum: exactly rounded, so the sum does not depend on the order of a set of words
            np.array([math.fsum(weights[i:j]) for i, j in itertools.pairwise(bounds)]) / size,
            np.bincount(line, weights=np.bincount(word)[word] > 1, minlength=count) / size,
            (sizes == 0).astype(float),
        ]
    )
    return np.column_stack(
        [
            shared,
            _window_mean(shared[:, 0], 2),
            _window_mean(shared[:, 0], 5),
            _window_mean(base[:, _COL["reader_voice"]], 3),
        ]
    )


def _patterns(
    folded: Sequence[str],
    base: np.ndarray,
    tokens: np.ndarray,
    prose: np.ndarray,
    block: tuple[int, int],
) -> np.ndarray:
    """Layouts of page furniture that no single line shows: a table of contents (short
    lines repeated as the main text's sub-headings), teaser lists (a headline, then a summary
    paragraph, again and again) and comments (a name and a date or time above each one).
    `folded`: the lines lower-cased."""
    start, end = block
    in_block: dict[str, list[int]] = {}
    for i in range(start, end + 1):
        in_block.setdefault(folded[i], []).append(i)
    echoes = [any(j != i for j in in_block.get(key, ())) for i, key in enumerate(folded)]
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


def _contexts(
    base: np.ndarray,
    tokens: np.ndarray,
    prose: np.ndarray,
    bounds: Sequence[int],
    blocks: Sequence[tuple[int, int]],
) -> np.ndarray:
    """The CONTEXT_FEATURES of every line of a batch's pages at once (page k's lines run from
    bounds[k] to bounds[k + 1]; blocks[k] is its main block). Every value is the one the page
    alone gives: a running sum restarts at each page and adds its lines in order, so a window's
    mean is the same difference of the same sums; the rest is elementwise or whole numbers."""
    count = len(base)
    if not count:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    sizes = np.diff(np.asarray(bounds, dtype=np.intp))
    page = np.repeat(np.arange(len(sizes)), sizes)
    first = np.asarray(bounds[:-1], dtype=np.intp)[page]  # each line's page's first line
    size = sizes[page]
    position = np.arange(count) - first
    index = position.astype(float)
    start, end = (np.array(side, dtype=np.intp)[page] for side in zip(*blocks, strict=True))
    stop = base[:, _COL["stop_share"]]
    ends = base[:, _COL["ends_sentence"]]
    log_tokens = base[:, _COL["log_tokens"]]
    short = (tokens < _SHORT_TOKENS).astype(float)
    inside = (index >= start) & (index <= end)
    distance = np.where(index < start, start - index, np.where(index > end, index - end, 0))
    chrome = ((base[:, _COL["prompt_like"]] > 0) | (base[:, _COL["has_time"]] > 0)).astype(float)
    windowed = ("chrome_share", "prompt_like", "has_time", "cap_share", "ends_sentence")
    summed = np.column_stack(
        [prose, tokens, chrome * (index > end), *(base[:, _COL[name]] for name in windowed)]
    )
    # Running sums of each page, from 0 before its first line: line i's sums at row i + page.
    sums = np.zeros((count + len(sizes), summed.shape[1]))
    for k, (at, lines) in enumerate(zip(bounds[:-1], sizes.tolist(), strict=True)):
        if lines:
            np.cumsum(summed[at : at + lines], axis=0, out=sums[at + k + 1 : at + k + lines + 1])
    row = first + page  # where each line's page's sums begin
    prose_sums, token_sums, chrome_sums = sums[:, 0], sums[:, 1], sums[:, 2]

    def window(column: np.ndarray, radius: int) -> np.ndarray:
        """_window_mean of a summed column, page by page."""
        lo = np.maximum(position - radius, 0)
        hi = np.minimum(position + radius + 1, size)
        return (column[row + hi] - column[row + lo]) / (hi - lo)

    def shift(values: np.ndarray, by: int) -> np.ndarray:
        """_shift, page by page."""
        out = np.zeros_like(values)
        if by > 0:
            out[by:] = values[:-by]
            return np.where(position >= by, out, 0.0)
        out[:by] = values[-by:]
        return np.where(position < size + by, out, 0.0)

    def placed(lo: np.ndarray, hi: np.ndarray) -> list[np.ndarray]:
        """Whether each line is in the run lo..hi of its page, and how far outside it."""
        return [
            ((index >= lo) & (index <= hi)).astype(float),
            np.log1p(np.where(index < lo, lo - index, np.where(index > hi, index - hi, 0))),
        ]

    token_distance = np.where(
        index < start,
        token_sums[row + start] - token_sums[row + position + 1],
        np.where(index > end, token_sums[row + position] - token_sums[row + end + 1], 0.0),
    )
    prose_total = prose_sums[row + size]
    total_prose = np.maximum(prose_total, 1.0)
    columns = [
        index / np.maximum(size - 1, 1),
        np.log1p(index),
        np.log1p(size - 1 - index),
        shift(log_tokens, 1),
        shift(log_tokens, -1),
        shift(stop, 1),
        shift(stop, -1),
        shift(ends, 1),
        shift(ends, -1),
        shift(log_tokens, 2),
        shift(log_tokens, -2),
        window(prose_sums, 3),
        window(prose_sums, 10),
        np.log1p(window(token_sums, 3)),
        np.log1p(window(token_sums, 10)),
        np.log1p(_run_lengths(short, position)),
        np.log1p(_run_lengths(prose, position)),
        inside.astype(float),
        np.log1p(distance),
        np.log1p(np.maximum(token_distance, 0.0)),
        (index < start).astype(float),
        (index > end).astype(float),
        prose_total / size,  # prose.mean(): a whole number of prose lines over the page's
        np.log1p(size.astype(float)),
        prose_sums[row + position] / total_prose,
        (prose_total - prose_sums[row + position + 1]) / total_prose,
    ]
    for penalty in (_LOOSE, _STRICT):
        lo, hi = _page_blocks(prose, tokens, bounds, penalty)
        columns += placed(lo[page], hi[page])
    for k in range(len(windowed)):
        columns.append(window(sums[:, 3 + k], 5))
    columns.append(np.log1p(np.where(index > end, chrome_sums[row + position + 1], 0.0)))
    columns.append(window(prose_sums, 25))
    before, after = _gaps(prose, position, size)
    columns.append(np.log1p(before))
    columns.append(np.log1p(after))
    typical = _typical_prose(tokens, prose, page, len(sizes))
    columns.append(np.log1p(tokens) - np.log1p(typical)[page])
    wide = ((tokens >= 6) & (stop >= 0.2)).astype(float)
    lo, hi = _page_blocks(wide, tokens, bounds, _DEFAULT)
    columns += placed(lo[page], hi[page])
    return np.column_stack(columns)


def _page_blocks(
    flags: np.ndarray, tokens: np.ndarray, bounds: Sequence[int], penalty: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Each page's _main_block (its first and last line)."""
    found = [
        _main_block(flags[at:end], tokens[at:end], penalty) if end > at else (0, -1)
        for at, end in itertools.pairwise(bounds)
    ]
    lo, hi = zip(*found, strict=True) if found else ((), ())
    return np.array(lo, dtype=np.intp), np.array(hi, dtype=np.intp)


def _run_lengths(flags: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Length of the run of equal flags each line belongs to within its page (a page's first
    line starts a run), zero where the flag is off."""
    new = np.ones(len(flags), dtype=bool)
    new[1:] = (flags[1:] != flags[:-1]) | (position[1:] == 0)
    run = np.cumsum(new) - 1
    return np.where(flags != 0, np.bincount(run)[run], 0).astype(float)


def _gaps(
    flags: np.ndarray, position: np.ndarray, size: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lines to the nearest flagged line before, and after, each line on its page; the page's
    length when there is none."""
    line = np.arange(len(flags))
    first, last = line - position, line - position + size - 1  # each line's page's ends
    latest = np.maximum.accumulate(np.where(flags != 0, line, -1))
    before = np.concatenate([[-1], latest[:-1]])  # the last flagged line above
    earliest = np.minimum.accumulate(np.where(flags != 0, line, len(flags))[::-1])[::-1]
    after = np.concatenate([earliest[1:], [len(flags)]])  # the first flagged line below
    return (
        np.where(before >= first, line - before, size).astype(float),
        np.where(after <= last, after - line, size).astype(float),
    )


def _typical_prose(tokens: np.ndarray, prose: np.ndarray, page: np.ndarray, pages: int):
    """Each page's median tokens of a prose line (the mean of the middle two when there are
    two), 20 when it has none."""
    chosen = prose > 0
    values, owner = tokens[chosen], page[chosen]
    ordered = values[np.lexsort((values, owner))]
    counts = np.bincount(owner, minlength=pages)
    at = np.cumsum(counts) - counts + counts // 2  # each page's middle (upper middle if even)
    typical = np.full(pages, 20.0)
    odd, even = (counts % 2 == 1), (counts > 0) & (counts % 2 == 0)
    typical[odd] = ordered[at[odd]]
    typical[even] = (ordered[at[even] - 1] + ordered[at[even]]) / 2
    return typical


def _log1p_table(counts: np.ndarray) -> np.ndarray:
    """math.log1p of each whole number in counts (numpy's log1p may round otherwise)."""
    table = np.array([math.log1p(k) for k in range(int(counts.max(initial=0)) + 1)])
    return table[counts]


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


_DEFAULT = (2.0, 0.5)
_LOOSE = (1.0, 0.2)
_STRICT = (4.0, 1.0)


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
