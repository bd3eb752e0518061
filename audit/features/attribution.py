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
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, islice

from audit.features.pattern_gate import (
    GatedText,
    LedPatterns,
    LedText,
    PatternGate,
    Reader,
    ungated,
)
from audit.rules.model import Hit, slot_setters
from audit.rules.prefilter import Needs, Trigrams, needed_strings, units_with
from audit.text.document import Document, Sentence, Span

NAMED, INSTITUTIONAL, ANONYMOUS, VAGUE, NONE = (
    "named",
    "institutional",
    "anonymous",
    "vague",
    "none",
)
NAMED_QUOTE = "named_quote"  # a label, not a kind: a named source who is quoted directly


def _endings(verb: str) -> tuple[str, ...]:
    """Bare, third-person and past endings: note notes noted, stress stresses stressed."""
    return (
        "",
        "es" if verb.endswith("ss") else "s",
        "d" if verb.endswith("e") else "ed",
    )


def _trie(strings: Iterable[str]) -> str:
    """An alternation of strings with their shared beginnings factored out ("sa(?:id|ys?)"),
    for a place where at most one of them can begin a match: words between two `\\b`s (a
    match is the whole word), or strings without white space followed by `\\s` (a string
    that begins another must be followed by white space, the other by a letter of its own).
    There it matches what the plain alternation matches, but `re` tries a letter at a place
    once instead of once per string that begins with it."""
    tree: dict = {}
    for string in strings:
        if not string or any(c.isspace() for c in string):
            raise ValueError(f"not a word: {string!r}")
        node = tree
        for letter in string:
            node = node.setdefault(letter, {})
        node[""] = {}  # a string ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(letter) + pattern(node[letter]) for letter in sorted(node) if letter]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" not in node:
            return body
        return f"{body}?" if len(branches) > 1 or len(branches[0]) == 1 else f"(?:{body})?"

    return pattern(tree)


def _bounded_trie(words: Iterable[str]) -> str:
    """`\\b(?:{_trie(words)})` for words that begin with a capital or another rare letter,
    written so that it opens with a choice of letters, each followed by the boundary before
    it looked for behind: `re` then finds where a match can start in compiled code instead of
    trying every position (for words that begin with common letters, `\\b` first is faster)."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        if "" in rests:
            raise ValueError(f"a one-letter word: {first!r}")
        branches.append(f"{re.escape(first)}(?<!\\w.)(?:{_trie(rests)})")
    return f"(?:{'|'.join(branches)})"


# Past and third-person forms for any subject; bare forms only where they are rarely nouns
# ("experts note", "analysts caution"), so "the state" or "a post" is not a reporting verb.
_VERBS = [
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
            "condemn",
            "accuse",
            "criticize",
            "criticise",
            "urge",
            "vow",
            "complain",
        )
        for ending in _endings(verb)
    ),
    "cites",  # not "to cite people for blocking sidewalks"
    "cited",
    "posted",
    "signaled",
    "signalled",
    "reported",
    "reports",  # only inverted after a comma: "..., reports Wired" (`_not_a_verb`)
    "testified",
    "replied",
    "replies",
    "denied",
    "denies",
    "countered",
    "worry",
    "worries",
    "worried",
    "slammed",
    "blasted",
    "questioned",
    "documented",
    "listed",  # "Cruz listed the loan as an asset": a filing's author
    "released",  # "the governor's office released 29 pages": what it made public
    "discussed",  # not "met to discuss"
]
# Verbs of speech that attribute only beside a quotation: "“...?” Mulvaney asked", "she
# joked: “...”" (not "the mayor asked residents to stay home").
_QUOTE_VERBS = frozenset(
    [
        "asked", "asks", "joked", "jokes", "quipped", "quips", "recounted", "recounts",
        "continued", "continues", "wondered", "wonders", "exclaimed", "shouted", "yelled",
        "laughed", "mused", "remarked", "pleaded", "boasted", "boasts", "lamented", "laments",
        "retorted", "scoffed", "sighed", "interjected", "reasoned", "elaborated", "texted",
        "emailed", "e-mailed", "shared", "offered", "demanded", "marveled", "marvelled",
        "answered", "concluded",
    ]
)  # fmt: skip
# A quotation's close in the clause before the verb (“...,” the mayor asked; "...?" he
# asked), looked for in the 90 characters before it, or its opening after it (she asked: "...").
_QUOTE_BEFORE = re.compile(r"(?:[”\"]|[,.?!]['’])\s*(?:[^\s,.;:”\"“]+\s+){0,6}$")
_QUOTE_AFTER = re.compile(r"\s*(?:[,:]\s*)?[“\"]")
# A sentence that is only a quotation's tag, after a quotation ending in "?" or "!" that
# closed the sentence before: "Ortiz asked."
_TAG_START = re.compile(r"\s*(?:[\w.'’-]+\s+){1,5}")
_TAG_END = re.compile(r"\s*[.!]?\s*$")
# Lower-case only: "States" in "United States" is not a reporting verb.
_REPORTING = re.compile(
    rf"\b(?:{_trie([*_VERBS, *_QUOTE_VERBS])})\b|\b[Aa]ccording to\b|\bquoted as saying\b"
    r"|\bin a statement\b|\bper(?=\s+(?:the|a|an|its|their)\s|\s+[A-Z])"  # not "per cent"
    r"|\bcalled (?:on|for)\b|\bcalls on\b"  # "CPJ has called on authorities" (not "calls for unity")
)
_ACCORDING = re.compile(r"(?:[Aa]ccording to|per)\s+([^,;:]{1,80})")
# The reporting verbs `_ACCORDING` can open with (no other match of `_REPORTING` begins so).
_ACCORDING_VERBS = frozenset({"according to", "According to", "per"})
# Letters of names written with accents count as the plain ones do ("Núñez", "Łukasz").
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"
_LOWER = "a-zß-öø-ÿĀ-ž"


def _word_rest(upper: str = _UPPER, lower: str = _LOWER) -> str:
    """What follows a capital in a capitalised word or name: small letters, then parts joined
    by a hyphen or an apostrophe or opening with a capital ("Okafor", "McCain", "O’Neill-Smith",
    "Núñez"). The one spelling of such a word that every search here uses."""
    return rf"[{lower}]+(?:[{upper}'’-][{upper}{lower}]+)*"


_WORD = rf"[{_UPPER}]{_word_rest()}"
_CAPITALISED = re.compile(_WORD)


def _name_pattern(upper: str, lower: str) -> re.Pattern[str]:
    """Two or more capitalised words, or initials and a word: "Maria Okafor", "J. Smith",
    with a nickname in quotation marks between them ("Raymond “Tony” Thomas")."""
    rest = _word_rest(upper, lower)
    nickname = rf"(?:[“\"][{upper}]{rest}[”\"]\s+)?"
    # Opening with the capital's class (not a choice of two), so that `re` looks for it in
    # compiled code instead of trying every position: "J." is an initial, "Jo..." a word.
    return re.compile(
        rf"[{upper}](?:{rest}|(?<=[A-Z])\.)(?:\s+(?:[A-Z]\.\s+)?{nickname}"
        rf"(?:de |van |von |al-|bin )?[{upper}]{rest})+"
    )


_NAME = _name_pattern(_UPPER, _LOWER)
# Searched over a whole article with no accented letter (most; an ASCII text, told at once,
# has none): the same matches, sooner.
_NAME_ASCII = _name_pattern("A-Z", "a-z")
_ACCENTED = re.compile("[À-ÖØ-öø-ž]")
_ANONYMITY = re.compile(
    r"condition of anonymity|(?:speaking|spoke|wrote|writing|posted|posting) anonymously"
    r"|requested anonymity"
    r"|(?:asked|declined|requested) not to be (?:named|identified)|declined to be (?:named|identified)"
    r"|not authori[sz]ed to (?:speak|comment|discuss)|(?:a|an|one) (?:person|source|people) familiar with"
    r"|unnamed (?:official|source)",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:experts?|analysts?|observers?|critics?|commentators?|insiders?|sources|pundits?|watchers"
    r"|scholars|economists|some|many|others|people|participants|those familiar|officials familiar"
    r"|study|survey|estimates?|analysis"
    r"|people familiar|reports?|studies|research(?:ers)?|polls?|users|residents|voters|fans"
    r"|activists|advocates|opponents|supporters|onlookers|witnesses|scientists|historians"
    r"|academics)\b",
    re.I,
)
_ANONYMOUS_SUBJECT = re.compile(
    r"\b(?:a|an|the|one|two|three|several|multiple|this|that|another)\s+(?:[\w.]+\s+){0,3}?"
    r"(?:official|source|diplomat|aide|insider|person|officer|executive|spokesperson|spokesman|spokeswoman)\b",
    re.I,
)
# An organisation's spokesperson speaks for it: "a Norvale spokesman", "a spokeswoman for
# Harbour Watch International" (not "a spokesman", "a senior official").
_ORGANISATION_SPOKESPERSON = re.compile(
    r"\b(?:(?!(?:A|An|The|One|Another)\s)[A-Z][\w&.'’-]*\s+)+(?:spokes(?:man|woman|person)"
    r"|representative)\b|\bspokes(?:man|woman|person)\s+(?:for|of|at)\s+(?:the\s+)?[A-Z]"
)
# One person described and not named, as the subject of a reporting verb: "one doctor",
# "a security guard approached him and", "someone who".
_SOMEONE = re.compile(
    r"(?:^|\s)(?:(?:a|an|one|another)\s+(?:[a-z][\w-]*\s+){0,2}?(?:doctor|nurse|teacher|worker"
    r"|employee|resident|guard|officer|soldier|veteran|witness|neighbou?r|student|parent|member"
    r"|volunteer|staffer|manager|agent|lawyer|activist|voter|user|man|woman|friend|relative)"
    r"|someone|somebody)\b(?!\s+(?:named|called)\b)",
)
# People described but not named: "sources involved in the process", "people familiar with".
_DESCRIBED = re.compile(
    r"\b(?:sources?|people|persons?|officials|those|insiders?)\s+(?:who\s+(?:are|were)\s+)?"
    r"(?:familiar with|involved in|close to|with (?:direct )?knowledge of|briefed on|aware of)\b",
    re.I,
)
# A source named as the agent of a passive: "deemed 'fully safe' by the IMSB".
_BY_AGENT = re.compile(
    r"\b(?i:deemed|rated|ranked|classified|categori[sz]ed|estimated|described|labell?ed|called"
    r"|reported|documented|identified|drafted|written|issued|published|released|filed|announced"
    r"|confirmed|disclosed)\b[^.;]{0,60}?\bby\s+(?:the\s+)?"
    r"([A-Z][\w.'’-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.'’-]*)*)"
)
# Capitalised endings of organisations' names ("Amnesty International", "Human Rights Watch",
# "General Motors"), counted in a subject only capitalised (`_CAPITALISED_ONLY`): in lower case
# they name no organisation ("new technologies").
_ORGANISATION_ENDINGS = frozenset(
    {
        "international", "watch", "institution", "initiative", "partnership", "forum", "reserve",
        "exchange", "industries", "technologies", "pharmaceuticals", "securities",
        "communications", "entertainment", "studios", "motors", "airways", "insurance",
        "ventures", "consulting", "analytics", "laboratories", "museum", "library", "associates",
    }
)  # fmt: skip
_INSTITUTIONAL_WORDS = frozenset(
    [
        *_ORGANISATION_ENDINGS,
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
        "nonprofit",
        "charity",
        "watchdog",
        "automaker",
        "carmaker",
        "retailer",
        "broadcaster",
        "lender",
        "insurer",
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
        # News organisations and platforms speak as institutions, not as people.
        "times",
        "post",
        "news",
        "journal",
        "press",
        "daily",
        "tribune",
        "herald",
        "guardian",
        "telegraph",
        "reuters",
        "bloomberg",
        "politico",
        "axios",
        "magazine",
        "weekly",
        "network",
        "newspaper",
        "caller",
        "beast",
        "twitter",
        "facebook",
        "google",
        "youtube",
        "campaign",
        "lawyers",
        "attorneys",
        "aides",
        "spokespeople",
        "com",
        "org",
        "gov",
        # Words that make a run of capitals an organisation, not a person.
        "association",
        "foundation",
        "center",
        "centre",
        "society",
        "coalition",
        "alliance",
        "corporation",
        "corp",
        "inc",
        "league",
        "service",
        "services",
        "bureau",
        "authority",
        "fund",
        "trust",
        "project",
        "collaborative",
        "conference",
        "legislature",
        "assembly",
        "caucus",
        "college",
        "school",
        "hospital",
        "clinic",
        "church",
        "airlines",
        "holdings",
        "partners",
        "research",
        "labs",
        "systems",
        "media",
        "radio",
        "review",
        "monitor",
        "gazette",
        "chronicle",
        "register",
        "courier",
        "examiner",
        "express",
        "mail",
        "globe",
        "star",
        "wall",
        "street",
        "affairs",
        "office",
    ]
)
# Words that name a news organisation only when capitalised ("the Post", "a post").
_NEWS_WORDS = frozenset(
    {
        "times", "post", "news", "journal", "press", "daily", "review", "monitor", "register",
        "express", "mail", "globe", "star", "caller", "beast", "network", "weekly",
    }
)  # fmt: skip
_CAPITALISED_ONLY = _NEWS_WORDS | _ORGANISATION_ENDINGS
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
_TITLE_WORDS = (
    "President", "Secretary", "Minister", "Spokesperson", "spokesperson", "spokesman",
    "spokeswoman", "Senator", "Sen.", "Rep.", "Governor", "Gov.", "Mayor", "Dr.", "Mr.", "Mrs.",
    "Ms.", "Prof.", "Professor", "General", "Gen.", "Chancellor", "Ambassador", "Chief",
    "Director", "director", "CEO", "chair", "Chair", "chairman", "chairwoman", "Judge", "Justice",
    "Captain", "Commissioner", "Councillor", "councillor", "Councilmember", "Superintendent",
    "president", "minister",
)  # fmt: skip
_TITLES = re.compile(rf"{_bounded_trie(_TITLE_WORDS)}\s+((?:{_WORD}\s*){{1,3}})")
_AGED = re.compile(rf"\b({_WORD}),\s+(?:age\s+)?\d{{1,3}},")
# What every match of _AGED holds: an article with none names nobody by age.
_AGE = re.compile(r",\s+(?:age\s+)?\d{1,3},")
_POSSESSIVE = re.compile(r"['’]s?$")


def _unpossessed(word: str) -> str:
    """A word without its possessive ending ("Okafor’s" → "Okafor"): `_POSSESSIVE` removed,
    looked for only in a word with an apostrophe (most have none)."""
    return _POSSESSIVE.sub("", word) if "'" in word or "’" in word else word


# An organisation named as "X of Y": "the National Association of Environmental
# Professionals" holds no person's name ("Environmental Professionals").
_ORGANISATION_OF = re.compile(
    r"\b(?i:association|department|university|institute|office|bureau|council|society"
    r"|academy|college|school|center|centre|foundation|federation|union|ministry|commission"
    r"|committee|board|bank|court|agency|service|league|coalition|alliance|chamber)"
    r"\s+(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*(?:\s+(?:and|of|for)\s+|\s*))+"
)
# What every match of _ORGANISATION_OF holds, found sooner: most subjects hold none.
_OF_FOR_ON = re.compile(r"\s(?:of|for|on)\s")
# An office holder not named, as the subject: "the president", "a Maine State assemblyman".
_OFFICE_HOLDER = re.compile(
    r"\b(?i:the|a|an|its|their|state's|city's)\s+(?:[\w.'’-]+\s+){0,4}?(?i:president|governor|mayor"
    r"|senator|assemblyman|assemblywoman|assemblymember|congressman|congresswoman|lawmaker"
    r"|legislator|judge|sheriff|prosecutor|attorney general|chairman|chairwoman|secretary"
    r"|ambassador|commissioner|councilman|councilwoman|council member|chancellor|premier"
    r"|prime minister|superintendent|coroner|auditor|comptroller)$"
)
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]+\b")
_PRONOUN = re.compile(r"^(?:he|she|they|it)$", re.I)
_WRITER = re.compile(r"^(?:I|we|We)$")
# The writer as the subject of a sentence: "We added a layer", "In this map, I marked".
_WRITER_SUBJECT = re.compile(r"\W*(?:[^,.;:]{1,40},\s*)?(?:I|[Ww]e)\s")
_PRONOUN_KIND = "pronoun"
_DESCRIBED_KIND = "described"  # "the teacher said": a person met before, named by a description
_OFFICE_KIND = "office"  # "the senator said": named if the article named a senator before
# Offices whose holder a text names with a title ("Sen. Bob Corker", "Mayor Jesse Arreguin")
# and may then call by the office alone ("the senator said"), with those titles.
_OFFICE_TITLES = {
    "senator": r"sen\.|senator",
    "governor": r"gov\.|governor",
    "mayor": r"mayor",
    "congressman": r"rep\.|representative|congressman",
    "congresswoman": r"rep\.|representative|congresswoman",
    "judge": r"judge",
    "justice": r"justice",
    "sheriff": r"sheriff",
    "ambassador": r"ambassador",
}
_OFFICES = f"(?:{'|'.join(_OFFICE_TITLES)})"
_OFFICE_WORD = re.compile(rf"\b(?i:{_OFFICES})\b")


@cache  # compiled on first use, not at start-up: few articles call a holder by the office alone
def _office_named(office: str) -> re.Pattern[str]:
    """A holder of the office named with its title: "Sen. Bob Corker", "Mayor Lee"."""
    return re.compile(rf"\b(?i:{_OFFICE_TITLES[office]})\s+[{_UPPER}]")


@dataclass(frozen=True, slots=True, init=False)
class Attribution:
    sentence: Sentence
    kind: str  # named | institutional | anonymous | vague | none
    quoted: bool  # carries a direct quotation
    # Who stands behind it as read in its paragraph: its own kind, else a source named next
    # to it in the paragraph, else the speaker of the quotation it continues.
    support: str = NONE

    def __init__(self, sentence: Sentence, kind: str, quoted: bool, support: str = NONE) -> None:
        """The frozen dataclass's own, each field set through its slot's descriptor, as
        Hit's (audit/rules/model.py): a profile builds one per sentence."""
        _ATTRIBUTION_SENTENCE(self, sentence)
        _ATTRIBUTION_KIND(self, kind)
        _ATTRIBUTION_QUOTED(self, quoted)
        _ATTRIBUTION_SUPPORT(self, support)

    @property
    def label(self) -> str:
        """The kind, with a quoted named source told apart: named_quote | named | ... | none."""
        return NAMED_QUOTE if self.kind == NAMED and self.quoted else self.kind


