"""What a rater of news sources looks for, read from the text of each article.

NewsGuard- and MBFC-style ratings ask whether a site names and quotes its
sources, signs its articles, corrects its mistakes, labels advertising and
machine-written text, keeps pages clean, writes headlines its stories support
and reports in a measured voice. Each of those leaves traces in an article's
text; this module measures them per article. A source's signals are the shares
and means of its articles' signals (`source_signals`); audit/sources/model.py
turns an article's signals into the evidence the source ranking averages.

Counts of the writer's own voice (first person, loaded words, exclamations)
skip quotations: a quoted speaker's exclamation is the speaker's, not the
newsroom's.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from audit.features.attribution import NAMED, NONE, Profile
from audit.rules.model import Finding
from audit.rules.prefilter import may_match, needed_strings
from audit.runtime.records import column, finding_spans
from audit.style import lexicon
from audit.text.codepoints import code_points, marked, spaced_words
from audit.text.document import Document

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# _WORD's letters, and `\w`'s characters (str.isalnum's and the underscore), as tables of the
# code points below 128 (text/codepoints.py: marked).
_ASCII_LETTERS = bytes(chr(code) in string.ascii_letters for code in range(128))
_ASCII_WORD_CHARS = bytes(chr(code).isalnum() or chr(code) == "_" for code in range(128))
_BYLINE = re.compile(
    r"^\s*(?:By|BY|Written by|Words by|Reporting by)\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}"
    r"|^\s*[A-Z][a-z]+(?:\s+[A-Z][a-z.-]+){1,3}\s*(?:,|\||·)\s*(?:Staff\s+)?(?:Reporter|Writer|Correspondent|Editor)\b",
    re.M,
)
Alternatives = tuple[tuple[re.Pattern[str], frozenset[str] | None], ...]


def _rare(*alternatives: str, flags: int = 0) -> Alternatives:
    """Each alternative compiled, with the case-folded strings one of which its matches hold."""
    return tuple((re.compile(a, flags), needed_strings(a)) for a in alternatives)


# Rare phrases: alternatives searched one by one, each only in an article that holds a string
# its every match needs. A search for their alternation tries every alternative at every
# position (`re` finds no literal to look for), and a signal only asks whether one matches.
_CORRECTION = _rare(
    r"\b(?:Correction|CORRECTION|Clarification|Editor[’']s [Nn]ote|UPDATE|Update)\s*(?::|\(|—|-)",
    r"\bThis (?:article|story|post|report) (?:has been|was) (?:updated|corrected|amended)",
    r"\bAn earlier version of this (?:article|story|report|post)",
    r"\b(?:Updated|Corrected) (?:on |at )?(?:\d|January|February|March|April|May|June|July|August|September|October|November|December)",
)
_SPONSORED = _rare(
    r"^\s*(?:Sponsored(?: content| post| by)?|Advertisement|ADVERTISEMENT|Paid (?:content|post|partnership)"
    r"|Partner content|Promoted(?: content)?|Presented by)\b",
    r"\bThis (?:post|article|content) (?:is|was) (?:sponsored|paid for)",
    r"\b(?:contains|may contain) affiliate links\b",
    flags=re.M,
)
# "I'm", "I've"... count by their "I". Each word opens with its first letter and checks the word
# boundary before it behind (as _REPORTING below), so that re finds the letters in compiled code
# instead of trying every word boundary: about four times faster.
_FIRST_PERSON = re.compile(r"(?:I(?<!\w.)|m(?<!\w.)(?:e|ine|y(?:self)?))\b")
# Word lists are counted by set lookup over the text's words (`_listed`): an alternation of a
# hundred words makes `re` try every branch at every word boundary.
_SECOND_PERSON = lexicon.words("you your yours yourself")
# Words of judgement and heat a straight news report leaves to its sources (written for newsaudit).
_LOADED = lexicon.words(
    """shocking disgusting outrageous outrage appalling despicable disgraceful shameful pathetic
