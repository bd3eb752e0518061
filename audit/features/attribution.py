"""Who stands behind each sentence: a named person, an institution, an anonymous or vague source, or nobody.

Reporting is trustworthy when claims are pinned to people who can be asked.
This module finds reporting verbs ("said", "according to", "wrote"), reads the
subject next to them and sorts it into an attribution kind. It is a heuristic
without a tagger: it uses capitalisation, titles, a small institutional
vocabulary and names seen earlier in the same article ("Zelensky" after
"Volodymyr Zelensky").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from audit.document import Document, Sentence, Span
from audit.rules.model import Hit
from audit.rules.prefilter import may_match, needed_strings

NAMED, INSTITUTIONAL, ANONYMOUS, VAGUE, NONE = (
    "named",
    "institutional",
    "anonymous",
    "vague",
    "none",
)
NAMED_QUOTE = "named_quote"  # a label, not a kind: a named source who is quoted directly

# Past and third-person forms for any subject; bare forms only where they are rarely nouns
# ("experts note", "analysts caution"), so "the state" or "a post" is not a reporting verb.
_VERB = "|".join(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "wrote",
        "writes",
        "stated",
        "states",
        *(
            f"{verb}{ending}"
            for verb in (
                "add",
                "note",
                "explain",
                "announce",
                "confirm",
                "reaffirm",
                "reiterate",
                "insist",
                "warn",
                "caution",
                "argue",
                "claim",
                "stress",
                "emphasise",
                "emphasize",
                "acknowledge",
                "describe",
                "assert",
                "tweet",
                "respond",
                "predict",
                "believe",
                "suggest",
                "admit",
                "recall",
                "concede",
                "observe",
                "agree",
                "declare",
                "estimate",
                "indicate",
                "contend",
                "disclose",
            )
            for ending in (
                "",
                "es" if verb.endswith("ss") else "s",
                "d" if verb.endswith("e") else "ed",
            )
        ),
        "posted",
        "signaled",
        "signalled",
        "reported",
        "testified",
        "replied",
        "replies",
        "denied",
        "denies",
        "countered",
    ]
)
# Lower-case only: "States" in "United States" is not a reporting verb.
_REPORTING = re.compile(
    rf"\b(?:{_VERB})\b|\b[Aa]ccording to\b|\bquoted as saying\b|\bin a statement\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(.{1,80})")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
_NAME = re.compile(
    r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.)(?:\s+(?:[A-Z]\.\s+)?(?:de |van |von |al-|bin )?"
    r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)+"
)
_ANONYMITY = re.compile(
    r"condition of anonymity|speaking anonymously|spoke anonymously|requested anonymity"
    r"|(?:asked|declined|requested) not to be (?:named|identified)|declined to be (?:named|identified)"
    r"|not authori[sz]ed to (?:speak|comment|discuss)|(?:a|an|one) (?:person|source|people) familiar with"
    r"|unnamed (?:official|source)",
    re.I,
)
_ANONYMITY_NEEDS = needed_strings(_ANONYMITY.pattern)
_VAGUE = re.compile(
    r"\b(?:experts?|analysts?|observers?|critics?|commentators?|insiders?|sources|pundits?|watchers"
    r"|scholars|economists|some|many|others|people|participants|those familiar|officials familiar"
    r"|people familiar|reports?|studies|research(?:ers)?|polls?|it)\b",
    re.I,
)
_ANONYMOUS_SUBJECT = re.compile(
    r"\b(?:a|an|the|one|two|three|several)\s+(?:[\w.]+\s+){0,3}?"
    r"(?:official|source|diplomat|aide|insider|person|officer|executive|spokesperson|spokesman|spokeswoman)\b",
    re.I,
)
_INSTITUTIONAL_WORDS = frozenset(
    [
        "officials",
        "official",
        "authorities",
        "government",
        "ministry",
        "ministries",
        "department",
        "agency",
        "council",
        "police",
        "company",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "office",
        "kremlin",
        "pentagon",
        "administration",
        "committee",
        "commission",
        "court",
        "army",
        "military",
        "ministers",
        "minister",
        "representatives",
        "delegation",
        "statement",
        "statements",
        "moscow",
        "washington",
        "kyiv",
        "beijing",
        "brussels",
        "london",
        "paris",
        "tehran",
        "union",
        "nations",
        "house",
        "party",
        "board",
        "group",
        "organization",
        "organisation",
        "university",
        "institute",
        "bank",
        "regulator",
        "parliament",
        "senate",
        "congress",
        "cabinet",
        "embassy",
        "firm",
        "club",
        "federation",
        "democrats",
        "republicans",
        "lawmakers",
        "legislators",
        "senators",
        "prosecutors",
        "investigators",
        "regulators",
    ]
)
_NOT_NAME_WORDS = _INSTITUTIONAL_WORDS | frozenset(
    [
        "united",
        "states",
        "kingdom",
        "arab",
        "emirates",
        "republic",
        "federal",
        "national",
        "state",
        "city",
        "county",
        "north",
        "south",
        "east",
        "west",
        "new",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "after",
        "before",
        "during",
        "while",
        "as",
        "but",
        "and",
        "however",
        "meanwhile",
        "still",
        "secretary",
        "general",
        "president",
        "prime",
    ]
)
_TITLES = re.compile(
    r"\b(?:President|Secretary|Minister|Spokesperson|spokesperson|spokesman|spokeswoman|Senator|Sen\."
    r"|Rep\.|Governor|Gov\.|Mayor|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|Professor|General|Gen\.|Chancellor"
    r"|Ambassador|Chief|Director|director|CEO|chair|Chair|chairman|chairwoman|Judge|Justice|Captain"
    r"|Commissioner|Councillor|councillor|Councilmember|Superintendent|president|minister)\s+"
    r"((?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\s*){1,3})"
)
_PRONOUN = re.compile(r"^(?:he|she|they|we|i)$", re.I)
_PRONOUN_KIND = "pronoun"


@dataclass(frozen=True, slots=True)
class Attribution:
    sentence: Sentence
    kind: str  # named | institutional | anonymous | vague | none
    quoted: bool  # carries a direct quotation

    @property
    def label(self) -> str:
        """The kind, with a quoted named source told apart: named_quote | named | ... | none."""
        return NAMED_QUOTE if self.kind == NAMED and self.quoted else self.kind


@dataclass(frozen=True, slots=True)
class Profile:
    attributions: tuple[Attribution, ...]
    counts: dict[str, int]
    named_quotes: int  # sentences with a direct quote from a named source

    @property
    def has_named_source(self) -> bool:
        return self.counts.get(NAMED, 0) > 0


@lru_cache(maxsize=16)
def profile(doc: Document) -> Profile:
    """Attribution of every sentence in the article (cached: several checks and the score read it)."""
    known_surnames: set[str] = set()
    attributions: list[Attribution] = []
    last_kind = NONE
    folded = doc.text.casefold()
    # Most articles hold none of the words an anonymity phrase needs: skip its search then.
    anonymity = may_match(_ANONYMITY_NEEDS, folded)
    # Quotations of two words or more (a one-word scare quote is not a quote of a source).
    quotes = [q for q in doc.structure.quotes if len(doc.text[q.start : q.end].split()) >= 2]
    ends = [q.end for q in quotes]
    for sentence in doc.structure.sentences:
        inside = _quotes_in(sentence, quotes, ends)
        kind = _classify(_outside_quotes(doc, sentence, inside), known_surnames, anonymity)
        if kind == _PRONOUN_KIND:
            kind = last_kind
        if kind != NONE:
            last_kind = kind
        attributions.append(Attribution(sentence, kind, bool(inside)))
    counts = Counter(a.kind for a in attributions)
    named_quotes = sum(1 for a in attributions if a.kind == NAMED and a.quoted)
    return Profile(tuple(attributions), dict(counts), named_quotes)


def _quotes_in(sentence: Sentence, quotes: Sequence[Span], ends: Sequence[int]) -> list[Span]:
    """The quotations that overlap the sentence (`quotes` in text order, `ends` their ends)."""
    found = []
    for quote in quotes[bisect_right(ends, sentence.start) :]:
        if quote.start >= sentence.end:
            break
        found.append(quote)
    return found


def _outside_quotes(doc: Document, sentence: Sentence, quotes: Sequence[Span]) -> str:
    """The sentence with the words inside its quotations blanked (the marks stay): a
    reporting verb within a quote is the speaker's ("the numbers told us"), not the
    article's attribution, and a sentence can open inside a quote that began before it."""
    text = doc.text[sentence.start : sentence.end]
    for quote in quotes:
        a = max(quote.start + 1, sentence.start) - sentence.start
        b = min(quote.end - 1, sentence.end) - sentence.start
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _classify(text: str, known_surnames: set[str], anonymity: bool = True) -> str:
    """Attribution kind of one sentence, or "pronoun" when it points back to an earlier source
    (`anonymity` false: the article cannot hold an anonymity phrase)."""
    if anonymity and _ANONYMITY.search(text):
        return ANONYMOUS
    verb = _REPORTING.search(text)
    if verb is None:
        return NONE
    before = text[: verb.start()]
    according = _ACCORDING.search(text)
    head = according.group(1) if according else _subject_before(before)
    candidates = [head]
    if re.search(r"[,”\"]\s*$", before):  # inversion: “…,” said Maria Okafor
        candidates.append(text[verb.end() : verb.end() + 60])
    for subject in candidates:
        name = _person_name(subject, known_surnames)
        if name:
            known_surnames.add(name.split()[-1])
            return NAMED
    if _ANONYMOUS_SUBJECT.search(head):
        return ANONYMOUS
    later_words = head.split()[1:]
    if _VAGUE.search(head) and not any(_CAPITALISED.fullmatch(w) for w in later_words):
        return VAGUE
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", head)}
    if words & _INSTITUTIONAL_WORDS or re.search(r"\b[A-Z]{2,}\b", head):
        return INSTITUTIONAL
    if _PRONOUN.search(head):
        return _PRONOUN_KIND
    if _CAPITALISED.fullmatch(head) and head.lower() not in _NOT_NAME_WORDS:
        return NAMED  # a lone surname as subject: "Okafor said"
    return NONE