_ATTRIBUTION_SENTENCE, _ATTRIBUTION_KIND, _ATTRIBUTION_QUOTED, _ATTRIBUTION_SUPPORT = slot_setters(
    Attribution
)


@dataclass(frozen=True, slots=True)
class Profile:
    attributions: tuple[Attribution, ...]
    counts: dict[str, int]
    named_quotes: int  # sentences with a direct quote from a named source

    @property
    def has_named_source(self) -> bool:
        return self.counts.get(NAMED, 0) > 0


def sourcing(doc: Document) -> Profile:
    """The document's attribution profile, computed once and kept in its analysis: several
    checks and the score read it."""
    return doc.analysis.once("sourcing", lambda: profile(doc))


def profile(doc: Document) -> Profile:
    """Attribution of every sentence in the article: its own kind, and the support a reader
    finds for it in its paragraph."""
    text = doc.text
    gates = doc.analysis.gates  # the auditor's, when its batch reads through them
    read = ungated if gates is None else gates.subjects.read
    known_surnames: set[str] = set()
    # The whole text as `sentence_patterns` read it, for the searches over all of it.
    whole = None if gates is None else gates.sentences.read(text)
    people = _people(text, whole)
    # How its subjects are read, each distinct one once ("Just released video": not a name).
    subjects = _Subjects(people, _LowerWords(text), read)
    polls = _Polls(text, whole)
    kinds: list[str] = []
    last_kind = NONE
    last_person = False  # the last source is an organisation's spokesperson
    # Quotations of two words or more (a one-word scare quote is not a quote of a source).
    quotes = [q for q in doc.structure.quotes if len(text[q.start : q.end].split()) >= 2]
    sentences = doc.structure.sentences
    outsides, quoted = _outside_quotes(text, sentences, quotes)
    blocks = doc.structure.blocks
    lines = _Joined.of(outsides)
    led = None if gates is None else gates.sentences.read(lines.text)
    labelled = _may_hold_labels(text)
    for sentence, outside, possible, verbs in zip(
        sentences,
        outsides,
        _possible(outsides, lines, led),
        _verbs_by_sentence(outsides, lines, led),
        strict=True,
    ):
        if (
            labelled
            and _speaker_label(text, sentence.start)
            and blocks[sentence.block].kind != "heading"
        ):
            kind = NAMED  # a transcript: "JANE ROWE: Professor, you wrote..."
        elif not verbs and not possible:
            kind = NONE  # no reporting verb, and no other reading can match (`_possible`)
        else:
            kind = _classify(outside, known_surnames, possible, subjects, verbs)
            if kind == NONE:
                kind = _document_kind(
                    outside, text, sentence.start, known_surnames, possible, polls
                )
                if kind != NONE and _WRITER_SUBJECT.match(outside):
                    # A document the writer's own act names is no source: "We added a layer
                    # using the Cook Partisan Voting Index".
                    kind = NONE
        if kind == _OFFICE_KIND:
            kind = _office_holder(outside, text, sentence.start)
        if kind in (_PRONOUN_KIND, _DESCRIBED_KIND):
            # "He added": the person last quoted, named or anonymous; "she says" or "the
            # teacher said" with no one before is the person the article has been telling of
            # (one it names); "it" and "they" the source last named, whatever it was.
            if kind == _DESCRIBED_KIND:
                person = NAMED if people else NONE
            else:
                person = _person_pronoun(sentence, text)
            if person == NAMED and last_kind not in (NAMED, ANONYMOUS) and not last_person:
                kind = NAMED
            else:
                kind = last_kind if last_kind != NONE else person
        if kind != NONE:
            last_kind = kind
            # "he" after "a Norvale spokesman said" is the spokesman: still the organisation.
            last_person = (
                kind == INSTITUTIONAL
                and "spokesperson" in possible
                and bool(_ORGANISATION_SPOKESPERSON.search(outside))
            )
        kinds.append(kind)
    supports = _supports(doc, kinds, quoted, people)
    attributions = tuple(map(Attribution, sentences, kinds, quoted, supports))
    named_quotes = [kind for kind, q in zip(kinds, quoted, strict=True) if q].count(NAMED)
    return Profile(attributions, dict(Counter(kinds)), named_quotes)