ridiculous absurd insane crazy stupid idiotic dumb moronic evil vile sick twisted lunatic nonsense
garbage trash hoax sham scam phony fake liar liars lies lying thug thugs clown clowns traitor
traitors treasonous corrupt crooked incompetent unhinged deranged hysterical horrific horrifying
terrifying devastating catastrophic bombshell explosive stunning slam slams slammed blast blasts
blasted rips ripped destroy destroys destroyed obliterate obliterates obliterated eviscerate
eviscerates eviscerated humiliate humiliates humiliated laughable hilarious epic brutal brutally
furious fury rage radical extremist"""
)
_LOADED_STEMS = ("hypocrit",)
_INTENSIFIER = lexicon.words(
    """very really totally absolutely completely literally extremely incredibly utterly truly simply
clearly obviously undoubtedly definitely"""
)
_LISTED = _SECOND_PERSON | _LOADED | _INTENSIFIER
_CONTRACTION = re.compile(r"\b[A-Za-z]+(?:n['’]t|['’]re|['’]ll|['’]ve)\b")
# Every contraction holds one of these: a text without them is not searched (the pattern tries
# every word of a text it searches).
_CONTRACTION_NEEDS = ("n't", "n’t", "'re", "’re", "'ll", "’ll", "'ve", "’ve")
# Opens with its first letters and checks the word boundary before them behind (\bsa, \b\d
# below), so that re looks for them in compiled code instead of trying every position.
_REPORTING = re.compile(r"sa(?<!\w..)(?:id|ys)\b")
_ROLE = re.compile(
    r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}(?:spokes\w+|official|professor|director|chief|president"
    r"|lawyer|attorney|analyst|economist|researcher|scientist|secretary|minister|senator|representative"
    r"|member|chair\w*|executive|manager|founder|adviser|advisor|leader|commissioner|mayor|governor"
    r"|fellow|head|editor|owner|negotiator|mediator|reporter|officer|nurse|doctor|teacher|worker)\b"
)
_RIGHT_OF_REPLY = _rare(
    r"declined to comment",
    r"did not (?:immediately )?(?:respond|reply|return)",
    r"could not be reached",
    r"no immediate (?:response|comment)",
    r"did not answer",
    r"declined to (?:discuss|say|elaborate)",
)
_FIGURE = re.compile(r"\d(?<!\w.)[\d,.]*\s*(?:%|percent\b|per cent\b)")
# Every figure holds one of these: a text without them is not searched (nearly half of news).
_FIGURE_NEEDS = ("%", "percent", "per cent")


_STOP = lexicon.words(
    """about after again against also among amid been before being between both could does doing
during each from have having here into itself just more most much must only other over same
should some such than that their them then there these they this those through under until upon
very were what when where which while will with within without would your says said year years
week weeks today"""
)
_SMALL_WORDS = lexicon.words("a an the and or but nor of in on at to for by with from as vs")
PROSE_WORDS = 25
_ACRONYMS = frozenset({"NATO", "COVID", "NASA", "FEMA", "NASDAQ", "OPEC", "UNESCO", "UNICEF"})


@dataclass(frozen=True)
class ArticleSignals:
    """One article's rater signals. Booleans are 0/1 floats so sources can average them."""

    # What a rating sheet asks, one yes/no or share per article.
    named_quote: float  # quotes at least one named source directly
    byline: float  # names its author
    correction: float  # notes a correction, clarification or update
    sponsored: float  # carries an advertising or sponsored-content label
    ai_disclosure: float  # discloses or betrays machine generation (an AI-disclaimer finding)
    clutter_share: float  # share of its blocks touched by clutter or template findings
    headline_mismatch: float  # the headline's key words are mostly absent from the body
    shouting_headline: float  # an exclamation mark or all-capitals word in the headline
    # How the reporting reads, per article: rates the fitted source model weighs.
    headline_capitals: float  # share of the headline's words capitalised (Title Case, a blog habit)
    named_sources: float  # sentences attributed to a named person, per sentence
    unattributed: float  # share of sentences with no attribution at all
    reporting_verbs: float  # "said"/"says" per 100 words
    source_roles: float  # sources introduced with their role (", a spokesman for"), per 1,000 words
    right_of_reply: float  # says who declined to comment or did not respond
    figures: float  # percentages per 1,000 words
    first_person: float  # I/me/my outside quotations, per 100 words
    second_person: float  # you/your outside quotations, per 100 words
    loaded_words: float  # words of judgement and heat outside quotations, per 1,000 words
    intensifiers: float  # very/really/truly... outside quotations, per 1,000 words
    exclamations: float  # exclamation marks outside quotations, per 100 words
    questions: float  # question marks outside quotations, per 100 words
    ellipses: float  # per 1,000 words
    scare_quotes: float  # unattributed one- or two-word quotations in prose, per 1,000 words
    contractions: float  # outside quotations, per 1,000 words
    length: float  # natural log of the word count
    word_length: float  # mean letters per word
    ai_style: float  # the AI-style probability (0.5 when the model abstains)

    def to_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), 4) for name in SIGNAL_NAMES}


