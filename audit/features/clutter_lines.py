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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.models.formats import first_and_group
from audit.style.lexicon import words
from audit.text.codepoints import code_points

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
_BULLETS = frozenset("•·▪◦‣►▸*+-|")
_MARKER = re.compile(rf"\s*(?:[{re.escape(''.join(sorted(_BULLETS)))}]\s+)?")
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
_SEPARATOR_CHARS = "|•·/»>›"  # every _SEPARATOR match holds one
_CLOSERS = "\"'”’)]"

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
    """The line without its leading list bullet and surrounding white space. Most lines open
    with neither white space nor a bullet, and there is no marker to search for."""
    head = line[:1]
    if head and head not in _BULLETS and not head.isspace():
        return line.strip()
    return line[_MARKER.match(line).end() :].strip()


def feature_matrix(lines: Sequence[str]) -> np.ndarray:
    """One row of FEATURE_NAMES per line (lines already non-empty)."""
    return feature_matrices([lines])[0]


def feature_matrices(pages: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """The feature rows of each page's lines, read for the lines of every page at once: what a
    line says (`_shapes`), where it stands (`_contexts`), its vocabulary (`_cohesion`) and the
    layouts around it (`_patterns`). Every value is the one the page alone gives."""
    if not pages:
        return []
    contents = [list(map(line_content, lines)) for lines in pages]
    every = list(itertools.chain.from_iterable(contents))
    folded = [c.lower() for c in every]
    plainly = list(map(_as_ascii, every))
    words, vocabulary = _tokens(every, folded, plainly)
    layout = _Pages.of(list(itertools.accumulate(map(len, contents), initial=0)))
    # Each line's text (lower-cased) on its page, as a group of the lines that repeat it.
    texts, distinct = _numbered(folded)
    firsts, copies = first_and_group(layout.page * max(len(distinct), 1) + texts)
    shapes = _shapes(every, folded, plainly, words, vocabulary)
    base = np.column_stack([shapes, *_repeats(firsts, copies)])
    counts, prose = _prose(base)
    start, end = layout.blocks(prose, counts, _DEFAULT)
    rows = np.hstack(
        [
            base,
            _contexts(base, counts, prose, layout, start, end),
            _cohesion(vocabulary, base, layout, start, end),
            _patterns(copies, base, counts, prose, layout, start, end),
        ]
    )
    return np.split(rows, layout.bounds[1:-1])


def _repeats(firsts: np.ndarray, copies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The BASE_FEATURES `repeats` (log of the times the line's text is on its page) and
    `first_seen`, from each group of copies' first line and each line's group."""
    seen = np.bincount(copies, minlength=len(firsts))[copies]
    logs = np.array([0.0] + [math.log(k) for k in range(1, int(seen.max(initial=0)) + 1)])
    first_seen = np.zeros(len(copies))
    first_seen[firsts] = 1.0
    return logs[seen], first_seen


@dataclass(frozen=True)
class _Words:
    """The tokens (`_TOKEN`'s) of a batch's lines: each one's line and what its characters are."""

    line: np.ndarray
    length: np.ndarray
    head_upper: np.ndarray  # its first character is an upper-case letter
    head_digit: np.ndarray
    upper: np.ndarray  # str.isupper
    digits: np.ndarray  # str.isdigit
    year: np.ndarray  # four digits from 19 or 20


def _as_ascii(line: str) -> str | None:
    """The line in ASCII with the same tokens, letters and case: the line itself, or the line with
    its other characters blanked when none of them is a word character (curly quotes, dashes:
    neither letters nor digits, and lower-cased to no letter); None for a line with others."""
    if line.isascii():
        return line
    return None if _NON_ASCII_WORD.search(line) else _NON_ASCII.sub(" ", line)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")  # a word character beyond ASCII


def _tokens(
    contents: Sequence[str], folded: Sequence[str], plainly: Sequence[str | None]
) -> tuple[_Words, _Vocabulary]:
    """The tokens of every line as written and lower-cased (`folded`). The lines that read as
    ASCII (`plainly`: _as_ascii) are read at once, from their bytes joined by newlines (a token
    is a run of word bytes), and their lower-cased tokens from the same bytes lower-cased:
    lower-casing ASCII keeps every token whole. A line with other word characters is searched
    alone, as written and lower-cased ("İ" lower-cased is two characters)."""
    ascii_ = np.fromiter((line is not None for line in plainly), bool, len(plainly))
    plain, other = np.flatnonzero(ascii_), np.flatnonzero(~ascii_).tolist()
    raw = "\n".join([plainly[i] for i in plain.tolist()]).encode("ascii")
    codes = np.frombuffer(raw, dtype=np.uint8)
    edges = np.diff(_WORD_BYTE[codes].view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    line = plain[np.searchsorted(np.flatnonzero(codes == ord("\n")), starts)]
    found = [_TOKEN.findall(contents[i]) for i in other]
    spelled = list(itertools.chain.from_iterable(found))
    lengths = np.fromiter(map(len, spelled), np.intp, len(spelled))
    points = np.frombuffer("".join(spelled).encode("utf-32-le"), dtype=np.uint32)
    texts = [(codes, starts, ends), (points, np.cumsum(lengths) - lengths, np.cumsum(lengths))]
    words = _word_cases(*zip(*texts[: 2 if spelled else 1], strict=True), spelled)
    lines = np.concatenate([line, np.repeat(np.array(other, dtype=np.intp), list(map(len, found)))])
    lowered = [_TOKEN.findall(folded[i]) for i in other]
    vocabulary = _Vocabulary.of(
        np.concatenate([line, np.repeat(np.array(other, dtype=np.intp), list(map(len, lowered)))]),
        raw.lower().translate(_NOT_WORD).decode("ascii").split()
        + list(itertools.chain.from_iterable(lowered)),
    )
    return _Words(lines, *words), vocabulary


_NOT_WORD = bytes(b if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(256))
_NOT_ALPHA = bytes(b for b in range(128) if not chr(b).isalpha())  # deleted to count letters
_WORD_BYTE = np.frombuffer(bytes(int(chr(b).isalnum() or b == ord("_")) for b in range(128)), bool)
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


def _shapes(
    contents: Sequence[str],
    folded: Sequence[str],
    plainly: Sequence[str | None],
    tokens: _Words,
    lower: _Vocabulary,
) -> np.ndarray:
    """What each line says, whatever page it is on (the BASE_FEATURES before `repeats`), for
    every line at once: each word's properties are read over all the lines' words in one pass
    and summed per line (sums of whole numbers: exact), each line's string a few times in
    compiled code, and the searches run over all the lines joined."""
    count = len(contents)
    if not count:
        return np.zeros((0, BASE_FEATURES.index("repeats")))
    ascii_ = [c.isascii() for c in contents]
    n = np.bincount(tokens.line, minlength=count).tolist()

    def per_line(values: np.ndarray, of: np.ndarray = tokens.line) -> np.ndarray:
        return np.bincount(of, weights=values, minlength=count)

    # The lists each lower-cased word is in, as bits: one look-up a word for all the lists.
    bits = lower.lists[lower.ids]

    def listed(name: str) -> np.ndarray:
        """How many of each line's words are in the list `name`."""
        return per_line((bits >> _BIT[name]) & 1, lower.line)

    some = np.maximum(np.array(n, dtype=float), 1.0)  # a line without words has shares of 0
    digits = per_line(tokens.head_digit)
    chars = np.array(list(map(len, contents)), dtype=float)
    size = np.maximum(chars, 1.0)
    letters = [
        sum(map(str.isalpha, c))
        if p is None
        else len(p.encode("ascii").translate(None, _NOT_ALPHA))
        for c, p in zip(contents, plainly, strict=True)
    ]
    ascii_chars = [
        len(c) if a else len(c.encode("ascii", "ignore"))
        for c, a in zip(contents, ascii_, strict=True)
    ]
    has_digits = digits > 0  # a time starts a token with a digit
    joined = _Joined.of(contents)
    colons = np.array([":" in f for f in folded])
    small_words = listed("small_print") > 0
    columns = [
        list(map(math.log1p, n)),
        list(map(math.log1p, map(len, contents))),
        per_line(tokens.length) / some,
        listed("stop") / some,
        listed("chrome") / some,
        per_line(tokens.head_upper) / some,
        per_line(tokens.upper & (tokens.length > 1)) / some,
        digits / some,
        np.array(letters, dtype=float) / size,
        (chars - np.array(ascii_chars, dtype=float)) / size,
        [c.rstrip(_CLOSERS)[-1:] in _ENDS for c in contents],
        [c[-1:] == ":" for c in contents],
        [c.endswith(("...", "…")) for c in contents],
        np.array([c.count(",") for c in contents], dtype=float) / some,
        joined.sentence_marks(),
        _found(_SEPARATOR, contents, joined.holding(_SEPARATOR_CHARS)),
        _found(_URL, folded),
        has_digits & (per_line(tokens.year) > 0),
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
    out = np.empty((count, len(columns)))
    for j, column in enumerate(columns):
        out[:, j] = column
    return out


def _word_cases(
    codes: Sequence[np.ndarray],
    starts: Sequence[np.ndarray],
    ends: Sequence[np.ndarray],
    spelled: Sequence[str],
) -> tuple[np.ndarray, ...]:
    """Each word's length, whether its first character is upper case or a digit, whether the
    word is upper case (str.isupper) or all digits (str.isdigit), and whether it is a year:
    read from the code points of texts (`codes[k]`, its words from starts[k] to ends[k]),
    ASCII letters and digits by their ranges; a word with any other character (only the
    last text's, whose words are `spelled`, if any) is asked with str's own methods."""
    parts = zip(*map(_cases, codes, starts, ends), strict=True)
    length, head_upper, head_digit, upper, digits, prefix = map(np.concatenate, parts)
    beyond = _counts(codes[-1], starts[-1], ends[-1], codes[-1] > 127) if spelled else ()
    wide = len(length) - len(spelled)  # the first of the last text's words
    for k in np.flatnonzero(beyond).tolist():
        word = spelled[k]
        head_upper[wide + k], head_digit[wide + k] = word[0].isupper(), word[0].isdigit()
        upper[wide + k], digits[wide + k] = word.isupper(), word.isdigit()
    return length, head_upper, head_digit, upper, digits, digits & (length == 4) & prefix


def _cases(points: np.ndarray, first: np.ndarray, end: np.ndarray) -> list[np.ndarray]:
    """_word_cases of one text's words, by the ranges of ASCII letters and digits; `prefix`:
    whether the word opens with 19 or 20."""
    heads = points[first]
    seconds = points[np.minimum(first + 1, max(len(points) - 1, 0))]
    capitals = _counts(points, first, end, _in_range(points, "A", "Z"))
    smalls = _counts(points, first, end, _in_range(points, "a", "z"))
    figures = _counts(points, first, end, _in_range(points, "0", "9"))
    prefix = ((heads == ord("1")) & (seconds == ord("9"))) | (
        (heads == ord("2")) & (seconds == ord("0"))
    )
    return [
        end - first,
        _in_range(heads, "A", "Z"),
        _in_range(heads, "0", "9"),
        (capitals > 0) & (smalls == 0),
        figures == end - first,
        prefix,
    ]


def _in_range(points: np.ndarray, low: str, high: str) -> np.ndarray:
    return (points >= ord(low)) & (points <= ord(high))


def _counts(points: np.ndarray, first: np.ndarray, end: np.ndarray, flags: np.ndarray):
    """How many of each word's characters (points[first:end]) are flagged."""
    cumulative = np.zeros(len(points) + 1, dtype=np.intp)
    np.cumsum(flags, out=cumulative[1:])
    return cumulative[end] - cumulative[first]


@dataclass(frozen=True)
class _Joined:
    """The lines of a batch joined by newlines (each line's end one), as code points with the
    line each one ends or stands in: what single characters say is read for all lines at once."""

    text: str
    points: np.ndarray
    line: np.ndarray
    count: int  # lines

    @classmethod
    def of(cls, lines: Sequence[str]) -> _Joined:
        text = "\n".join(lines) + "\n"
        points = code_points(text)
        sizes = np.fromiter(map(len, lines), np.intp, len(lines)) + 1
        return cls(text, points, np.repeat(np.arange(len(lines)), sizes), len(lines))

    def _at(self, chars: str) -> np.ndarray:
        return np.flatnonzero(np.logical_or.reduce([self.points == ord(c) for c in chars]))

    def holding(self, chars: str) -> np.ndarray:
        """Whether each line holds one of `chars`."""
        return np.bincount(self.line[self._at(chars)], minlength=self.count) > 0

    def sentence_marks(self) -> np.ndarray:
        """How many sentence marks (. ! ?) each line holds that white space or the line's end
        follows, as `re.findall(r"[.!?](?:\\s|$)")` counts them (a match ends in white space,
        never in a mark): the character after each is asked str.isspace, what `re`'s \\s
        matches, and a line's end is a newline."""
        marks = self._at(".!?")
        after = [self.text[at] for at in (marks + 1).tolist()]
        ending = marks[np.fromiter(map(str.isspace, after), bool, len(after))]
        return np.bincount(self.line[ending], minlength=self.count)


def _found(pattern: re.Pattern, lines: Sequence[str], only: np.ndarray | None = None) -> np.ndarray:
    """Whether the pattern occurs in each line (of those `only` marks), from one search over the
    lines joined by NUL: no pattern here matches a NUL, nor reads it as a word or a space, so
    a match never spans two lines."""
    chosen = np.arange(len(lines)) if only is None else np.flatnonzero(only)
    out = np.zeros(len(lines), dtype=bool)
    if not len(chosen):
        return out
    picked = [lines[i] for i in chosen.tolist()]
    starts = _joined_starts(picked)
    found = [m.start() for m in pattern.finditer("\0".join(picked))]
    if found:
        out[chosen[np.searchsorted(starts, found, side="right") - 1]] = True
    return out


def _joined_starts(lines: Sequence[str]) -> np.ndarray:
    """Where each line starts in the lines joined by one character."""
    steps = np.fromiter(map(len, lines), np.intp, len(lines)) + 1
    return np.cumsum(steps) - steps


_COL = {name: i for i, name in enumerate(BASE_FEATURES)}


def _prose(base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each line's tokens, and whether it reads as a sentence of prose (1.0) or not."""
    tokens = np.expm1(base[:, _COL["log_tokens"]])
    prose = (tokens >= _PROSE_TOKENS) & (base[:, _COL["stop_share"]] >= 0.25)
    return tokens, prose.astype(float)


@dataclass(frozen=True)
class _Vocabulary:
    """The lower-cased tokens of a batch's lines: each token's line and its word's number, and
    each number's word (so that a word's properties are read once, however often it occurs)."""

    line: np.ndarray
    ids: np.ndarray
    names: list[str]
    lists: np.ndarray  # per number: the word lists its word is in, as bits (_WORD_BITS)

    @classmethod
    def of(cls, line: np.ndarray, tokens: Sequence[str]) -> _Vocabulary:
        """The vocabulary of `tokens` (in any order), token k on line[k]."""
        ids, names = _numbered(tokens)
        lists = np.fromiter(map(_WORD_BITS.get, names, itertools.repeat(0)), np.intp, len(names))
        return cls(line, ids, names, lists)


def _numbered(items: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Each item's number, in order of first occurrence, and the distinct items so numbered."""
    names = list(dict.fromkeys(items))
    number = dict(zip(names, range(len(names)), strict=True))
    return np.fromiter(map(number.__getitem__, items), np.intp, len(items)), names


@dataclass(frozen=True)
class _Pages:
    """Where each line of a batch of pages stands: page k's lines run from bounds[k] to
    bounds[k + 1]. A page's values are computed as the page alone gives them."""

    bounds: list[int]
    sizes: np.ndarray  # lines per page
    page: np.ndarray  # each line's page
    position: np.ndarray  # each line's place on its page
    size: np.ndarray  # each line's page's number of lines
    row: np.ndarray  # where each line's page's running sums begin (`running`)

    @classmethod
    def of(cls, bounds: list[int]) -> _Pages:
        sizes = np.diff(np.asarray(bounds, dtype=np.intp))
        page = np.repeat(np.arange(len(sizes)), sizes)
        first = np.asarray(bounds[:-1], dtype=np.intp)[page]  # each line's page's first line
        return cls(bounds, sizes, page, np.arange(len(page)) - first, sizes[page], first + page)

    def running(self, columns: np.ndarray) -> np.ndarray:
        """Running sums of each page's columns from 0 before its first line (line i's sums at
        row i + its page): each page's sums restart and add its lines in order, so a window's
        mean (`window`) is the same difference of the same sums as on the page alone."""
        sums = np.zeros((len(columns) + len(self.sizes), columns.shape[1]))
        for k, (at, lines) in enumerate(zip(self.bounds[:-1], self.sizes.tolist(), strict=True)):
            if lines:
                np.cumsum(
                    columns[at : at + lines], axis=0, out=sums[at + k + 1 : at + k + lines + 1]
                )
        return sums

    def window(self, sums: np.ndarray, radius: int) -> np.ndarray:
        """The mean of a column (or of each column of a matrix) over the lines up to `radius`
        either side of each line on its page, from the column's running sums."""
        lo = np.maximum(self.position - radius, 0)
        hi = np.minimum(self.position + radius + 1, self.size)
        spans = hi - lo
        return (sums[self.row + hi] - sums[self.row + lo]) / (
            spans if sums.ndim == 1 else spans[:, None]
        )

    def shift(self, values: np.ndarray, by: int) -> np.ndarray:
        """values[i - by] on line i's page, zero past its ends (by > 0 looks back, by < 0
        ahead); of a column, or of each column of a matrix."""
        out = np.zeros_like(values)
        if by > 0:
            out[by:] = values[:-by]
            kept = self.position >= by
        else:
            out[:by] = values[-by:]
            kept = self.position < self.size + by
        return np.where(kept if values.ndim == 1 else kept[:, None], out, 0.0)

    def blocks(
        self, flags: np.ndarray, tokens: np.ndarray, penalty: tuple[float, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each page's _main_block (its first and last line), from the gains of every line of
        the batch, computed at once."""
        gain = np.where(flags > 0, tokens, -penalty[0] - penalty[1] * tokens).tolist()
        found = [
            _main_block(gain[at:end]) if end > at else (0, -1)
            for at, end in itertools.pairwise(self.bounds)
        ]
        lo, hi = zip(*found, strict=True) if found else ((), ())
        return np.array(lo, dtype=np.intp), np.array(hi, dtype=np.intp)


def _cohesion(
    vocabulary: _Vocabulary,
    base: np.ndarray,
    layout: _Pages,
    start: np.ndarray,
    end: np.ndarray,
) -> np.ndarray:
    """How much of a line's vocabulary (its distinct words that carry a topic: no function
    words, figures or scraps) its page's main block (other lines) and the rest of the page
    share: body paragraphs keep to one topic, teasers, promotions and footers bring their own.
    Counted over the batch's (line, word) pairs at once; `start` and `end`: each page's main
    block."""
    count = len(base)
    width = max(len(vocabulary.names), 1)
    topical = _carry_topics(vocabulary)[vocabulary.ids]
    pairs = np.sort(vocabulary.line[topical] * width + vocabulary.ids[topical])
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs
    line, word = np.divmod(pairs, width)  # each line's distinct words, line by line
    page = layout.page[line]
    position = layout.position[line]
    own = (position >= start[page]) & (position <= end[page])  # the line's own words do not count
    _, group = first_and_group(page * width + word)  # a word on a page
    elsewhere = np.bincount(group[own], minlength=len(pairs))[group] - own  # in the main block
    sizes = np.bincount(line, minlength=count)
    size = np.maximum(sizes, 1).astype(float)
    shared = np.column_stack(
        [
            np.bincount(line, weights=elsewhere > 0, minlength=count) / size,
            _log1p_sums(elsewhere, line, count) / size,
            np.bincount(line, weights=np.bincount(group)[group] > 1, minlength=count) / size,
            (sizes == 0).astype(float),
        ]
    )
    sums = layout.running(np.column_stack([shared[:, 0], base[:, _COL["reader_voice"]]]))
    windows = [layout.window(sums[:, 0], 2), layout.window(sums[:, 0], 5)]
    return np.column_stack([shared, *windows, layout.window(sums[:, 1], 3)])


def _carry_topics(vocabulary: _Vocabulary) -> np.ndarray:
    """Whether each word of the vocabulary carries a line's topic: no function word, figure or
    scrap (longer than two characters, not a stop word, not all digits)."""
    words = vocabulary.names
    count = len(words)
    return (
        (np.fromiter(map(len, words), np.intp, count) > 2)
        & ((vocabulary.lists >> _BIT["stop"]) & 1 == 0)
        & ~np.fromiter(map(str.isdigit, words), bool, count)
    )


def _patterns(
    copies: np.ndarray,
    base: np.ndarray,
    tokens: np.ndarray,
    prose: np.ndarray,
    layout: _Pages,
    start: np.ndarray,
    end: np.ndarray,
) -> np.ndarray:
    """Layouts of page furniture that no single line shows: a table of contents (short
    lines repeated as the main text's sub-headings), teaser lists (a headline, then a summary
    paragraph, again and again) and comments (a name and a date or time above each one).
    `copies`: each line's group of the lines of its page with the same text (lower-cased)."""
    page, position = layout.page, layout.position
    in_block = (position >= start[page]) & (position <= end[page])
    # Another line of the main block prints the same text.
    echoes = np.bincount(copies[in_block], minlength=len(copies))[copies] - in_block > 0
    # A table of contents lists headings; a paragraph printed twice is another matter.
    listed = echoes.astype(float) * (1.0 - prose)
    low, high = _HEADING_TOKENS
    count = np.rint(tokens)
    heading = (base[:, _COL["ends_sentence"]] == 0) & (count >= low) & (count <= high)
    heading = heading.astype(float)
    above = layout.shift(heading, 1)
    after_heading = above * prose
    dated = np.maximum(
        base[:, _COL["has_time"]], base[:, _COL["has_month"]] * (tokens < _DATE_TOKENS)
    )
    sums = layout.running(np.column_stack([np.abs(heading - above), after_heading]))
    alternation, after_headings = layout.window(sums, 6).T
    return np.column_stack(
        [
            listed,
            after_heading * layout.shift(heading, -1),
            after_heading,
            alternation,
            after_headings,
            np.maximum(layout.shift(dated, 1), layout.shift(dated, 2)),
        ]
    )


def _contexts(
    base: np.ndarray,
    tokens: np.ndarray,
    prose: np.ndarray,
    layout: _Pages,
    block_start: np.ndarray,
    block_end: np.ndarray,
) -> np.ndarray:
    """The CONTEXT_FEATURES of every line of a batch's pages at once (block_start[k] and
    block_end[k]: page k's main block). Every value is the one the page alone gives: a running
    sum restarts at each page and adds its lines in order, so a window's mean is the same
    difference of the same sums; the rest is elementwise or whole numbers."""
    count = len(base)
    if not count:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    page, position, size = layout.page, layout.position, layout.size
    index = position.astype(float)
    start, end = block_start[page], block_end[page]
    stop = base[:, _COL["stop_share"]]
    log_tokens = base[:, _COL["log_tokens"]]
    short = (tokens < _SHORT_TOKENS).astype(float)
    inside = (index >= start) & (index <= end)
    distance = np.where(index < start, start - index, np.where(index > end, index - end, 0))
    chrome = ((base[:, _COL["prompt_like"]] > 0) | (base[:, _COL["has_time"]] > 0)).astype(float)
    windowed = ("chrome_share", "prompt_like", "has_time", "cap_share", "ends_sentence")
    summed = np.column_stack(
        [prose, tokens, chrome * (index > end), *(base[:, _COL[name]] for name in windowed)]
    )
    sums = layout.running(summed)
    row = layout.row
    prose_sums, token_sums, chrome_sums = sums[:, 0], sums[:, 1], sums[:, 2]
    window, shift = layout.window, layout.shift

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
    # Each line's neighbours' length, function words and closing stop, one and two lines away.
    neighbours = base[:, [_COL["log_tokens"], _COL["stop_share"], _COL["ends_sentence"]]]
    above, below = shift(neighbours, 1), shift(neighbours, -1)
    near, far = window(sums[:, :2], 3), window(sums[:, :2], 10)  # prose and tokens around
    columns = [
        index / np.maximum(size - 1, 1),
        np.log1p(index),
        np.log1p(size - 1 - index),
        above[:, 0],
        below[:, 0],
        above[:, 1],
        below[:, 1],
        above[:, 2],
        below[:, 2],
        shift(log_tokens, 2),
        shift(log_tokens, -2),
        near[:, 0],
        far[:, 0],
        np.log1p(near[:, 1]),
        np.log1p(far[:, 1]),
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
        lo, hi = layout.blocks(prose, tokens, penalty)
        columns += placed(lo[page], hi[page])
    columns.extend(window(sums[:, 3:], 5).T)
    columns.append(np.log1p(np.where(index > end, chrome_sums[row + position + 1], 0.0)))
    columns.append(window(prose_sums, 25))
    before, after = _gaps(prose, position, size)
    columns.append(np.log1p(before))
    columns.append(np.log1p(after))
    typical = _typical_prose(tokens, prose, page, len(layout.sizes))
    columns.append(np.log1p(tokens) - np.log1p(typical)[page])
    wide = ((tokens >= 6) & (stop >= 0.2)).astype(float)
    lo, hi = layout.blocks(wide, tokens, _DEFAULT)
    columns += placed(lo[page], hi[page])
    return np.column_stack(columns)


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


def _log1p_sums(counts: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """The sum of math.log1p of each group's whole numbers, rounded once as math.fsum rounds
    (so it does not depend on their order), without a Python sum per group: each log1p is a
    whole multiple of 2^-shift, split into a high and a low part of _LIMB bits whose sums in
    float64 stay exact; their total is rounded once."""
    table = np.array([math.log1p(k) for k in range(int(counts.max(initial=0)) + 1)])
    if len(table) < 2:
        return np.zeros(groups)
    shift = 53 - int(np.frexp(table[1:])[1].min())  # log1p(1) is the least above zero
    scaled = np.ldexp(table, shift)  # whole numbers, exact
    high = np.floor(np.ldexp(scaled, -_LIMB))
    low = scaled - np.ldexp(high, _LIMB)  # a whole number below 2^_LIMB
    most = int(np.bincount(group).max(initial=0))  # terms in one sum
    if (int(high.max()) + 1) * most >= 1 << 53 or most << _LIMB >= 1 << 53:
        values = table[counts].tolist()
        bounds = np.searchsorted(group, np.arange(groups + 1)).tolist()
        return np.array([math.fsum(values[i:j]) for i, j in itertools.pairwise(bounds)])
    high_sum = np.bincount(group, weights=high[counts], minlength=groups)
    low_sum = np.bincount(group, weights=low[counts], minlength=groups)
    return np.ldexp(np.ldexp(high_sum, _LIMB) + low_sum, -shift)


_LIMB = 32


_DEFAULT = (2.0, 0.5)
_LOOSE = (1.0, 0.2)
_STRICT = (4.0, 1.0)


def _main_block(gain: list[float]) -> tuple[int, int]:
    """The run of lines with the most prose tokens net of the chrome inside it: a maximum-sum
    subarray of the lines' gains (_Pages.blocks: prose lines add their tokens, other lines
    subtract a penalty)."""
    best, best_range = -math.inf, (0, len(gain) - 1)
    running, run_start = 0.0, 0
    for i, value in enumerate(gain):
        if running <= 0:
            running, run_start = value, i
        else:
            running += value
        if running > best:
            best, best_range = running, (run_start, i)
    return best_range