class _LowerWords:
    """The words an article writes in lower case (`_LOWER_WORD`), read on first use: only a
    lone capitalised subject asks, and most articles have none (a scan of every article's
    words cost more than the rest of its attribution's searches)."""

    def __init__(self, text: str):
        self.text = text
        self.words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self.words is None:
            self.words = frozenset(_LOWER_WORD.findall(self.text))
        return word in self.words


class _Subjects:
    """How one article's subjects are read (`_kind_at`): the words it uses as people's names
    (`_people`), the words it writes in lower case (`_LowerWords`) and the subjects' gate (or
    none), with what each distinct subject was read as. An article names the same subjects
    before its verbs again and again ("officials said", "Okafor said", "he said"), and a
    subject's kind and full name depend on nothing else, so each is read once an article."""

    __slots__ = ("_kinds", "_names", "common", "people", "read")

    def __init__(
        self,
        people: frozenset[str] = frozenset(),
        common: Container[str] = frozenset(),
        read: Reader = ungated,
        names: dict[str, tuple[str, str]] | None = None,
    ):
        self.people = people
        self.common = common
        self.read = read
        self._kinds: dict[str, str] = {}  # `_group_kind` of each subject
        self._names = {} if names is None else names  # `_full_name` of each subject

    def kind(self, head: str) -> str:
        """The kind of a subject that names no person (`_group_kind`)."""
        kind = self._kinds.get(head)
        if kind is None:
            kind = self._kinds[head] = _group_kind(head, self.people, self.common, self.read)
        return kind

    def person(self, subject: str, known_surnames: set[str]) -> str | None:
        """The person a subject names (`_person_name`): its full name, read once, else a
        surname the article has named so far."""
        found = self._names.get(subject)
        if found is None:
            found = self._names[subject] = _full_name(subject)
        return found[0] or _known_surname(found[1], known_surnames)

    def naming(self, word: str) -> _Subjects:
        """These subjects read with one more word as a person's name (a speaker named after
        an inverted quotation, "..., says Cline"): its full names are the same."""
        return _Subjects(self.people | {word}, self.common, self.read, self._names)


class _Polls:
    """Whether the text before a sentence reports a poll (`_POLL_REPORTED` in `text[:start]`),
    from the end of the article's first poll word, found on first use (only a poll's share
    asks). A poll word is a whole word, so when a sentence starts after a non-word character
    (white space, as sentences do) the text before it holds one exactly when the first one
    ends before it: one search per article, not one over the text before each sentence.
    `led`: the text as `sentence_patterns` read it, which finds the poll words from where
    their superset starts (most articles have none, and a search of every place costs more
    than the rest of the article's searches for documents)."""

    def __init__(self, text: str, led: LedText | None = None):
        self.text = text
        self.led = led
        self.first_end: int | None = None

    def before(self, start: int) -> bool:
        text = self.text
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            return bool(_POLL_REPORTED.search(text, 0, start))
        if self.first_end is None:
            if self.led is None:
                first = _POLL_REPORTED.search(text)
            else:
                found = self.led.finditer(_POLL_REPORTED)
                first = found[0] if found else None
            self.first_end = first.end() if first else len(text) + 1
        return self.first_end <= start


@dataclass(frozen=True, slots=True)
class _Joined:
    """Sentences joined by line breaks, and where each starts in the joined text (one more
    start than sentences: where the next would): one text to search for what every sentence
    holds, made once for the searches that read it (`_possible`, `_verbs_by_sentence`)."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, sentences: Sequence[str]) -> _Joined:
        starts = list(accumulate((len(sentence) + 1 for sentence in sentences), initial=0))
        return cls("\n".join(sentences), starts)


@dataclass(frozen=True, slots=True, init=False)
class Verb:
    """A reporting verb in a sentence: its offsets there and its words."""

    start: int
    end: int
    words: str

    def __init__(self, start: int, end: int, words: str) -> None:
        """The frozen dataclass's own, each field set through its slot's descriptor, as
        Attribution's."""
        _VERB_START(self, start)
        _VERB_END(self, end)
        _VERB_WORDS(self, words)


_VERB_START, _VERB_END, _VERB_WORDS = slot_setters(Verb)


def _verbs_by_sentence(
    sentences: Sequence[str], lines: _Joined | None = None, led: LedText | None = None
) -> list[list[Verb]]:
    """Each sentence's reporting verbs, from one scan of all the sentences joined by line
    breaks (no verb pattern reaches across one, and a line break bounds a word as a text's
    end does): one search per article instead of one per sentence. `lines`: the sentences
    joined, when the caller has them; `led`: their text as `sentence_patterns` read it,
    which finds the verbs from where their superset starts."""
    lines = _Joined.of(sentences) if lines is None else lines
    starts, joined = lines.starts, lines.text
    found: list[list[Verb]] = [[] for _ in sentences]
    for match in _REPORTING.finditer(joined) if led is None else led.finditer(_REPORTING):
        i = bisect_right(starts, match.start()) - 1
        offset = starts[i]
        if match.group() in _QUOTE_VERBS and not (
            _QUOTE_BEFORE.search(joined, max(offset, match.start() - 90), match.start())
            or _QUOTE_AFTER.match(joined, match.end())
            or (
                _TAG_END.match(joined, match.end())
                and _TAG_START.fullmatch(joined, offset, match.start())
            )
        ):
            continue  # "asked residents to stay home": an act, not the source of a quotation
        if _not_a_verb(joined, match, offset):
            continue
        found[i].append(Verb(match.start() - offset, match.end() - offset, match.group()))
    return found


# A reporting verb's form after an article, "no" or a possessive is a noun or an adjective ("in a
# tweet", "the reported deal", "his claims"); its -s form after a plural quantifier is a plural
# noun ("some states", "many reports"; not "some say", "many claimed").
_ARTICLE_BEFORE = re.compile(r"\b(?i:a|an|the|no|(his|her|its|their|our|my|your))\s+$")
_THAT_AFTER = re.compile(r"\s+that\b")  # "her claim that she was misled": hers, reported
# "her" is also the object pronoun: before a form that is only a verb it is that ("people close
# to her said", "those who know her say"), not a possessive.
_ONLY_A_VERB = re.compile(r"said|says?|told|tells?|wrote|writes|\w+ed")
_QUANTIFIER_BEFORE = re.compile(r"\b(?i:some|many|several|few|these|those|other|most|both)\s+$")
_ASIDE_AFTER = re.compile(r"\s*,")  # "about, say, war and peace": "for instance"
_TO_AFTER = re.compile(r"\s+to\b")  # "Trump agreed to honor the policy": an act
_SOURCE_AFTER = re.compile(r"\s+(?:the\s+)?[A-Z]")  # "..., reports the Washington Post"


def _not_a_verb(joined: str, match: re.Match[str], offset: int) -> bool:
    """A match of `_REPORTING` that reports nothing: a noun or an adjective (`_ARTICLE_BEFORE`,
    `_QUANTIFIER_BEFORE`), "say" set off by commas, "agree" to an act, "reports" anywhere but
    inverted after a comma ("News reports say" is a noun; "..., reports Wired" the verb)."""
    start, end, word = match.start(), match.end(), match.group()
    if word == "reports":
        return not (joined.endswith(", ", 0, start) and _SOURCE_AFTER.match(joined, end))
    before = max(offset, start - 12)
    article = _ARTICLE_BEFORE.search(joined, before, start)
    if article:
        owner = article.group(1)
        if owner and owner.lower() == "her" and _ONLY_A_VERB.fullmatch(word):
            return False
        return not (owner and _THAT_AFTER.match(joined, end))
    if word.endswith("s") and _QUANTIFIER_BEFORE.search(joined, before, start):
        return True
    if word == "say" and joined.endswith(", ", 0, start) and _ASIDE_AFTER.match(joined, end):
        return True
    return word.startswith("agree") and bool(_TO_AFTER.match(joined, end))


def _may_hold_labels(text: str) -> bool:
    """Whether a transcript speaker's label may open a sentence or a paragraph of `text`: one
    search for where every label ends (`_LABEL_END`) spares most articles a look at each."""
    return _LABEL_END.search(text) is not None


def _speaker_label(text: str, start: int) -> bool:
    """A transcript speaker's label opens the text at `start` ("AMY GOODMAN: ..."); a label
    that names a thing ("PENCE'S RESPONSE:", "THE FACTS:") is a section's, not a speaker's."""
    label = _SPEAKER_LABEL.match(text, start)
    if not label:
        return False
    name = label.group(1).rstrip(":").strip().lower()
    return name not in _NOT_SPEAKERS and not _POSSESSIVE_LABEL.search(name)


def _document_owner(text: str, read: GatedText | None = None) -> str:
    """Who names a document in `text` ("Marlow's article", "the Harbour Safety Index", "TRA's
    survey"), or "" when its capitals only describe it ("Federal survey data", "His website").
    `read`: the text as `subject_gate` read it, when the caller has it."""
    named = (ungated(text) if read is None else read).search(_NAMED_DOCUMENT)
    words = named.group(1).split() if named else []
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if len(words) == 1 and (
        words[0].lower() in _NOT_NAME_WORDS
        or words[0].lower() == "according"
        or _WRITER_WORD.fullmatch(words[0])
    ):
        return ""  # "the National report", "I’ll report back"
    return " ".join(words)


def _document_kind(
    sentence: str,
    text: str,
    start: int,
    known_surnames: set[str],
    possible: Container[str] | None = None,
    polls: _Polls | None = None,
) -> str:
    """The source of a sentence that reports from a document with no reporting verb:
    a document named by its author or publisher ("Marlow's article", "the Harbour Safety
    Index"), one the article has introduced ("in the index", "the letter was signed"), or
    a poll's share ("71% of regular commuters") after the article reports a poll.
    `text[:start]` is what the article says before the sentence (read in place, not copied:
    most sentences ask nothing of it). `possible`: the gated searches (`_gated`) that can
    match the sentence; all by default. `polls`: the article's poll words (`text`'s), when
    the caller has them."""
    possible = _gated() if possible is None else possible
    owner = _document_owner(sentence) if "named_document" in possible else ""
    if owner:
        # A person's document is theirs ("Greenwood's article"); a title is a publisher's.
        possessive = _POSSESSIVE.search(owner)
        if possessive and (
            _person_name(owner, known_surnames) or _POSSESSIVE_WORD.fullmatch(owner)
        ):
            return NAMED
        return INSTITUTIONAL
    if "document_mention" in possible:
        for mention in _DOCUMENT_MENTION.finditer(sentence):
            noun = mention.group(1).lower().rstrip("s")
            # Its own word or a form of it ("the polls", "polling"), not a longer word that only
            # opens with it ("Pollution", "Pollen").
            if re.compile(rf"\b{noun}(?:s|es|ed|ing)?\b", re.I).search(text, 0, start):
                return INSTITUTIONAL
    if "vague_document" in possible and _VAGUE_DOCUMENT.search(sentence):
        # "a government report has revealed" names its publisher; "a recent study" does not.
        return INSTITUTIONAL if _OWNED_DOCUMENT.search(sentence) else VAGUE
    if (
        "share_of_group" in possible
        and _SHARE_NEEDS.search(sentence)
        and _SHARE_OF_GROUP.search(sentence)
        and (_POLL_REPORTED.search(text, 0, start) if polls is None else polls.before(start))
    ):
        return INSTITUTIONAL
    return NONE