SIGNAL_NAMES = tuple(f.name for f in fields(ArticleSignals))
# The rater's checklist: shown as shares per source in the reports.
CHECKLIST = SIGNAL_NAMES[:8]


def article_signals(
    doc: Document,
    findings: Sequence[Finding],
    sourcing: Profile,
    ai_probability: float | None,
) -> ArticleSignals:
    text = doc.text
    words = max(doc.structure.word_count, 1)
    sentences = max(len(doc.structure.sentences), 1)
    own = _own_words(doc, findings)
    lowered = own.lower()
    own_words = _word_runs(lowered)
    listed = Counter(filter(_LISTED.__contains__, own_words))  # only listed words are asked
    title = headline(doc, findings)
    text_words = _Words.of(text)
    folded = text.casefold()
    return ArticleSignals(
        named_quote=float(sourcing.named_quotes > 0),
        byline=float(bool(_BYLINE.search(text[:600])) or bool(doc.metadata.get("author"))),
        correction=float(_found(_CORRECTION, text, folded)),
        sponsored=float(_found(_SPONSORED, text, folded)),
        ai_disclosure=float(any(f.category == "ai_disclaimer" for f in findings)),
        clutter_share=_clutter_share(doc, findings),
        headline_mismatch=float(_headline_overlap(title, text, text_words) < 0.34),
        shouting_headline=float(_shouting(title)),
        headline_capitals=_capitalised_share(title),
        named_sources=sourcing.counts.get(NAMED, 0) / sentences,
        unattributed=sourcing.counts.get(NONE, 0) / sentences,
        reporting_verbs=_count(_REPORTING, text) / words * 100,
        source_roles=_count(_ROLE, text) / words * 1000,
        right_of_reply=float(_found(_RIGHT_OF_REPLY, text, folded)),
        figures=_figures(text) / words * 1000,
        first_person=_count(_FIRST_PERSON, own) / words * 100,
        second_person=_listed(listed, _SECOND_PERSON) / words * 100,
        loaded_words=_loaded(listed, own_words, lowered) / words * 1000,
        intensifiers=_listed(listed, _INTENSIFIER) / words * 1000,
        exclamations=own.count("!") / words * 100,
        questions=own.count("?") / words * 100,
        ellipses=_ellipses(own) / words * 1000,
        scare_quotes=_scare_quotes(doc, sourcing) / words * 1000,
        contractions=_contractions(own) / words * 1000,
        length=math.log(words),
        word_length=text_words.mean_length(),
        ai_style=0.5 if ai_probability is None else ai_probability,
    )


def _found(alternatives: Alternatives, text: str, folded: str) -> bool:
    """Whether any of the alternatives matches the text (`folded`: its case-folded form)."""
    return any(
        may_match(needs, folded) and pattern.search(text) is not None
        for pattern, needs in alternatives
    )


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def _ellipses(text: str) -> int:
    """Three full stops (a longer run counted as a search from the left finds them) and
    ellipsis characters, counted by str.count instead of a match each."""
    return text.count("...") + text.count("…")


def _figures(text: str) -> int:
    if not any(map(text.__contains__, _FIGURE_NEEDS)):
        return 0
    return _count(_FIGURE, text)


def _contractions(text: str) -> int:
    if not any(map(text.__contains__, _CONTRACTION_NEEDS)):
        return 0
    return _count(_CONTRACTION, text)


def _listed(words: Counter[str], listed: frozenset[str]) -> int:
    """How many of the words (each distinct word with its count) are listed (words as `\\w+`
    runs, which is what `\\b(?:...)\\b` would match)."""
    return sum(map(words.__getitem__, listed.intersection(words)))