def _subject_before(text: str) -> str:
    """The clause just before a reporting verb, where its subject usually stands."""
    clause = re.split(r"[;:“”\"]", text)[-1]
    clause = re.sub(r",[^,]{0,80},\s*$", " ", clause)  # "Russian officials, meanwhile, said"
    clause = clause.rsplit(",", 1)[-1]  # "Ahead of the talks, the Kremlin said"
    clause = re.sub(  # "Rubio has repeatedly said", "the mayor later told"
        r"(?:\s+(?:has|have|had|was|were|is|are|will|would|also|then|again|later|[a-z]{2,}ly))+\s*$",
        " ",
        clause,
    )
    return clause[-90:].strip()


def _person_name(subject: str, known_surnames: set[str]) -> str | None:
    titled = _TITLES.search(subject)
    if titled:
        return titled.group(1).strip()
    for match in _NAME.finditer(subject):
        words = match.group().split()
        while words and words[0].lower().strip(".") in _NOT_NAME_WORDS:
            words = words[1:]
        if len(words) >= 2 and not any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words):
            return " ".join(words)
    for word in _CAPITALISED.findall(subject):
        if word in known_surnames:
            return word
    return None


def unnamed_article(doc: Document, rule) -> Iterable[Hit]:
    """A whole article with no named source and no direct quote: nothing a reader can check."""
    min_words = rule.options.get("params", {}).get("min_words", 150)
    if doc.structure.word_count < min_words or not doc.structure.blocks:
        return
    found = profile(doc)
    if found.has_named_source or any(a.quoted for a in found.attributions):
        return
    structure = doc.structure
    headline = structure.blocks[structure.title_block or 0]  # the headline, else the first line
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(found.counts.items()) if kind != NONE)
    detail = f"{structure.word_count} words; attributions: {counts or 'none'}"
    yield Hit(headline.start, headline.end, f"{rule.message} ({detail})")