def _office_holder(sentence: str, text: str, start: int) -> str:
    """ "The senator said": the person when the text before `start` names a holder of the
    office with its title ("Sen. Bob Corker"), else an office holder not named (institutional).
    The text before is read in place, not copied for each such sentence."""
    for office in _OFFICE_WORD.findall(sentence):
        if _office_named(office.lower()).search(text, 0, start):
            return NAMED
    return INSTITUTIONAL


def _person_pronoun(sentence: Sentence, text: str) -> str:
    """Named when a sentence's speaker is "he" or "she" (a person the article introduced),
    else nobody ("they", "it" with nothing before them)."""
    return NAMED if _HE_OR_SHE.search(text[sentence.start : sentence.end]) else NONE


def _supports(
    doc: Document,
    kinds: Sequence[str],
    quoted: Sequence[bool],
    people: frozenset[str] = frozenset(),
) -> list[str]:
    """Who stands behind each sentence as a reader reads it: its own source, else what its
    paragraph carries to it (`_carry_in_paragraph`). Some paragraphs are wholly someone's
    words: a transcript speaker's turn ("ISSA: ...") and, once a transcript has two labelled
    turns, the paragraphs after a turn until the next label; a paragraph introduced by one
    ending in a colon ("Dr. Halvorsen said:", "Here is what Brandt wrote:", "Mara Quill had
    the following response:", `_introducer`; `people` as `_people` gives); an embedded post, to its credit line ("— Jane
    Doe (@janedoe) May 31, 2020"); a quotation paragraph naming no speaker, which continues
    the paragraph before."""
    sentences = doc.structure.sentences
    blocks = doc.structure.blocks
    text = doc.text
    supports = list(kinds)
    # Whether a sentence asks a question, read only where a source could be lent from.
    asks = [
        kind != NONE and bool(_QUESTION_END.search(text, s.start, s.end))
        for s, kind in zip(sentences, kinds, strict=True)
    ]
    posts = "(@" in text  # an embedded post's credit: "— Jane Doe (@janedoe)"
    # The paragraphs that hold a quotation (the only ones `_quoted_speaker` reads).
    quoting = {s.block for s, q in zip(sentences, quoted, strict=True) if q or s.in_quote}
    by_block: dict[int, list[int]] = {}
    for i, sentence in enumerate(sentences):
        by_block.setdefault(sentence.block, []).append(i)
    # A label opening a heading titles a section ("ENDORSEMENT: Clinton has the experience").
    labelled = blocks if _may_hold_labels(text) else ()
    turns = {b.index for b in labelled if b.kind != "heading" and _speaker_label(text, b.start)}
    # Any other label ("THE FACTS:", "UPDATE:") ends a speaker's turn.
    labels = {b.index for b in labelled if _SPEAKER_LABEL.match(text, b.start)} - turns
    transcript = len(turns) >= 2
    in_turn = False  # a transcript's speaker is talking
    previous = NONE  # the support the paragraph before ends with
    introduces = False  # the paragraph before ends with a colon
    for block in sorted(by_block):
        members = by_block[block]
        in_turn = (in_turn and block not in labels) or (transcript and block in turns)
        whole = NAMED if block in turns or in_turn else previous if introduces else NONE
        credit = posts and _POST_CREDIT.search(text, blocks[block].start, blocks[block].end)
        if credit:  # an embedded post is its author's, whoever it is, to its credit line
            whole = next(
                (
                    kinds[i]
                    for i in members
                    if sentences[i].start <= credit.start() < sentences[i].end
                ),
                whole,
            )
        if whole != NONE:
            for i in members:
                if kinds[i] == NONE:
                    supports[i] = whole
        else:
            speaker = (
                _quoted_speaker(text, blocks, block, members, kinds, sentences, quoted, people)
                if block in quoting
                else NONE
            )
            opens = (
                {i: bool(_OPENS_QUOTE.match(text, sentences[i].start)) for i in members}
                if speaker != NONE
                else {}
            )
            _carry_in_paragraph(
                members, kinds, quoted, sentences, supports, previous, asks, speaker, opens
            )
        previous = supports[members[-1]]
        introduces = _ends_with_colon(text, blocks[block].start, blocks[block].end)
        if introduces and previous == NONE:
            last = sentences[members[-1]]
            previous = _introducer(text[last.start : last.end], people)
    return supports