def _loaded(listed: Counter[str], words: list[str], lowered: str) -> int:
    """How many of the words are loaded: listed (`listed`: the listed words among them, each
    with its count), or opening with a listed stem. The words are read for a stem only when
    the text they come from (`lowered`) holds one."""
    found = _listed(listed, _LOADED)
    if any(stem in lowered for stem in _LOADED_STEMS):
        found += sum(1 for w in words if w.startswith(_LOADED_STEMS) and w not in _LOADED)
    return found


def _own_words(doc: Document, findings: Sequence[Finding]) -> str:
    """The newsroom's own words: the text with quotations and scraped clutter blanked out."""
    spans = [(q.start, q.end) for q in doc.structure.quotes] + clutter_spans(doc, findings)
    if not spans:
        return doc.text
    text = doc.text
    pieces = []
    position = 0  # the text up to here is in `pieces`
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces += (text[position:start], " " * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def clutter_spans(doc: Document, findings: Sequence[Finding]) -> list[tuple[int, int]]:
    """Spans of clutter findings, except on paragraphs of running prose (PROSE_WORDS or more):
    a line classifier's doubt does not turn a newsroom's paragraph into page furniture."""
    found = finding_spans(findings, ("clutter",))
    if not found:
        return []
    blocks = doc.structure.blocks
    starts, ends = doc.structure.block_starts, column(blocks, "end")
    kinds, words = column(blocks, "kind"), column(blocks, "words")
    prose = [k == "paragraph" and n >= PROSE_WORDS for k, n in zip(kinds, words, strict=True)]
    out = []
    for _, start, end in found:
        i = bisect_right(starts, start) - 1  # Structure.block_at
        if i >= 0 and start <= ends[i] and prose[i]:
            continue
        out.append((start, end))
    return out


def headline(doc: Document, findings: Sequence[Finding]) -> str:
    """The article's headline: its title, unless the title is scraped clutter ("Email"), then
    the first headline-like block (4 to 25 words, no closing full stop) that is not."""
    clutter = [(f.start, f.end) for f in findings if f.category == "clutter"]

    def clean(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in clutter)

    title = (doc.title or "").strip()
    at = doc.text.find(title) if title else -1
    if title and (at < 0 or clean(at, at + len(title))):
        return title
    for block in doc.structure.blocks:
        text = doc.text[block.start : block.end].strip()
        headline_like = (
            block.kind != "item" and 4 <= len(text.split()) <= 25 and text[-1] not in ".:"
        )
        if headline_like and clean(block.start, block.end):
            return text
    return title


def _content_words(distinct: Iterable[str]) -> set[str]:
    """The distinct words (as `_WORD` reads them) of four letters or more, lower-cased and stop
    words aside."""
    return {w.lower().strip("'’") for w in distinct if len(w) > 3} - _STOP


def _headline_overlap(title: str, text: str, words: _Words) -> float:
    """Share of the headline's content words (or their first five letters) found in the body:
    the text with every copy of the headline blanked (`words`: the text's). Only the headline's
    few stems are looked for among the body's words, not every body word stemmed."""
    wanted = _content_words(set(_WORD.findall(title)))
    if not wanted:
        return 1.0
    # The body's distinct words lower-cased in one call, a line each (a word holds no line
    # break, and lowering a _WORD keeps its length).
    body = "\n" + "\n".join(words.body(title, text)).lower() + "\n"
    found = {stem for stem in {w[:5] for w in wanted} if _has_stem(body, stem)}
    return sum(w[:5] in found for w in wanted) / len(wanted)  # a word found has its stem found


def _has_stem(body: str, stem: str) -> bool:
    """Whether a content word of `body` (lower-cased words, one a line) opens with `stem` (its
    first five letters, as _headline_overlap reads them): such a word's line opens with it, so
    only those lines are read."""
    at = body.find("\n" + stem)
    while at >= 0:
        end = body.index("\n", at + 1)
        word = body[at + 1 : end]
        content = word.strip("'’")
        if len(word) > 3 and content not in _STOP and content[:5] == stem:
            return True
        at = body.find("\n" + stem, end)
    return False


@dataclass(frozen=True)
class _Words:
    """Where a text's words (`_WORD`'s matches) are, found for all its characters at once, as
    the segmenter finds its tokens (text/codepoints.py): a word is a run of letters and
    apostrophes less the apostrophes that open it. Their mean length is then counted, and the
    body's words read, without a pattern match or a string a word."""

    codes: Any  # the code points
    letters: Any  # an ASCII letter, with a False either side (as codepoints.marked)
    runs: Any  # a letter or an apostrophe, likewise

    @classmethod
    def of(cls, text: str) -> _Words:
        codes = code_points(text)
        letters = marked(codes, _ASCII_LETTERS)  # none beyond ASCII
        runs = letters.copy()
        runs[1:-1] |= (codes == ord("'")) | (codes == ord("’"))
        return cls(codes, letters, runs)

    def mean_length(self) -> float:
        """The mean letters and apostrophes of a word (0 without words)."""
        inside = _inside(self.letters, self.runs)
        count = int((inside[1:] & ~inside[:-1]).sum())
        return int(inside.sum()) / count if count else 0.0

    def body(self, title: str, text: str) -> set[str]:
        """The distinct words of `text.replace(title, " ")`: the text's words with every copy of
        the title blanked (a blank ends a run of letters and apostrophes, as the space does)."""
        runs, at = self.runs, text.find(title)
        if at >= 0:
            runs = runs.copy()
        while at >= 0:
            end = at + len(title)
            runs[at + 1 : end + 1] = False  # one place on: `runs` opens with a False
            at = text.find(title, end)
        return set(spaced_words(self.codes, _inside(self.letters, runs)[1:-1]))


def _inside(letters: Any, runs: Any) -> Any:
    """The characters of the runs that are a word's: each run less the apostrophes that open it
    (few runs open with one: those are read a character at a time)."""
    import numpy as np

    inside = runs.copy()
    for at in np.flatnonzero(runs[1:] & ~runs[:-1] & ~letters[1:]).tolist():
        at += 1
        while inside[at] and not letters[at]:
            inside[at] = False
            at += 1
    return inside


def _word_runs(text: str) -> list[str]:
    """What `\\w+` finds in the text (runs of str.isalnum's characters and the underscore),
    found as the segmenter finds its tokens: numpy over the code points, then a split."""
    codes = code_points(text)
    return spaced_words(codes, marked(codes, _ASCII_WORD_CHARS, str.isalnum)[1:-1])


def _shouting(title: str) -> bool:
    if "!" in title:
        return True
    capitals = [
        w for w in _WORD.findall(title) if len(w) >= 4 and w.isupper() and w not in _ACRONYMS
    ]
    return any(len(w) >= 5 for w in capitals) or len(capitals) >= 2


def _capitalised_share(title: str) -> float:
    """Capitalised words among the headline's words, small words (a, of, the...) aside."""
    words = [w for w in _WORD.findall(title) if w.lower() not in _SMALL_WORDS]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0


def _clutter_share(doc: Document, findings: Sequence[Finding]) -> float:
    blocks = doc.structure.blocks
    if not blocks:
        return 0.0
    touched = set()
    for f in findings:
        if f.category in ("clutter", "boilerplate"):
            block = doc.structure.block_at(f.start)
            if block is not None:
                touched.add(block.index)
    return len(touched) / len(blocks)


def _scare_quotes(doc: Document, sourcing: Profile) -> int:
    """One- or two-word quotations in a paragraph's sentence that attributes nothing: the writer's
    irony. A speaker's word quoted in a report (talks held in a "constructive" atmosphere, Zelensky
    said) is a partial quote, and a quoted phrase in a headline stands for its story."""
    unattributed = {a.sentence.index for a in sourcing.attributions if a.kind == NONE}
    count = 0
    for quote in doc.structure.quotes:
        if not 1 <= len(doc.text[quote.start : quote.end].split()) <= 2:
            continue
        sentence = doc.structure.sentence_at(quote.start)
        block = doc.structure.block_at(quote.start)
        in_prose = block is not None and block.kind == "paragraph"
        if in_prose and (sentence is None or sentence.index in unattributed):
            count += 1
    return count