def _ends_with_colon(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` ends with a colon before any trailing white space, read from
    its end instead of copying a whole paragraph to strip it."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end > start and text[end - 1] == ":"


def _introducer(sentence: str, people: frozenset[str]) -> str:
    """Who speaks in the paragraphs a sentence introduces with a colon when no reporting verb
    of its own names them: "Here is what Brandt wrote:", "Mara Quill, deputy director of
    the Project, had the following response:" (not "Here are some common phrases:")."""
    intro = _INTRODUCES_SPEECH.search(sentence)
    if not intro:
        return NONE
    head = sentence[: intro.start()]
    if _person_name(head, set()) or any(w in people for w in _CAPITALISED.findall(head)):
        return NAMED
    kind = _group_kind(head, people)
    if kind == _PRONOUN_KIND:
        return NAMED if _HE_OR_SHE.search(head) else NONE
    if kind == _OFFICE_KIND:
        return INSTITUTIONAL
    return NAMED if kind == _DESCRIBED_KIND else kind


def _carry_in_paragraph(
    members: Sequence[int],
    kinds: Sequence[str],
    quoted: Sequence[bool],
    sentences: Sequence[Sentence],
    supports: list[str],
    previous: str,
    asks: Sequence[bool],
    speaker: str = NONE,
    opens: Sequence[bool] = (),
) -> None:
    """Fill `supports` for one paragraph's sentences (`members`): a quotation takes the
    nearest source named before it in the paragraph, else the one named after it ("... the
    figures show," the minister said); another sentence the source of the sentence just
    before or after it, unless it asks a question (`asks`, read for the sourced ones). A
    quotation paragraph naming no one continues `previous`; else its quotations are the
    `speaker`'s (`_quoted_speaker`). `members` are in order."""
    sourced = [i for i in members if kinds[i] != NONE]
    # A question asks, and lends no source to the writer's sentences beside it ("Are such
    # calls naive, as some historians have claimed? Maybe so.").
    lenders = {i for i in sourced if not asks[i] or sentences[i].in_quote}
    for i in members if sourced else ():
        if kinds[i] != NONE:
            continue
        if quoted[i] or sentences[i].in_quote:
            nearest = bisect_right(sourced, i)  # how many sourced sentences come before it
            supports[i] = kinds[sourced[nearest - 1] if nearest else sourced[0]]
        # Outside a quotation only a neighbour carries ("... the ministry said. It also
        # deployed 53 stations."): further off, the writer speaks again.
        elif i - 1 in lenders:
            supports[i] = kinds[i - 1]
        elif i + 1 in lenders:
            supports[i] = kinds[i + 1]
    if not sourced and all(quoted[i] or sentences[i].in_quote for i in members):
        for i in members:
            supports[i] = previous
    if not sourced and speaker != NONE:
        for i in members:
            if supports[i] == NONE and (sentences[i].in_quote or opens[i]):
                supports[i] = speaker


def _quoted_speaker(
    text: str,
    blocks: Sequence,
    block: int,
    members: Sequence[int],
    kinds: Sequence[str],
    sentences: Sequence[Sentence],
    quoted: Sequence[bool],
    people: frozenset[str],
) -> str:
    """Who speaks the quotations of a paragraph that holds no reporting verb: a person the
    paragraph or the one before names ("Like Marshall, Susil's regimen is disrupted.
    “Meetings, gym, my day job ...”"), when a sentence opens a quotation or sits inside one."""
    if not people or any(kinds[i] != NONE for i in members):
        return NONE
    if not any(
        sentences[i].in_quote or (quoted[i] and _OPENS_QUOTE.match(text, sentences[i].start))
        for i in members
    ):
        return NONE
    here = blocks[block]
    start = blocks[block - 1].start if block else here.start
    names = _CAPITALISED.findall(text, start, here.end)
    return NAMED if any(_unpossessed(name) in people for name in names) else NONE


def _outside_quotes(
    text: str, sentences: Sequence[Sentence], quotes: Sequence[Span]
) -> tuple[list[str], list[bool]]:
    """Each sentence with the words inside its quotations blanked (the marks stay), and
    whether a quotation overlaps it: a reporting verb within a quote is the speaker's ("the
    numbers told us"), not the article's attribution, and a sentence can open inside a quote
    that began before it. One walk through the sentences and the quotations, both in text
    order (a quotation's end is after every earlier one's)."""
    outsides: list[str] = []
    quoted: list[bool] = []
    first = 0  # the first quotation that ends after the sentences so far start
    for sentence in sentences:
        start, end = sentence.start, sentence.end
        while first < len(quotes) and quotes[first].end <= start:
            first += 1
        outside = text[start:end]
        overlaps = False
        for quote in islice(quotes, first, None):
            if quote.start >= end:
                break
            overlaps = True
            a = max(quote.start + 1, start) - start
            b = min(quote.end - 1, end) - start
            if a < b:
                outside = outside[:a] + " " * (b - a) + outside[b:]
        outsides.append(outside)
        quoted.append(overlaps)
    return outsides, quoted


# A sentence that announces the words that follow it: "... had the following response:",
# "what Brandt wrote:", "the statement reads:".
_INTRODUCES_SPEECH = re.compile(
    r"\b(?:the following\b[^.;:]{0,80}|(?:said|says|wrote|writes|stated|states|added|told"
    r"|reads?|tweeted|posted|responded|replied|explained|continued)(?:\s+(?:in part|in a"
    r" statement|\w+ly))?)\s*:\s*$",
    re.I,
)
# Strongest first: a sentence with several reporting verbs takes its strongest attribution.
_STRENGTH = {
    NAMED: 5,
    INSTITUTIONAL: 4,
    ANONYMOUS: 3,
    _PRONOUN_KIND: 2,
    _DESCRIBED_KIND: 2,
    _OFFICE_KIND: 4,
    VAGUE: 1,
    NONE: 0,
}
_OPENS_QUOTE = re.compile(r"\s*[“\"]")
_QUESTION_END = re.compile(r"\?[\s\"'”’)\]]*$")
_HEARSAY = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?redly"
    r"|(?:is|are|was|were)\s+(?:widely\s+|generally\s+)?(?:thought|understood|rumou?red)\s+to)\b",
    re.I,
)
# Passive verbs that report hearsay before "to": "she is said to have", "is believed to".
_HEARSAY_PASSIVE = frozenset(
    {
        "said",
        "reported",
        "believed",
        "claimed",
        "estimated",
        "alleged",
        "rumored",
        "rumoured",
    }
)
_PASSIVE = re.compile(  # "was told", "is now listed", "weren't told", "was stopped and questioned"
    r"\b(?:is|are|was|were|be|been|being)(?:n['’]t)?(?:\s+[a-z]+(?:ed|en)\s+(?:and|or))?"
    r"(?:\s+(?:now|also|then|later|still|already|first|often|never|not|\w{3,}ly))?\s*$"
)
# A reporting verb in a clause that names what was said, not who stands behind the sentence:
# "what he had to say", "what you hear", a question's "Who says".
_NOT_A_SOURCE = re.compile(r"\bwhat\s+(?:\w+\s+){0,3}$|^\W*who\s+$", re.I)
_HEARSAY_IT = re.compile(r"\bit(?:\s+(?:is|was|has|had|has been|had been|'s))?\s*$", re.I)
# A bare group with no institution named: "Officials said", "some officials say", "authorities".
_BARE_GROUP = re.compile(
    r"^(?:(?:and|but|so|yet|some|many|several|other|most|few)\s+)*(?:officials|authorities|sources)$",
    re.I,
)
_IN_DOCUMENT = re.compile(r"\s+in\s+(?:a|an|the|its|their|his|her)\s+([^;:“”\"]{1,100})")
# A document, and who published it: "a report by the state auditor", "a study in Nature",
# "a 2019 survey from the Pew Research Center"; or a document named by its publisher.
_DOCUMENT = (
    r"(?:reports?|study|studies|surveys?|polls?|analys[ie]s|research|data|figures|records"
    r"|documents?|filings?|audit|review|letter|memo|statements?|lawsuit|complaint|index"
    r"|census|estimates?|ruling|opinion|order|indictment|website|transcript|article|paper|book|tweets?)"
)
_DOCUMENT_WORD = re.compile(_DOCUMENT, re.I)
_DOCUMENT_BY = re.compile(
    rf"\b{_DOCUMENT}\b\s+(?:[\w-]+\s+){{0,2}}?(?:by|from|of|in|published by|released by"
    r"|commissioned by|conducted by|filed by|filed in)\s+(.{1,60})",
    re.I,
)
_NAMED_DOCUMENT = re.compile(
    rf"(?<![\w-])([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*['’]?s?)\s+(?:[\w-]+\s+)?(?i:{_DOCUMENT})\b"
)
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "one",
        "another",
    ]
)
# A document the sentence points back to, as its subject, where its figures are found or as
# the tag of what it found: "The letter was signed by", "included in the index", "in our
# data", "..., the analysis found." (not "quash the indictment", "..., the report did not find",
# "..., the audit's critics found").
_MENTIONED_DOCUMENTS = (
    r"reports?|study|studies|surveys?|polls?|analys[ie]s|data|documents?|filings?|audit|letter"
    r"|memo|lawsuit|complaint|index|census|indictment|transcript|experiments?|findings"
)
_DOCUMENT_MENTION = re.compile(
    r"(?:^\W*|\b(?:in|from|by|under|per|of)\s+|,\s+(?=(?:the|this|that|its|their)\s+"
    rf"(?:[\w-]+\s+)?(?:{_MENTIONED_DOCUMENTS})\s+(?:found|finds|shows?|showed|concluded"
    r"|concludes)\s*[.;]))(?:the|this|that|these|our|its|their)\s+"
    rf"(?:[\w-]+\s+)?({_MENTIONED_DOCUMENTS})\b",
    re.I,
)
# A document its publisher's word describes: "a police report", "a court filing", "an FBI
# analysis" (not "federal survey data": the capitals only describe it).
_OWNED_DOCUMENT = re.compile(
    r"(?:\b(?i:police|court|government|company|agency|military|ministry|department|pentagon"
    r"|congressional|city|county|campaign|committee|commission|council|hospital|university)"
    rf"|\b[A-Z]{{2,}})\s+(?i:{_DOCUMENT})\b"
)
# A document nobody could find: "one estimate is", "a recent study", "some surveys".
_VAGUE_DOCUMENT = re.compile(
    r"\b(?:a|an|one|some|another|other|several|many)\s+(?:[\w-]+\s+)?(?:study|studies|surveys?"
    r"|estimates?|analys[ie]s|reports?|polls?)\b(?!\s+(?:by|from|of|in|for|published|conducted"
    r"|commissioned|released))",
    re.I,
)
# A share of a group, as a poll reports it: "71% of regular commuters", "two-in-three"
# (not an election result: "58.4 percent of the votes").
_SHARE_OF_GROUP = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|percent|per cent)\s+of\s+"
    r"(?!(?:all\s+|the\s+)?(?:votes?|ballots|delegates)\b)(?:all\s+|the\s+)?[A-Za-z]"
    r"|\b\w+-in-\w+\b",
    re.I,
)
# What every match of _SHARE_OF_GROUP holds: most sentences have neither.
_SHARE_NEEDS = re.compile(r"\d|-in-", re.I)
# A poll the article reports (not "went to the polls").
_POLL_REPORTED = re.compile(
    r"\b(?:survey|surveys|surveyed|polled)\b|\bpoll(?:s|ing)?\b(?<!the polls)(?<!the poll)",
    re.I,
)
# Who speaks for an institution or a named party: "Rubio's aides", "lawyers for the plaintiffs".
# A poll's finding: "45% of Republicans say", "Seven-in-ten Americans say".
_POLL_SHARE = re.compile(
    r"\d+\s*(?:%|percent|per cent)|\b\w+-in-\w+\b|\b(?:majority|share|plurality) of\b",
    re.I,
)
# A document the article has introduced: "the lawsuit says", "according to the filing".
_THE_DOCUMENT = re.compile(
    rf"^(?:the|this|that|its|their|his|her)\s+(?:[\w-]+\s+)?{_DOCUMENT}$", re.I
)
# A subject that points back (`_group_kind`): a document of someone the text has named
# ("his letter", "her statement"); the authors of a document the article has introduced ("the
# study's authors"); a person the article has introduced, named again by a description ("the
# teacher", "the 45-year-old", "the former nurse", read as "he" or "she" is).
# A person described by what they are to someone or what they do, not named: "the teacher",
# "his wife" (`_REFERS_BACK`, `_according_kind`).
_PERSON_NOUNS = (
    r"(?:man|woman|boy|girl|teen|teenager|mother|father|son|daughter|wife|husband|teacher"
    r"|student|doctor|nurse|veteran|resident|owner|driver|victim|survivor|farmer|activist|actor"
    r"|actress|singer|player|coach|author|writer|professor|researcher|economist|analyst|nominee"
    r"|candidate)"
)
_REFERS_BACK = re.compile(
    rf"(?P<their_document>(?:and\s+|but\s+)?(?i:his|her)\s+(?:[\w-]+\s+)?(?i:{_DOCUMENT}|posts?|blog|bio|remarks)$)"
    rf"|(?P<document_authors>(?i:(?:the|this|that)\s+(?:[\w-]+\s+)?{_DOCUMENT}['’]s?\s+"
    r"(?:authors?|researchers))$)"
    rf"|(?P<described>(?i:(?:and\s+|but\s+)?the\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_NOUNS}"
    r"|[\w]+-year-old"
    # One person of a people or a party: "the Frenchman", "the Democrat" (not "the Democrats").
    r"|(?-i:[A-Z][a-z]+(?:man|woman)|Democrat|Republican)))$)"
    rf"|(?P<office>(?i:(?:and\s+|but\s+)?the\s+(?:[\w-]+\s+){{0,2}}?{_OFFICES})$)"
)
_REFERS_TO = {
    "their_document": _PRONOUN_KIND,
    "document_authors": INSTITUTIONAL,
    "described": _DESCRIBED_KIND,
    "office": _OFFICE_KIND,
}
_PARTY_GROUP = re.compile(
    r"(?:\b[A-Z][\w.-]*['’]s?\s+|\b)(?:aides|lawyers|attorneys|advisers|advisors|staff|staffers"
    r"|campaign|team|spokespeople|prosecutors)\b(?:\s+(?:for|of|representing|with)\s+\S+)?"
)
# A named person's office or people speak for an institution: "Gov. Dana Whitlock's office".
_SPEAKS_FOR = re.compile(
    r"[A-Z][\w.-]*['’]s?\s+(?:[\w-]+\s+)?(?:office|campaign|administration|government|aides"
    r"|lawyers|attorneys|advisers|advisors|staff|staffers|team|spokespeople|spokesman"
    r"|spokeswoman|spokesperson|press secretary|representatives)\s*$"
)
# A speaker's label opening a transcript paragraph ("JANE ROWE:", "MARSH:") and an embedded
# post's credit ("— Dana Pellworth (@SpeakUpDana) November 3, 2021").
_SPEAKER_LABEL = re.compile(r"\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s")
# How every label ends, looked for from its colon (a search `re` runs in compiled code).
_LABEL_END = re.compile(r":(?<=[A-Z.'’-]:)\s")
# Labels that open a line but name no speaker.
_NOT_SPEAKERS = frozenset(
    {
        "note", "update", "editor's note", "editor’s note", "correction", "clarification",
        "watch", "read", "read more", "related", "see also", "breaking", "photos", "photo",
        "video", "listen", "more", "advertisement", "disclaimer", "disclosure", "source",
        "sources", "warning", "q", "a", "faq", "tl;dr", "bottom line", "the bottom line",
        # A fact check's own voice: "THE FACTS: ...", "CLAIM: ...", "VERDICT: ...".
        "the facts", "facts", "fact check", "claim", "the claim", "verdict", "the verdict",
        "rating", "our rating", "our ruling", "the ruling", "context", "background", "analysis",
        "why it matters", "what we found", "the details", "takeaway", "the takeaway", "summary",
    }
)  # fmt: skip
_POST_CREDIT = re.compile(r"[—–-]\s*([^\W\d_][^\n()]{0,60}?)\s*\(@\w+\)")
# A post's author that is an organisation: "The Daily Wire", "GLAAD", "GoodKidsMadCity".
_ORGANISATION_CREDIT = re.compile(r"(?:The|A)\s|[A-Z]{2,}\b|\w*[a-z][A-Z]\w*[a-z][A-Z]")


@cache  # read from the patterns on first use, not at start-up
def _gated() -> dict[str, Needs | None]:
    """The sentence searches that run only where they can match, by name, with the strings
    one of which every match holds (None: every sentence may match). Most sentences name no
    document and no anonymity: a substring search over the whole article (`_possible`) costs
    less than each search on every sentence, and finds the same."""
    return {
        name: Needs.of(needed_strings(pattern.pattern, min_length=1)) for name, pattern in _GATED
    }


def _possible(
    sentences: Sequence[str], lines: _Joined | None = None, led: LedText | None = None
) -> list[Container[str]]:
    """For each sentence (its text outside quotations), the gated searches that can match it:
    those whose needed strings it contains, found in the sentences case-folded and joined
    (`lines`: the sentences joined, when the caller has them); or, with `led` (their text as
    `sentence_patterns` read it), those whose superset starts a match in it."""
    lines = _Joined.of(sentences) if lines is None else lines
    if led is not None:
        led_possible: list[set[str]] = [set() for _ in sentences]
        for name, pattern in _GATED:
            for i in led.units_with(pattern, lines.starts):
                led_possible[i].add(name)
        return led_possible
    gated = _gated()
    folded = lines.text.casefold()
    # Folding changed lengths, so offsets do not hold; or a dotless ı, which `re` blind to case
    # matches as i and casefold keeps: every search may match.
    if len(folded) != len(lines.text) or "\u0131" in folded:
        return [gated] * len(sentences)
    possible: list[set[str]] = [set() for _ in sentences]
    trigrams = Trigrams(folded)
    for name, needs in gated.items():
        found = (
            range(len(sentences))
            if needs is None
            else units_with(folded, lines.starts, needs, trigrams)
        )
        for i in found:
            possible[i].add(name)
    return possible


def _classify(
    text: str,
    known_surnames: set[str],
    possible: Container[str] | None = None,
    subjects: _Subjects | None = None,
    verbs: Sequence[Verb] | None = None,
) -> str:
    """Attribution kind of one sentence, or "pronoun" when it points back to an earlier source
    (`possible`: the gated searches that can match it, all by default; `subjects`: how the
    article's subjects are read, `_Subjects`, an article's own by default; `verbs`: its
    reporting verbs when the caller found them, `_verbs_by_sentence`).
    Every reporting verb is read and the strongest source wins ("As the Times reported, Mark
    Goldman told...")."""
    possible = _gated() if possible is None else possible
    subjects = _Subjects() if subjects is None else subjects
    if "anonymity" in possible and _ANONYMITY.search(text):
        return ANONYMOUS
    credit = "post_credit" in possible and _POST_CREDIT.search(text)
    if credit:
        author = credit.group(1)
        organisation = (
            _ORGANISATION_CREDIT.match(author)
            or {w.lower() for w in author.split()} & _INSTITUTIONAL_WORDS
        )
        return INSTITUTIONAL if organisation else NAMED
    best = NONE
    agent = "by_agent" in possible and _BY_AGENT.search(text)
    if agent:
        person = subjects.person(agent.group(1), known_surnames)
        best = (
            NAMED
            if person and not _ORGANISATION_APPOSITION.match(text, agent.end(1))
            else INSTITUTIONAL
        )
    if verbs is None:
        verbs = _verbs_by_sentence([text])[0]
    for verb in verbs:
        asks_what = "not_a_source" in possible
        kind = _kind_at(text, verb, known_surnames, subjects, asks_what)
        if (
            kind == INSTITUTIONAL
            and _NEGATED.search(text, 0, verb.start)
            and not _NO_CLAUSE_AFTER.match(text, verb.end)
        ):
            kind = NONE  # "The company did not say the drug kills 40 percent": it did not
        if _STRENGTH[kind] > _STRENGTH[best]:
            best = kind
        if best == NAMED:
            break
    if best == NONE and "participle" in possible:
        participle = _PARTICIPLE.search(text)
        if participle:
            clause = text[: participle.start()]
            best = _participle_kind(clause, known_surnames, subjects)
    if (
        _STRENGTH[best] <= _STRENGTH[_PRONOUN_KIND]
        and "hearsay" in possible
        and _HEARSAY.search(text)
    ):
        return VAGUE  # "reportedly", "allegedly": someone said so, and nobody is named
    return best


# A participle of speech after a comma that opens a quotation reports the words of the
# clause's subject: "Clinton made her first remarks on Twitter, writing: “As we wait...”".
_PARTICIPLE = re.compile(r",\s+(?:saying|writing|adding|noting|stating)\s*[:,]?\s*[“\"]")
# What opens a sentence before its subject: a time, a place, a conjunction or a clause set off
# by a comma ("On Monday, Portugal recalled", "A few minutes later, the new president").
_INTRODUCTION = re.compile(
    r"\W*(?:on|in|at|for|after|before|during|since|last|this|earlier|later|meanwhile|however"
    r"|still|but|and|yet|then|now|asked|when|while|as|if|although|though|despite|with|by"
    r"|from|over|under|until|once|instead|also|too|\w+ly|[\w\s]+\slater|[\w\s]+\sago)\b",
    re.I,
)
_DATELINE = re.compile(r"^\W*[A-Z][A-Z .,]+\s*[–—-]\s+")  # "LISBON – A group of lawmakers"
# Where a subject ends: an auxiliary, an adverb, a relative pronoun ("has pushed", "also
# took"); a word in -ed ends it too, unless it begins a name ("syndicated columnist Megan
# McArdle posed").
_SUBJECT_END = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|also|later|then|again"
    r"|still|\w+ly|who|which|that)",
    re.I,
)
_PAST = re.compile(r"\w+ed", re.I)


def _participle_kind(clause: str, known_surnames: set[str], subjects: _Subjects) -> str:
    """The kind of the subject of the clause before a participle of speech (`_PARTICIPLE`):
    its first part after an introduction, read up to where the subject ends (six words at
    most): "On Sunday, the nominee made her first remarks, writing: “...”" is the nominee."""
    parts = _DATELINE.sub("", clause).split(",")
    first = 0
    while first < len(parts) - 1 and _INTRODUCTION.match(parts[first]):
        first += 1
    words = parts[first].split()[:6]
    for end, word in enumerate(words):
        if end and _SUBJECT_END.fullmatch(word):
            words = words[:end]
            break
    if not words:
        return NONE
    if subjects.person(" ".join(words), known_surnames):
        return NAMED
    past = next((i for i, word in enumerate(words) if i and _PAST.fullmatch(word)), len(words))
    return subjects.kind(" ".join(words[:past]))


def _kind_at(
    text: str,
    verb: Verb,
    known_surnames: set[str],
    subjects: _Subjects,
    asks_what: bool = True,
) -> str:
    """The kind of the source of one reporting verb: its subject, an "according to" phrase, or
    the speaker after an inverted quote ("...," said Maria Okafor). `subjects`: how the
    article's subjects are read; `asks_what`: whether the sentence may name what was said
    (`_NOT_A_SOURCE`), as `_possible` finds."""
    before = text[: verb.start]
    if asks_what and _NOT_A_SOURCE.search(before):
        return NONE  # "what he said about Sweden", "Who says politics must be boring"
    according = _ACCORDING.match(text, verb.start) if verb.words in _ACCORDING_VERBS else None
    if according:
        candidates = [according.group(1)]
    elif _PASSIVE.search(before) and not verb.words.startswith("quoted"):
        # "it is said" and "she is said to have" are hearsay; "Smith was told" or "was
        # accused" names no source.
        # ("was released to his homeland" and "were told to return" are acts, not hearsay.)
        hearsay = _HEARSAY_IT.search(before[: _PASSIVE.search(before).start()]) or (
            verb.words in _HEARSAY_PASSIVE and _TO.match(text, verb.end)
        )
        return VAGUE if hearsay else NONE
    else:
        candidates = list(_subjects_before(before))
    head = candidates[0]
    described = (
        _ORGANISATION_APPOSITION.match(text, according.end(1))
        if according
        else len(candidates) > 1 and _ORGANISATION_APPOSITION.match(", " + candidates[1])
    )
    if described and _CAPITALISED.match(head.strip(" ,")):
        return INSTITUTIONAL  # "Hale Whitcomb, the law office representing the mayor, said"
    if before.rstrip()[-1:] in _QUOTATION_CLOSES:  # inversion: “…,” said Maria Okafor
        after = text[verb.end : verb.end + 60]
        candidates.append(after)
        speaker = _SPEAKER_END.split(after, maxsplit=1)[0].strip()
        # "..., says Cline" and "“...,” said the ministry": the speaker follows the verb
        # (but "Russian officials, meanwhile, described the talks" has its subject before).
        if 0 < len(speaker.split()) <= 6 and (
            _CAPITALISED.fullmatch(speaker) or subjects.kind(head) == NONE
        ):
            head = speaker
            if _CAPITALISED.fullmatch(speaker) and verb.words != "reports":
                # "..., says Cline": reporters invert a person's verb (and a publication's:
                # "..., reports Wired")
                subjects = subjects.naming(speaker)
    if _SPEAKS_FOR.search(head):
        return INSTITUTIONAL  # "Gov. Dana Whitlock's office", "Ann Corliss's campaign"
    for subject in candidates:
        name = subjects.person(subject, known_surnames)
        if name:
            known_surnames.add(name.split()[-1])
            return NAMED
    kind = subjects.kind(head)
    if (
        kind == NONE
        and verb.words in _SPEECH
        and _BODY_SUBJECT.fullmatch(head.strip(" ,.;:"))
        and not _SAID_NOTHING.match(text, verb.end)
    ):
        kind = INSTITUTIONAL  # "the airport said" (not "the plant will add 700 jobs")
    # "Economists said in an open letter organized by the Fair Wages Project": the
    # document the verb points to, and its publisher, stand behind the sentence.
    document = _IN_DOCUMENT.match(text, verb.end)
    if _STRENGTH[kind] < _STRENGTH[INSTITUTIONAL] and document and _published(document.group(1)):
        return INSTITUTIONAL
    if according and kind == NONE and _ATTRIBUTING.search(before):
        return _according_kind(head)
    return kind


# A verb negated between its subject and it: "did not say", "has never said", "didn't
# confirm", "declined to say", "would not immediately confirm". A body that did not say what
# follows is no source of it; a person who would not say is still the person the sentence is
# about ("he won't say where"), as the guideline reads it.
_NEGATED = re.compile(
    r"(?:\b(?:not|never|no\s+longer)|n[’']t|\b(?:declined|declines|declining|refused|refuses"
    r"|refusing|failed|fails)\s+to)\s+(?:(?:yet|(?!only\b)[a-z]+ly)\s+){0,2}$",
    re.I,
)
# A verb with no clause of what was said after it: "did not respond to a request for comment",
# "did not immediately respond." (its body is still who the sentence is about).
_NO_CLAUSE_AFTER = re.compile(r"\s*(?:$|[.,;:!?)(—–-]|(?:to|for|on|in|with|by)\b)")
# "according to" attributes where it opens the sentence or a clause ("..., according to the
# state."), not in the sense of "in keeping with" ("positions that shift according to his
# audience").
_ATTRIBUTING = re.compile(r"(?:^|[,(—–-])\W*$")
# A source in lower case that no reading above knows, with its determiner: "the state", "the
# news release", "a prisoner's husband", "a pool reporter who watched".
_COMMON_SOURCE = re.compile(
    r"\W*(?P<determiner>(?P<definite>(?i:the|this|that|these|those|their|its|his|her))"
    r"|(?i:a|an|one|two|three|four|several|multiple))\s+(?P<rest>[^A-Z]*)$"
)
# The phrase it names, up to its noun: the first word that a preposition, a relative, a
# participle or a mark follows ("the size of the order", "a pool reporter who watched him",
# "the report released", "the news release."), after up to three words before it.
_NOUN_PHRASE = re.compile(
    r"(?:[\w'’-]+\s+){0,3}?(?P<noun>(?![\w-]*ly\b)[\w-]+)"
    r"(?=\s*(?:$|[^\w\s'’-]|(?:who|whom|whose|that|which|of|for|in|on|at|by|from|with|to|and"
    r"|or|as|over|about|after|before|during|since|than|into)\b|[a-z]+(?:ed|ing)\b))"
)
# A person described and not named: "his wife", "the landlord", "two witnesses".
_PERSON_NOUN = re.compile(
    rf"(?:{_PERSON_NOUNS}|brother|sister|friend|relative|neighbou?r|landlord|tenant|suspect"
    r"|lawyer|attorney|adviser|advisor|aide|source|witness|reporter|spokes(?:man|woman|person))"
    r"(?:s|es)?",
    re.I,
)
# Bodies and papers a text names by a common noun in lower case: the institutional words that
# count uncapitalised, and those the lists above leave out.
_LOWER_CASE_BODIES = (_INSTITUTIONAL_WORDS - _CAPITALISED_ONLY) | {
    "state", "city", "county", "district", "release", "contract"
}  # fmt: skip
# Bodies a text names again by a common noun, as the head of a definite subject of a verb of
# speech: "the airport said", "its parent airline said" (the words of _INSTITUTIONAL_WORDS
# count wherever they stand in a subject; these only as its last word, so that "residents of
# the city" and "no one at the airport" stay who they are, and so does "the city did not
# say").
_BODY_NOUNS = frozenset(
    {
        "state", "city", "county", "district", "province", "municipality", "tribe", "regime",
        "prison", "jail", "station", "channel", "publisher", "studio", "brand", "chain",
        "operator", "manufacturer", "carrier", "startup", "utility", "airport", "airline",
        "zoo", "museum", "library", "network", "panel", "academy", "diocese", "archdiocese",
        "parish", "shelter", "laboratory", "plant", "factory", "facility", "store",
        "restaurant", "hotel", "casino", "resort", "stadium", "provider", "consulate", "navy",
        "franchise",
    }
)  # fmt: skip
# The verbs that are speech whatever their subject, for a body named by a common noun ("the
# state added 3,000 jobs" and "the city noted a rise" are acts as often as words).
_SPEECH = frozenset(
    {
        "said", "says", "say", "told", "tells", "stated", "states", "announced", "announces",
        "reported", "confirmed", "confirms", "warned", "warns", "predicted", "predicts",
        "disclosed", "acknowledged", "denied", "denies", "declared", "explained", "explains",
        "insisted", "insists", "claimed", "claims", "wrote", "writes",
    }
)  # fmt: skip
# Silence after the verb: "the store said nothing".
_SAID_NOTHING = re.compile(r"\s+nothing\b", re.IGNORECASE)
_BODY_SUBJECT = re.compile(
    r"(?:(?i:and|but|so|meanwhile|[a-z]+ly)\s+)?(?i:the|its|their)\s+"
    r"(?:(?!(?i:of|at|in|for|from|with|on|by|to|near|and|or|not|no)\b)[\w'’-]+\s+){0,2}"
    rf"(?:{'|'.join(sorted(_BODY_NOUNS))})"
)


# The people of _VAGUE (not its documents) told as readers of what follows ("experts who
# reviewed", "critics of"): a crowd that read a body's document speaks for itself, not for the
# body. The people a poll asked ("residents in the city's poll") are the poll's.
_VAGUE_READERS = re.compile(
    r"\b(?:experts?|analysts?|observers?|critics?|commentators?|insiders?|sources|pundits?"
    r"|watchers|scholars|economists|some|many|others|people|participants|users|residents"
    r"|voters|fans|activists|advocates|opponents|supporters|onlookers|witnesses|scientists"
    r"|historians|academics|researchers)\s+(?:who|that|of|on|about|familiar)\b",
    re.I,
)
# A document of a body the text names in lower case, by its possessive: "the police
# department's annual report", "the city's data", "its own audit" is not one.
_BODY_DOCUMENT = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+)?(?P<owner>[a-z][\w-]*)['’]s?\s+(?:[\w-]+\s+){0,2}?"
    rf"(?i:{_DOCUMENT})\b"
)


def _body_document(head: str) -> bool:
    """Whether `head` stands on a document of a body it names in lower case ("the city's data
    showed", "42 percent of respondents in the city's poll"), not on a crowd that read it
    ("experts who reviewed the city's data", "critics of the state's report")."""
    for found in _BODY_DOCUMENT.finditer(head):
        if _VAGUE_READERS.search(head, 0, found.start()):
            return False
        if found["owner"] in _LOWER_CASE_BODIES:
            return True
    return False


def _according_kind(head: str) -> str:
    """The source an "according to" phrase names in lower case when no reading above knows
    it, read by the noun of its phrase: a person it describes and does not name ("his wife",
    "a pool reporter who watched him") is anonymous; a person's own document ("his letter to
    the board") theirs, as "he" is; an institution or a document ("the state", "the news
    release") institutional; anything else is left as nobody: a measure or a rule it is in
    keeping with ("according to the size of the order", "their position", "the rules"), and
    people no reader could ask ("workers")."""
    common = _COMMON_SOURCE.match(head.strip())
    phrase = _NOUN_PHRASE.match(common["rest"]) if common else None
    if not phrase:
        return NONE
    noun = phrase["noun"].lower()
    if _PERSON_NOUN.fullmatch(noun):
        return ANONYMOUS
    back = _REFERS_BACK.match(f"{common['determiner']} {phrase[0]}")
    if back and back.lastgroup == "their_document":
        return _PRONOUN_KIND  # "his letter to the board": the person's, as "he" is
    if common["definite"] and (noun in _LOWER_CASE_BODIES or _DOCUMENT_WORD.fullmatch(noun)):
        return INSTITUTIONAL
    return NONE


def _group_kind(
    head: str,
    people: frozenset[str] = frozenset(),
    common: Container[str] = frozenset(),
    read_subject: Reader = ungated,
) -> str:
    """The kind of a subject that names no person: an institution, a document, an anonymous
    or a vague source, a pronoun, someone the article names (`people`), or nobody (a word
    the article writes in lower case too, `common`: "Just released video"); `read_subject`:
    through the subjects' gate (`subject_gate`) or not."""
    read = read_subject(head)
    stripped = head.strip(" ,.;:")
    back = read.match(_REFERS_BACK, stripped)
    if back:
        # "her statement concluded": the person named's; "the study's authors wrote": the
        # document's; "the teacher said": someone met before.
        return _REFERS_TO[back.lastgroup]
    if read.match(_BARE_GROUP, stripped):
        return VAGUE
    if read.search(_ORGANISATION_SPOKESPERSON):
        return INSTITUTIONAL
    if read.search(_DESCRIBED) or read.search(_ANONYMOUS_SUBJECT):
        return ANONYMOUS
    if _published(head, read):
        return INSTITUTIONAL
    if (
        _document_owner(head, read)
        or read.search(_PARTY_GROUP)
        or read.match(_THE_DOCUMENT, stripped)
        or read.search(_POLL_SHARE)
    ):
        return INSTITUTIONAL
    if read.search(_SOMEONE, stripped):
        return ANONYMOUS  # "one doctor told researchers", "a security guard said", "someone who"
    if read.search(_OWNED):
        # "a police report", "an FBI analysis", "Goldman Sachs analysts", "researchers at
        # Stanford University": a document or people of an organisation that is named.
        return INSTITUTIONAL
    if ("'" in head or "’" in head) and _body_document(head):
        return INSTITUTIONAL  # "the police department's annual report", "the city's data"
    later_words = head.split()[1:]
    if read.search(_VAGUE) and not any(_CAPITALISED.fullmatch(w) for w in later_words):
        return VAGUE
    words = {  # a news organisation's word counts capitalised: "the Post", not "a post"
        w.lower() for w in _LETTERS.findall(head) if w[0].isupper() or w not in _CAPITALISED_ONLY
    }
    if (
        words & _INSTITUTIONAL_WORDS
        or read.search(_ACRONYM)
        or read.search(_OFFICE_HOLDER, stripped)
    ):
        return INSTITUTIONAL
    tokens = stripped.split()
    if tokens and _WRITER.match(tokens[-1]):
        return NONE  # "I would argue", "as we reported": the writer, outside any quotation
    if tokens and _PRONOUN.match(tokens[-1]):
        return _PRONOUN_KIND  # "he", "in which she"
    if (
        tokens
        and _CAPITALISED.fullmatch(tokens[-1])
        and tokens[-1].lower().strip(".") not in _NOT_NAME_WORDS
        and (len(tokens) == 1 or not _CAPITALISED.fullmatch(tokens[-2]))
    ):
        # A lone capitalised word is a person the article names elsewhere ("Okafor" after
        # "Maria Okafor", "Dr. Okafor" or "Okafor, 34,"); one it never gives a first name,
        # a title or an age is an organisation ("MillerCoors said", "Tesla said"), unless the
        # article writes it in lower case too ("Just released video").
        word = tokens[-1].rstrip(".")
        if word in people:
            return NAMED
        return NONE if word.lower() in common else INSTITUTIONAL
    return NONE


def _published(text: str, read: GatedText | None = None) -> bool:
    """`text` holds a document and its publisher: "a report by the state auditor", "a survey
    conducted by the CDC" (not "a study by experts"). `read`: the text as `subject_gate` read
    it, when the caller has it."""
    published = (ungated(text) if read is None else read).search(_DOCUMENT_BY)
    publisher = published.group(1) if published else ""
    return bool(published) and bool(
        _CAPITALISED.search(publisher)
        or _ACRONYM.search(publisher)  # "conducted by the CDC"
        or _THE_ONE.match(publisher)  # "the state auditor", not "the experts"
        or {w.lower() for w in _LETTERS.findall(publisher)} & _INSTITUTIONAL_WORDS
    )


# Groups of people an organisation can speak through (`_OWNED`, `_person_name`).
_GROUP_NOUNS = (
    r"(?:analysts|economists|researchers|scientists|strategists|executives|experts|engineers"
    r"|staff|staffers|employees|lawyers|attorneys|investigators|auditors|doctors|physicians)"
)
_GROUP_BEFORE = re.compile(rf"\b(?i:{_GROUP_NOUNS})\s+(?:at|of|from|with)\s+(?:the\s+)?$")
_GROUP_NEAR = re.compile(rf"\b(?i:{_GROUP_NOUNS})\b")
_GROUP_AFTER = re.compile(rf"\s+(?i:{_GROUP_NOUNS})\b")
# Owners by a possessive that are no organisation: a place ("Texas's scientists", "New York's
# doctors", by its last word) or a time ("Today's economists").
_PLACES_AND_TIMES = """Africa America Americas Antarctica Arctic Asia Atlantic Australia Europe
    Pacific Caribbean Balkans Baltics Scandinavia Mideast Gulf Sahara Siberia Himalayas
    Afghanistan Albania Algeria Angola Argentina Armenia Austria Azerbaijan Bahrain Bangladesh
    Belarus Belgium Bolivia Bosnia Botswana Brazil Britain Bulgaria Burma Cambodia Cameroon
    Canada Chad Chile China Colombia Congo Croatia Cuba Cyprus Czechia Denmark Ecuador Egypt
    England Eritrea Estonia Ethiopia Finland France Gaza Georgia Germany Ghana Greece Greenland
    Guatemala Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy
    Jamaica Japan Jordan Kazakhstan Kenya Korea Kosovo Kuwait Laos Latvia Lebanon Liberia Libya
    Lithuania Luxembourg Madagascar Malawi Malaysia Mali Malta Mexico Moldova Mongolia
    Montenegro Morocco Mozambique Myanmar Namibia Nepal Netherlands Holland Nicaragua Niger
    Nigeria Norway Oman Pakistan Palestine Panama Paraguay Peru Philippines Poland Portugal
    Qatar Romania Russia Rwanda Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia
    Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tibet Tunisia
    Turkey Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia
    Zimbabwe Arabia Emirates Kingdom Zealand Alabama Alaska Arizona Arkansas California
    Colorado Connecticut Delaware Florida Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky
    Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana
    Nebraska Nevada Hampshire Jersey York Carolina Dakota Ohio Oklahoma Oregon Pennsylvania
    Rhode Island Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming Ontario
    Quebec Alberta Bavaria Catalonia Kong London Paris Berlin Tokyo Beijing Moscow Chicago Boston
    Houston Dallas Atlanta Seattle Detroit Angeles Francisco Diego Miami Philadelphia Denver
    Baltimore Toronto Sydney Delhi Mumbai Shanghai Rome Madrid
    Brussels Dublin Vienna Geneva Amsterdam Stockholm Oslo Istanbul Cairo Lagos Nairobi
    Jerusalem Tehran Baghdad Kyiv Kiev Warsaw Athens Lisbon Seoul Manila Jakarta Bangkok
    Nation Country World State City County Region Continent Capital Town Today Yesterday
    Tomorrow Tonight Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Spring Summer
    Autumn Winter Year Decade Century Generation"""
# A document or people of an organisation that is named: "a police report", "an FBI
# analysis" (not "federal survey data": the capitals only describe it); "Goldman Sachs
# analysts", "researchers at Stanford University", "IMF economists" (not "Democratic voters").
_OWNED = re.compile(
    rf"{_OWNED_DOCUMENT.pattern}"
    rf"|(?:\b[A-Z][\w&.'’-]*\s+[A-Z][\w&.'’-]*|\b[A-Z]{{2,}})\s+(?i:{_GROUP_NOUNS})\b"
    rf"|\b(?i:{_GROUP_NOUNS})\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z]"
    # "Google's researchers", "Pfizer’s scientists": a named party's people.
    rf"|\b(?!(?:{_trie(set(_PLACES_AND_TIMES.split()))})['’]s\b)[A-Z][\w&.-]*['’]s\s+"
    rf"(?i:{_GROUP_NOUNS})\b"
)
# An apposition that says a name is an organisation's: ", the law office representing
# Obama", ", a stockbroking firm" (not ", a spokesman for the firm").
_ORGANISATION_APPOSITION = re.compile(
    r",\s+(?:the|a|an|its)\s+(?:(?!(?:for|of|at|in|with|to|on)\b)[\w'’-]+\s+){0,4}?"
    r"(?:firm|company|office|group|organi[sz]ation|agency|nonprofit|non-profit|charity|tank"
    r"|institute|foundation|association|union|network|newspaper|outlet|website|publication"
    r"|magazine|bank|lender|insurer|retailer|manufacturer|maker|chain|giant|conglomerate"
    r"|watchdog|regulator|lobby|coalition|alliance|council|committee|department|ministry"
    r"|university|college|hospital|broadcaster|publisher|airline|utility|consultancy|fund"
    r"|authority|corporation|startup|start-up|subsidiary|party)s?"
    r"(?=\s*(?:$|[,;.)]|\s(?:that|which|whose|representing|based|in|of|for|at|with|owned|run"
    r"|founded|headed|led)\b))"
)
_POSSESSIVE_WORD = re.compile(rf"[{_UPPER}][{_LOWER}]+['’]s?")  # "Greenwood's"
_POSSESSIVE_LABEL = re.compile(r"['’]s\s")  # "PENCE'S RESPONSE:"
_WRITER_WORD = re.compile(r"(?:I|We|It)(?:['’]\w+)?")  # "I’ll report back"
_HE_OR_SHE = re.compile(r"\b(?:he|she|his|her)\b", re.I)
_TO = re.compile(r"\s+to\b")  # "she is said to have"
# A quotation's close before its verb, as the last character before it that is not white space
# (one look at the end, where a search of the whole text before the verb tried every place).
_QUOTATION_CLOSES = frozenset(",”\"’'‘")
_SPEAKER_END = re.compile(r"[,.;:“”\"(]")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_THE_ONE = re.compile(r"the\s+(?!\w+s\b)")
_LETTERS = re.compile(r"[A-Za-z]+")
_CLAUSE_BREAK = re.compile(r"[;:“”\"]")
_AUXILIARY = r"(?:has|have|had|will|would|also|then|again|later|[a-z]{2,}ly)"
_AUXILIARIES = re.compile(rf"(?:\s+{_AUXILIARY})+\s*$")
_LAST_AUXILIARY = re.compile(_AUXILIARY)  # the last word of every match of _AUXILIARIES
_APPOSITION = re.compile(r",([^,]{1,160}),\s*$")
_RELATIVE = re.compile(r"\s*who(?:se|m)?\b")


def _subjects_before(text: str) -> Iterable[str]:
    """The clause just before a reporting verb, where its subject usually stands, and the
    apposition it may hold ("One of the coauthors, Tomas Ferrin, said")."""
    clause = _CLAUSE_BREAK.split(text)[-1]
    last = clause.rsplit(None, 1)[-1:]  # a clause that ends in no auxiliary is searched no further
    if last and _LAST_AUXILIARY.fullmatch(last[0]):
        clause = _AUXILIARIES.sub(
            " ", clause
        )  # "Rubio has repeatedly said", "the mayor later told"
    apposition = _APPOSITION.search(clause)
    main = clause[: apposition.start()] if apposition else clause
    parts = main.rstrip(" ,").split(",")
    main = parts[-1]  # "Ahead of the talks, the Kremlin said"
    if len(parts) > 1 and _RELATIVE.match(main):
        main = parts[-2]  # "Manning, who apologized but said", "Biden, whose hopes ..., said"
    yield main[-90:].strip()
    if apposition:
        yield apposition.group(1).strip()


def _people(text: str, led: LedText | None = None) -> frozenset[str]:
    """The words an article uses as people's names: both parts of a full name ("Maria Okafor"),
    a titled name's last word ("Dr. Okafor") and a name given with an age ("Maria, 34,").
    `led`: the text as `sentence_patterns` read it, which finds the names and the titles from
    where their supersets start."""
    found = set(_AGED.findall(text)) if _AGE.search(text) else set()
    names = _NAME_ASCII if text.isascii() or not _ACCENTED.search(text) else _NAME
    for match in names.finditer(text) if led is None else led.finditer(names):
        # The run of name words that ends the match: "Senate Judiciary Committee Chairman
        # Chuck Grassley" gives "Chairman Chuck Grassley".
        words = match.group().split()
        run = len(words)
        while run and words[run - 1].lower().strip(".") not in _NOT_NAME_WORDS:
            run -= 1
        if len(words) - run >= 2 and not _DOCUMENT_WORD.fullmatch(words[-1]):
            found.update(words[run:])  # not "the General Social Survey"
    titles = _TITLES.finditer(text) if led is None else led.finditer(_TITLES)
    found.update(name.split()[-1] for name in map(_titled, titles) if name)
    return frozenset(map(_unpossessed, found))


def _titled(match: re.Match[str] | None) -> str:
    """The name after a title (`_TITLES`), or "" when its words are an organisation's
    ("General Motors", "the Justice Department")."""
    name = match.group(1).strip() if match else ""
    words = [_unpossessed(word).lower() for word in name.split()]
    if set(words) <= _NOT_NAME_WORDS or (words and _DOCUMENT_WORD.fullmatch(words[-1])):
        return ""  # "General Motors", "the General Social Survey"
    return name


def _person_name(subject: str, known_surnames: set[str]) -> str | None:
    """The person a subject names: a full or titled name, else a surname the article has
    named so far (`known_surnames`)."""
    name, rest = _full_name(subject)
    return name or _known_surname(rest, known_surnames)


def _full_name(subject: str) -> tuple[str, str]:
    """A titled name ("Sen. Bob Corker") or a full one ("Maria Okafor") in a subject, not an
    organisation's people ("Goldman Sachs analysts") nor an organisation ("the General Social
    Survey"), or ""; and the subject where a known surname is looked for (`_known_surname`),
    without the organisations it names as "X of Y"."""
    titled = _titled(_TITLES.search(subject))
    if titled:
        return titled, subject
    if _OF_FOR_ON.search(subject):
        subject = _ORGANISATION_OF.sub(" ", subject)
    group = None  # whether the subject names a group of people, read at its first name
    for match in _NAME.finditer(subject):
        if group is None:
            group = _GROUP_NEAR.search(subject) is not None
        if group and (
            _GROUP_AFTER.match(subject, match.end())
            or _GROUP_BEFORE.search(subject, 0, match.start())
        ):
            continue  # "Goldman Sachs analysts": an organisation's people
        words = [_unpossessed(w) for w in match.group().split()]
        while words and words[0].lower().strip(".") in _NOT_NAME_WORDS:
            words = words[1:]
        if (
            len(words) >= 2
            and not any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words)
            and not _DOCUMENT_WORD.fullmatch(words[-1])  # "the General Social Survey"
        ):
            return " ".join(words), subject
    return "", subject


def _known_surname(subject: str, known_surnames: set[str]) -> str | None:
    """A word of a subject that is a surname the article has named (or its plural or
    possessive: "the Okafors", "Okafor's")."""
    for word in _CAPITALISED.findall(subject) if known_surnames else ():
        if word in known_surnames or word.rstrip("s").rstrip("'’") in known_surnames:
            return word
    return None


def subject_gate() -> PatternGate:
    """The patterns a subject is searched for (`_group_kind`): most find nothing in most
    subjects, and one RE2 pass rules those out (an auditor holds one, audit/runtime/run.py)."""
    return PatternGate(
        [
            *(
                _REFERS_BACK,
                _BARE_GROUP,
                _ORGANISATION_SPOKESPERSON,
                _DESCRIBED,
                _ANONYMOUS_SUBJECT,
            ),
            *(_DOCUMENT_BY, _NAMED_DOCUMENT, _PARTY_GROUP, _THE_DOCUMENT, _POLL_SHARE, _SOMEONE),
            *(_OWNED, _VAGUE, _ACRONYM, _OFFICE_HOLDER),
        ]
    )


# The sentence searches that run only where they can match (`_possible`), by name (what
# cannot match a sentence cannot match the part before a verb either: `_NOT_A_SOURCE`'s
# strings or superset are in that part).
_GATED = (
    ("anonymity", _ANONYMITY),
    ("post_credit", _POST_CREDIT),
    ("by_agent", _BY_AGENT),
    ("hearsay", _HEARSAY),
    ("named_document", _NAMED_DOCUMENT),
    ("document_mention", _DOCUMENT_MENTION),
    ("vague_document", _VAGUE_DOCUMENT),
    ("participle", _PARTICIPLE),
    ("not_a_source", _NOT_A_SOURCE),
    ("share_of_group", _SHARE_OF_GROUP),
    ("spokesperson", _ORGANISATION_SPOKESPERSON),
)


def sentence_patterns() -> LedPatterns:
    """What an article's sentences, joined, are searched for from where each superset starts
    a match: the reporting verbs (`_verbs_by_sentence`) and the gated searches (`_possible`);
    and its whole text, for the names and titles of its people (`_people`: most of an
    article's capitals start neither) and its poll words (`_Polls`). An auditor holds one
    (audit/runtime/run.py)."""
    return LedPatterns(
        [
            *(_REPORTING, *(pattern for _, pattern in _GATED)),
            *(_NAME, _NAME_ASCII, _TITLES, _POLL_REPORTED),
        ]
    )


def unnamed_article(doc: Document, rule) -> Iterable[Hit]:
    """A whole article with no named source and no direct quote: nothing a reader can check."""
    min_words = rule.options.get("params", {}).get("min_words", 150)
    if doc.structure.word_count < min_words or not doc.structure.blocks:
        return
    found = sourcing(doc)
    if found.has_named_source or any(a.quoted for a in found.attributions):
        return
    structure = doc.structure
    headline = structure.blocks[structure.title_block or 0]  # the headline, else the first line
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(found.counts.items()) if kind != NONE)
    detail = f"{structure.word_count} words; attributions: {counts or 'none'}"
    yield Hit(headline.start, headline.end, f"{rule.message} ({detail})")
