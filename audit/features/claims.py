"""Check-worthy claims: sentences that state a checkable fact, and whether anyone stands behind them.

A classifier over the sentence's words, a score per word learned from word
vectors (so words the labelled sentences never showed still count), and a few
signs of a factual claim (figures, quantities, comparisons, past events; against
them promises, opinions and questions) finds the claims (docs/models.md). Each claim's
attribution comes from the attribution feature: named with a quote, named,
institutional, anonymous, vague or none. A claim nobody stands behind (none,
or only "experts say") is an unsupported-claim finding; named and quoted
sources are the positive evidence the score counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat

import numpy as np

from audit.features.attribution import NONE, VAGUE, _trie, sourcing
from audit.features.pattern_gate import GatedText, PatternGate, Reader, ungated
from audit.features.sentence_words import sentence_words
from audit.models.formats import TextLogit, ngrams
from audit.models.store import read_shipped
from audit.rules.model import Hit, Rule
from audit.style.lexicon import words
from audit.text.document import Document, Sentence

NGRAM = 2
_NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    trillion percent half quarter third twice double doubled tripled dozen dozens"""
)
_QUANTITY = words(
    """percent per cent rate rates million billion trillion dollars dollar pounds euros tax
    taxes jobs budget deficit debt cost costs spent spending paid price prices income
    wages unemployment growth votes voted vote"""
)
_COMPARISON = words(
    """more less fewer higher lower most least largest biggest highest lowest first last only
    every increase increased increases decrease decreased decreases cut cuts raised rose
    fell doubled tripled record since"""
)
_FUTURE = words("""will 'll gonna going want hope plan should must would""")
# Grouped by first word, so that `re` tries three branches at a word instead of sixteen; each
# opens with its letter and checks the word boundary before it behind, so that `re` looks for
# those three letters in compiled code instead of trying every position.
_OPINION = re.compile(
    r"(?:i(?<!\w.)(?: think| believe| feel| will| want| hope|'m going|n my view|n my opinion)"
    r"|l(?<!\w.)et(?: me|'s)|w(?<!\w.)e(?: need| must| should| will|'re going))\b"
)
# Marks of the past, counted (`_counts`): "was", "were", "did", "had", "has been", "have been"
# and a word of five characters or more ending in "ed" (as `\b\w{3,}ed\b` finds it, once a
# word). The word is found at its ending, an "e" after three word characters, and the others
# open with their letter and check the word boundary before it behind: `re` then looks for
# those four letters in compiled code instead of trying every position (half the time).
_PAST = re.compile(
    r"(?:e(?<=\w{4})d|w(?<!\w.)(?:as|ere)|d(?<!\w.)id|h(?<!\w.)a(?:d|s been|ve been))\b"
)
# A publisher's note about the page itself reports nothing about the world: a paragraph
# opening with a note's label ("Disclaimer:", "Editor's note:"), and a sentence about the
# page ("This story has been updated", "This article was generated in part...").
_NOTE_LABEL = re.compile(
    r"\W*(?:disclaimer|disclosure|editor[’']?s['’]? note|note to readers|note)(?:\s*[:–—]|\s+-)",
    re.IGNORECASE,
)
# Sentences that state nothing a reader would want sourced, whatever the model says: a
# question; the writer's own voice or experience ("One that I visited", "we should");
# a conditional or a forecast with no figure in it ("could be vetoed", "would have taken");
# a photo caption with its credit; a story told from its dateline ("CLEVELAND — Trump
# campaigned"); a transition too short to assert anything checkable.
_QUESTION = re.compile(r"\?[\s\"'”’)\]]*$")
_FIRST_PERSON_VOICE = re.compile(r"\b(?:I|me|my|myself|we|us|our|ourselves)\b|\bI['’]", re.I)
_MODAL = re.compile(r"\b(?:would|could|might|may|should|must|will|can)\b", re.I)
# A hypothetical or a projection, figure or not ("would see a net benefit worth 3 percent").
_CONDITIONAL = re.compile(r"\b(?:would|could|might)\b", re.I)
_PHOTO_CREDIT = re.compile(
    r"Getty Images|\bAP Photo\b|Image caption|Image copyright|\bPhoto(?:graph)?:|Photo by\b"
    r"|\bCaption\b"  # a gallery's label: "Hide Caption 3 of 13", "Photo Caption:"
    r"|\bREUTERS/|/Reuters\b|\bAFP\b|/AFP|Shutterstock"
    r"|\([A-Z][\w.&-]*/[A-Z][\w.' -]*\)"  # a credit in brackets: "(WTOP/Nick Iannelli)"
)
# One of these is in every match of _PHOTO_CREDIT: a paragraph without them is searched no further.
_CREDIT_MARKS = ("Photo", "Image ", "Getty Images", "AFP", "Shutterstock", "/", "Caption")
_DATELINE = re.compile(r"\s*[A-Z][A-Z .,'-]{2,40}(?:\([\w ]+\))?\s+[—–-]{1,2}\s")
_MIN_WORDS = 6
# The evidence a sentence needs to be reported (UNS006's `min_evidence` overrides it).
_MIN_EVIDENCE = 1
# A story told about a person ("She was ordered to appear again next month", "Technically she was
# still on leave"): the person's own account or public record, not a finding to source;
# a statistic in it still is one.
_PERSON_STORY = re.compile(
    r"\W*(?:\w+,?\s+){0,2}?(?:he|she)\s+(?:was|had|has|is|did)\b"
    # A person introduced with an age, as a profile does: "Married with three children,
    # Gillum, 40, has maintained a high profile".
    r"|.*?\b(?-i:[A-Z])[\w'’-]+,\s+(?:age\s+)?\d{1,3},\s+(?:\w+\s+)?(?:was|had|has|is|did)\b",
    re.I,
)
# A market's move told from the exchange's figures ("The Dow fell 500 points, or 2%", "Schwab
# shares gained 2.3% Monday", "crude rose 24 cents to settle at $58.01"): public record. The
# subject is a market (an index, a company's shares, stocks or bond yields told as such, not
# "cod stocks" or "wheat yields"), and the figure follows the move in its clause: not one
# told after "as", "after", "because" or a comma ("Gold prices climbed as inflation hit 9
# percent"; "fell as much as 2%" and "rose 31 cents, or 0.6%" are the move's).
_IN_THE_CLAUSE = (
    r"(?:\bas (?:much|many|high|low|little|far) as\b|,\s+(?=(?:or|up|down|off)\b)"
    r"|(?!\b(?:as|after|because|while|since|when|but|though|although|amid|despite|and|until"
    r"|before)\b)[^,;.]|[.,](?=\d))*?"
)
_MARKET_MOVE = re.compile(
    r"(?:\b(?:Dow|Nasdaq|S&P|FTSE|Nikkei|Hang Seng|DAX|Stoxx|Russell 2000|Sensex|Treasur(?:y|ies)"
    r"|futures|crude|Brent|oil prices|gold prices)"
    # Stocks, shares or yields opening their clause or told as a market's.
    r"|(?<!\w )(?<!\w)(?:stocks|shares|yields)"
    r"|\b(?:U\.S\.|US|American|European|Asian|Chinese|Japanese|British|German|global|world|tech"
    r"|technology|bank|energy|airline|blue-chip|bond|Treasury|\d+-year|two-year|ten-year) "
    r"(?:stocks|shares|yields?)"
    # A company's: "shares of Schwab", "shares of the company", "Schwab shares", "Tesla's stock",
    # "the company's stock", "the stock".
    r"|\b(?:(?:company|firm|bank|lender|insurer|retailer|carrier)['’]s|its|their|the) (?:shares|stock)"
    r"|\bshares of (?:(?-i:[A-Z])[\w.&'’-]*|(?:the|its|their|both) [\w-]+(?: [\w-]+)??)"
    r"|\bstocks of (?:the|both) (?:[\w-]+ )??(?:compan(?:y|ies)|firms?|banks?|lenders?|insurers?"
    r"|retailers?|carriers?|airlines?|automakers?|chipmakers?)"
    r"|\b(?!(?:the|a|an|these|those|this|that|some|many|most)\b)(?-i:[A-Z])[\w.&-]*(?:['’]s)? (?:shares|(?<!housing )(?<!capital )stock))\b"
    # Not a stock of goods: "the company's stock of vaccines", "stocks of grain".
    r"(?!\s+of\b)"
    r"(?:[^.;]|\.(?=\d))*?\b(?:rose|risen|fell|fallen|gained|lost|dropped|slipped|climbed|jumped|sank"
    r"|tumbled|plunged|surged|soared|advanced|declined|edged|finished|closed|settled|ended"
    r"|(?:is|was|were|are) (?:up|down|off|flat))\b"
    rf"{_IN_THE_CLAUSE}(?:%|\b(?:percent|points|cents|to (?:settle|close|finish|end) at|a barrel"
    r"|an ounce)\b)",
    re.IGNORECASE,
)
# A statistic beside a market's move, which a reader wants sourced as any other: one told with
# a figure of its own ("the unemployment rate doubled to 10 percent"), not a cause of the move
# named without one ("after the Fed raised interest rates").
_BESIDE_A_MARKET = re.compile(
    r"\b(?:rates?|median|per capita|inflation|unemployment|jobless|GDP|(?<!industrial )average)\b"
    r"[^.;]{0,40}?\d",
    re.IGNORECASE,
)
# A decision made public by whoever took it: "after announcing levies of 15 percent", "the
# council agreed to dismantle the department".
_ANNOUNCED = re.compile(r"\bannounc(?:ed|ing|es)\b|\bagree(?:d|s|ing)?\s+to\b", re.I)
_STATISTIC = re.compile(r"%|\b(?:percent|per cent|rate|average|median|per capita)\b", re.I)
# What makes an assertion specific enough that a careful reader wants its source: a figure
# or quantity, a ranking or record, a cause or a motive, hearsay. A plain account of a
# public event ("Kerry appeared on the show on Friday") is the reporter's to tell.
_DATE_OR_TIME = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b(?:1[89]|20)\d\d(?:s|['’]s)?\b|\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b",
    re.IGNORECASE,
)
# Kept as three searches, one of which must find something (`_specific`): a figure; a word,
# as one alternation with shared beginnings factored out (attribution._trie), which `re`
# tries once at a word instead of once per listed word; or a phrase.
_FIGURE = re.compile(r"\d")
_SPECIFIC_WORDS = words(
    """hundred hundreds thousand thousands million millions billion billions trillion trillions
    dozen dozens percent half third quarter twice double doubles doubled triple tripled majority
    minority largest biggest highest lowest smallest worst best most least record unprecedented
    never always every none because caused causes blamed planning intended secretly privately
    reportedly allegedly apparently supposedly purportedly rumored rumoured"""
)
_SPECIFIC_WORD = re.compile(rf"\b(?:{_trie(_SPECIFIC_WORDS)})\b", re.IGNORECASE)
_SPECIFIC_PHRASE = re.compile(
    r"\b(?:per cent|first time|(?<!not )(?<!from )the only|led to|leads to|resulted in|due to"
    r"|responsible for|in order to|aimed at|sought to|seeks? to|tried to|plans? to|wanted to"
    r"|behind closed doors|is said to|are said to|was said to|were said to|believed to)\b",
    re.IGNORECASE,
)

# Figures that name rather than count: an ordinal ("the 42nd president", "21st century"), a
# code or model ("COVID-19", "W-2", "F-35", "H.R. 1", "Prop 8", "Section 230"), a team ("49ers").
_NAMING_FIGURE = re.compile(
    r"\b\d[\d,]*(?:st|nd|rd|th|ers)\b|\b[A-Z][A-Za-z.]*-?\d+[A-Za-z]*\b"
    r"|\b(?:No|Prop|Proposition|Title|Article|Section|Amendment|Rule|Route|Highway|Interstate"
    r"|H\.R|District|Ward|Precinct|Chapter|Phase|Stage|Category|Level|Channel|Flight|Act)\.?\s+\d+\b"
    # A stock quote run into the text after its ticker ("Acme's ACM, -0.21% stock", "crude
    # CL.1, +0.77%"), not a change told after a country's or a union's code ("in the US, +2.1%").
    r"|(?<=[A-Z0-9], )(?<!\bUS, )(?<!\bUK, )(?<!\bEU, )(?<!\bUN, )(?<!\bUSA, )(?<!\bUAE, )"
    r"[+\-−]\d+(?:[.,]\d+)?%"
)
# A table or list run into one "sentence" (names and figures with few lower-case words between
# them), or a link or a contact line ("Call reporter Tony Cook at (317) 444-6081"): page
# furniture, not an assertion.
_WORD_INITIAL = re.compile(r"([^\W\d_])[\w'’-]*|\d[\d.,]*")
# Each searched only in a sentence holding what every match of it holds (`_has_link`): most
# sentences hold neither an address's marks nor a figure.
_WEB_ADDRESS = re.compile(r"https?://|\bwww\.|\bpic\.twitter\.com/|\b[\w.+-]+@[\w-]+\.[\w.]+")
_WEB_MARKS = ("://", "www.", "pic.twitter.com/", "@")
_PHONE = re.compile(r"\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b")
# Election results and placings are public record told as news ("3.1% of the vote", "came in
# third", "in sixth place"), which the guideline does not ask a reporter to source.
_RESULT = re.compile(
    r"\b(?:percent|per cent|%)\s+of\s+the\s+(?:vote|votes|ballots|delegates)\b"
    r"|\b(?:came|finished|placed)\s+(?:in\s+)?(?:first|second|third|fourth|fifth|sixth|last)\b"
    r"|\bin\s+(?:first|second|third|fourth|fifth|sixth|seventh|last)\s+place\b"
    r"|\bwith\s+all\s+precincts\s+reporting\b",
    re.IGNORECASE,
)
# What a public text provides, told from the text itself: "The bill also creates a $25 voucher".
_PUBLIC_TEXT = re.compile(
    r"\W*(?:under\s+)?(?:the|this|that)\s+(?:[\w-]+\s+)?(?:bill|law|act|legislation|measure"
    r"|ordinance|amendment|treaty|ruling|decision|order|regulation|rule)s?\b(?!\s+(?:was|were|is|are)\b)",
    re.IGNORECASE,
)
_ABOUT_THE_PAGE = re.compile(
    r"\W*this\s+(?:article|story|post|content|page|piece|newsletter|video)\b", re.IGNORECASE
)


def _unless_after(word: str, before: str) -> str:
    """`word`, unless one of the words of `before` stands just before it ("_" for a space
    inside one: "on_the"; one ending in "-" is joined to the word without a space, and one
    opening with a non-letter, as "’s", is not held to a word boundary). Each is a
    lookbehind read after the word, so that a search tries them only where the word is."""
    guards = []
    for prefix in before.split():
        prefix = prefix.replace("_", " ")
        joined = prefix if prefix[-1] in "-" else prefix + " "
        bound = r"\b" if prefix[0].isalpha() else ""
        guards.append(f"(?<!{bound}{re.escape(joined)}{word})")
    return word + "".join(guards)


# The words before "half", "third" or "quarter" that make it a part of a period.
_PERIOD_ORDINALS = "first second third fourth last final latter former"
# The parts of a whole that a word of _PERIOD_ORDINALS before them makes a part of a period.
_PARTS = ("half", "third", "quarter", "two-thirds", "three-quarters", "majority", "minority")
# The words before "record" that make it a history ("her record", "the public record", "on
# record", "off-the-record", "no record of violence").
_HISTORY_OWNERS = (
    "’s 's his her its our my your their public criminal track voting on on_the off_the "
    "off-the- for_the no"
)
# What a record is set in when "record" qualifies it ("the company's record profits", "its
# record harvest", "Texas's record drought"): a ranking whoever owns it.
_RECORD_MEASURES = words(
    """high highs low lows level levels number numbers amount amounts sum sums profit profits
    revenue revenues sales earnings loss losses gain gains deficit deficits debt debts price
    prices growth demand supply output production exports imports spending investment
    donations turnout attendance enrollment enrolment crowd crowds harvest harvests crop crops
    yield yields heat cold warmth temperature temperatures rain rainfall snow snowfall drought
    droughts flood floods flooding fire fires wildfire wildfires storm storms year years month
    months quarter week day time times pace margin margins fine fines settlement haul"""
)
# What holds a record (who set it, broke it or holds it): "set a world record", "broke the
# record", "a record the team still holds", "her record still stands"; not an archive's
# ("holds the record of every marriage"), though "a world record of 9.58 seconds" is one.
_RECORD_SET = (
    r"\b(?:set|sets|setting|broke|breaks|breaking|broken|holds?|held|holding|tied|ties|tying"
    r"|equall?ed|shattered|smashed|eclipsed)\s+(?:(?:a|an|the|his|her|its|their|our|my|your"
    r"|[\w-]+['’]s|new|own|world|national|state|all-time|previous|career|personal|school"
    r"|club|league|season|single-season|course|olympic|indoor|outdoor)\s+){0,3}record\b"
    r"(?!\s+of\s+(?!\d|\$))"
    r"|\brecord(?=(?:\s+(?:that|which|[\w'’-]+)){0,3}?\s+(?:still\s+)?(?:holds|held|stands"
    r"|stood)\b)(?!\s+(?:shows?|showed|of|on|is|was|as|in)\b)"
)


# Positive evidence that an unsourced claim is the writer's own assertion of something a
# careful reader would want sourced, each sign with its weight: a statistic stated as fact
# ("40 percent of renters", "one in five"), hearsay ("reportedly", "is said to"), a
# ranking or record, a cause or motive, a trend, a toll or cost with its figure, an
# estimate. A vague source in the sentence or beside it weighs as hearsay does.
_SHARE = re.compile(
    r"%|\b(?:percent|per cent|percentage points?|per capita|average|median|ratio|proportion"
    # A rate a law or a bank sets ("the tax rate", "mortgage rates") is no statistic.
    rf"|{_unless_after('rate', 'tax interest marginal benchmark mortgage exchange tariff policy lending hourly')}s?"
    r"|(?:more|less) likely"
    r"|(?:\d[\d.,]*|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred) times"
    r" (?:more|less|as)"
    # A part of a period or of a measure is no share ("the first half of the century", "a
    # quarter of a mile").
    rf"|(?:{'|'.join(_unless_after(part, _PERIOD_ORDINALS) for part in _PARTS)})"
    r" of(?! an? (?:mile|century|hour|minute|day|week"
    r"|month|year|decade|inch|foot|yard|metre|meter|kilometre|kilometer|pound|ton|gallon|block)\b"
    # ... unless the measure owns what is shared: "half of an hour's wage".
    r"(?!['’]s\b))"
    # Not a sum of money in steps: "$9 in two phases".
    r"|(?:one|two|three|four|five|\d(?<![$£€]\d)[\d,]*) (?:out )?(?:in|of) (?:every )?(?:two|three"
    r"|four|five|six|seven|eight|nine|ten|\d[\d,]*)(?! (?:years|months|weeks|days)))\b",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"\b(?:reportedly|allegedly|supposedly|purportedly|rumou?red"
    r"|(?:is|are|was|were) (?:said|believed|thought|rumou?red) to)\b",
    re.IGNORECASE,
)
# A superlative that judges rather than ranks: "the biggest problem", "the only possible
# conclusion", "the only way out" weigh an argument, not a count. So do "at worst", a
# "worst-case" scenario and "the highest court" (a name for the Supreme Court).
_JUDGEMENTS = words(
    """problem problems concern concerns question questions challenge challenges issue issues
    threat threats obstacle obstacles hurdle hurdles worry worries fear fears mistake mistakes
    regret regrets achievement achievements lesson lessons surprise surprises irony difference
    reason reasons way ways option options choice choices alternative alternatives solution
    solutions answer answers conclusion conclusions hope hopes priority priorities danger
    dangers risk risks thing things grace"""
)
_RANKING = re.compile(
    r"\b(?:(?:largest|biggest|highest|lowest|smallest|worst|fastest|slowest|richest|poorest"
    r"|deadliest|costliest|(?<!not )(?<!from )the only)\b(?<!\bat worst)"
    rf"(?!(?:[\s“”\"]+[\w-]+)?[\s“”\"]+(?:{'|'.join(sorted(_JUDGEMENTS))})\b|-case\b|\s+courts?\b"
    # A rank held, not a ranking claimed ("the state's highest-ranking Republican"); the worst
    # of something as its hardest part ("the city saw the worst of the storm").
    r"|[\s-]ranking\b|(?<=worst)\s+of\b)"
    # "record" as a ranking ("a record 30 inches", "record numbers", "the previous record"),
    # not the noun of a history ("her record", "his track record", "a criminal record", "the
    # public record", "on record", "off the record", "the record shows", "no record of
    # violence") or the verb ("didn't record his encounter").
    # A record held or set, and a record of a measure or with its figure, rank whoever owns
    # them ("Bolt set a world record of 9.58 seconds", "the company's record profits").
    rf"|{_RECORD_SET}|record(?=\s+(?:\d|(?:{_trie(_RECORD_MEASURES)})\b))"
    rf"|{_unless_after('record', _HISTORY_OWNERS)}\b"
    r"(?!\s+(?:of|on|shows?|showed|the|a|an|his|her|their|its|it|them|what|how)\b)"
    r"|unprecedented|first time|most \w+ (?:in|of|since|ever)\b)",
    re.IGNORECASE,
)
# A cause or a motive, not a word of its shape that names neither: "causes" as a noun ("social
# causes", "the causes of the crash"), a cause made an adjective ("human-caused warming"), a
# target ("chants aimed at the governor"), the idiom of a question ("wanted to know"), a
# stretch of time ("in the weeks leading to the vote") and a schedule ("due to be published").
_NOT_A_VERB_AFTER = "the these those its their his her our your my of for social political"
_CAUSE = re.compile(
    r"\b(?:because|(?<!\w-)(?:caused|causing)"
    rf"|(?<!\w-){_unless_after('causes', _NOT_A_VERB_AFTER)}"
    r"(?!\s+(?:of|that|which|and|or|are|were|is|was|have|had|they|we|he|she|since|in|for"
    r"|at(?!\s+least)"
    r"|on|from|with|like|such|including)\b|\s*[,.;:)—–-])"
    r"|led to|leads to|(?<!days )(?<!weeks )(?<!months )(?<!years )(?<!hours )leading to"
    r"|resulted in|as a result of|blamed"
    # "due to" a cause, not a schedule ("the report was due to be published on Sunday").
    r"|due to(?!\s+(?:be|begin|start|end|open|take|meet|arrive|expire|return|resume|appear"
    r"|testify|publish|finish|go|come)\b(?!-))"
    r"|responsible for|in order to|sought to|seeks? to|tried to|intended to"
    r"|aimed at\s+(?!(?:a|an|the|his|her|its|their|our|my|your|this|that|these|those)\b)"
    r"(?:\w+\s+)?(?-i:[a-z])\w*ing"
    r"|wanted to(?!\s+know\b)|secretly|privately|behind closed doors)\b",
    re.IGNORECASE,
)
# A change in a quantity, not the idioms of its verbs: "fell ill", "fell in love", "grew up",
# "rose to power", "a rising star", "fell back on", "fallen from grace", "dropped out",
# "doubled down", "grew tired" (but "fell short" of a figure and "grew worse" are changes).
_TREND = re.compile(
    r"\b(?:(?:rose|risen|rising)(?!\s+(?:to\s+(?:power|prominence|fame)|star)\b)"
    r"|(?:fell|fallen|falling)(?!\s+(?:ill|asleep|silent|in love|apart|victim|flat"
    r"|from grace|prey|back(?:\s+\w+ly)?\s+on)\b)"
    r"|increased|increasing|decreased|decreasing"
    r"|declined|declining|dropped(?!\s+out\b)|dipped|doubled(?!\s+down\b)|tripled|surged"
    r"|soared|plunged|plummeted"
    r"|(?:grew|grown|growing)(?!\s+(?:up|tired|weary|older|closer|apart|impatient"
    r"|frustrated|angry|louder|quiet|cold)\b)"
    r"|shrank|shrunk|jumped|climbed|slumped)\b",
    re.IGNORECASE,
)
_TOLL = re.compile(
    r"\b(?:cost|costs|costing|lost|losing|kill|kills|killed|killing|injured|wounded|died|deaths?|dead"
    r"|die|dies|damaged|destroyed|displaced|evacuated|infected|contracted|saved)\b",
    re.IGNORECASE,
)
# An estimate, which someone made and a reader wants to know who ("an estimated 150,000
# people", "estimated at 4,000,", "roughly 700 homes"): the figure closes its clause or counts
# something, a plural noun that is no unit of measure (not "approximately 100 miles", "roughly
# 2½ hours", "weighed roughly 20 pounds", "approximately 90 mph"), or it is a sum of money.
_MEASURES = words(
    """years months weeks days hours minutes seconds decades centuries times points percentage
    miles kilometers kilometres kms feet yards meters metres inches centimeters centimetres
    millimeters millimetres blocks laps stories storeys floors acres hectares square knots
    pounds lbs ounces tons tonnes grams kilograms kilos kgs gallons liters litres barrels
    degrees calories watts kilowatts megawatts gigawatts volts mph kph km kg lb mi ft cm mm"""
)
_MEASURE = rf"(?:{'|'.join(sorted(_MEASURES))})\b"
_ABOUT_FIGURE = r"\d(?:[\d,.]*\d)?[½¼¾]?(?![\d½¼¾])"
_ESTIMATE = re.compile(
    r"\b(?:an estimated|estimated at|(?:is|are|was|were) estimated(?: to (?:be|have|number|total))?"
    rf"|roughly|approximately)\s+(?:[$£€]\d|{_ABOUT_FIGURE}(?:\s*(?:-|–|to)\s*{_ABOUT_FIGURE})?"
    r"(?:\s+(?:hundred|thousand|million|billion|trillion|dozen))?"
    r"(?=\s*(?:[,;.)]|$)"
    rf"|\s+(?:(?!(?:of|for|in|on|at|by|from|with|to|and|or|than|per)\b|{_MEASURE})[a-z-]+\s+)?"
    rf"(?!{_MEASURE})(?:people|children|men|women|police|staff|personnel|cattle|sheep|livestock"
    r"|[a-z-]*[a-hj-rtv-z]s)\b))",
    re.IGNORECASE,
)
_QUANTITY_WORDS = re.compile(r"\b(?:dozens|hundreds|thousands|millions|billions)\b", re.I)
# Signs of an account a reader accepts without a source: a public act told as news with its
# named actor as the subject ("The City Council then approved ...", "In August, the Fed
# raised ..."), and background history ("In the 1950s, ...").
_PUBLIC_ACT = re.compile(
    r"(?:[^,]{0,40},\s+)?(?:(?:the|a)\s+)?(?P<name>(?:[A-Z][\w.'’&-]*\s+){1,6})"
    r"(?:[a-z-]+\s+){0,2}?(?:(?:then|also|has|have|had|long|later|quickly)\s+)*"
    r"(?!(?:was|were|is|are|had|has|have)\b)[a-z]+ed\b"
)
_HISTORY = re.compile(
    r"\b(?:in|during|by) the (?:1\d|20)(?:th|st) century\b|\b(?:in|during) the (?:1[89]|20)\d0s\b"
    r"|\bcentur(?:y|ies) ago\b|\b(?:in|by|during) (?:1[89]\d\d)\b"
    # A season or a month of a year before 2000: "in August 1945", "in the summer of 1848".
    r"|\b(?:in|by|during|until) (?:(?:the )?(?:early |late )?(?:spring|summer|autumn|fall|winter) of"
    r"|(?:early |late |mid-)?(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)(?: \d{1,2},?)?) 1[89]\d\d\b",
    re.IGNORECASE,
)
EVIDENCE_WEIGHTS = {
    "a vague source": 2,
    "hearsay": 2,
    "a statistic": 2,
    "a ranking or record": 1,
    "a cause or motive": 1,
    "a trend": 1,
    "a toll or cost": 1,
    "an estimate": 1,
    "a public act told as news": -1,
    "background history": -1,
}


def evidence(
    text: str,
    support: str,
    reads: tuple[GatedText, GatedText] | None = None,
) -> tuple[tuple[str, ...], int]:
    """The signs that an unsourced sentence is the writer's own assertion of something a
    reader would want sourced, or an account told as news, and their summed weight
    (`reads`: the text's `_reads`, when the caller has them)."""
    read, read_counted = _reads(text) if reads is None else reads
    figure = _has_digit(read_counted.text) or bool(read_counted.search(_QUANTITY_WORDS))
    act = read.match(_PUBLIC_ACT)
    found = (
        ("a vague source", support == VAGUE),
        ("hearsay", bool(read.search(_HEARSAY))),
        ("a statistic", bool(read_counted.search(_SHARE))),
        ("a ranking or record", bool(read.search(_RANKING))),
        ("a cause or motive", bool(read.search(_CAUSE))),
        ("a trend", bool(read.search(_TREND))),
        ("a toll or cost", figure and bool(read.search(_TOLL))),
        ("an estimate", bool(read_counted.search(_ESTIMATE))),
        ("a public act told as news", act is not None and _names_an_actor(text, act)),
        ("background history", bool(read.search(_HISTORY))),
    )
    signs = tuple(name for name, present in found if present)
    return signs, sum(EVIDENCE_WEIGHTS[name] for name in signs)


def gate() -> PatternGate:
    """The patterns an unsupported claim's checks search each sentence for (`_reads`): most
    find nothing in most sentences, and one RE2 pass rules those out (an auditor holds one,
    audit/runtime/run.py)."""
    return PatternGate(
        [
            *(_CONDITIONAL, _MODAL, _RESULT, _PUBLIC_TEXT, _ANNOUNCED, _PERSON_STORY, _STATISTIC),
            _MARKET_MOVE,
            *(_SPECIFIC_WORD, _SPECIFIC_PHRASE, _QUANTITY_WORDS, _PUBLIC_ACT, _HEARSAY, _SHARE),
            _ESTIMATE,
            *(_RANKING, _CAUSE, _TREND, _TOLL, _HISTORY, _DATE_OR_TIME, _NAMING_FIGURE),
        ]
    )


def _reads(text: str, reader: Reader = ungated) -> tuple[GatedText, GatedText]:
    """The sentence and its `_counted` form, each with the gated patterns that may match it
    (one read when nothing was blanked: then they are the same text), read through the
    claims' gate (`gate`) or not."""
    read = reader(text)
    counted = _counted(read)
    return read, read if counted is text else reader(counted)


def _counted(read: GatedText) -> str:
    """The text with its dates, times and naming figures blanked: the figures left count.
    Each of those holds a figure, so a text with none is kept as it is, and so is one that
    neither may match (`read`: by the gate; once a date is blanked, a naming figure may
    span the blank)."""
    text = read.text
    if not _FIGURE.search(text):
        return text
    if read.may_match(_DATE_OR_TIME):
        return _NAMING_FIGURE.sub(" ", _DATE_OR_TIME.sub(" ", text))
    return _NAMING_FIGURE.sub(" ", text) if read.may_match(_NAMING_FIGURE) else text


def _has_digit(text: str) -> bool:
    """Whether any character is a digit (str.isdigit, which counts "²" as `\\d` does not):
    in ASCII text, where the two agree, by one search in compiled code."""
    return bool(_FIGURE.search(text)) if text.isascii() else any(map(str.isdigit, text))


def _names_an_actor(text: str, act: re.Match[str]) -> bool:
    """The capitals before the act name someone: more than the sentence's first word."""
    return act.start("name") > 0 or len(act["name"].split()) > 1


DENSE_NAMES = (
    "log_words",
    "figures",
    "number_words",
    "quantity_words",
    "comparisons",
    "future_words",
    "opinion_phrases",
    "past_marks",
    "first_person",
    "second_person",
    "question",
    "names",
    "years",
)


_FIRST_PERSON = words("i me my we our us")
_SECOND_PERSON = words("you your")
# Each opens with its first character and checks the word boundary before it behind (\b[A-Z],
# \b(?:1[89]|20)), so that re looks for that character in compiled code instead of trying
# every position: the same matches in about half the time.
_CAPITALISED = re.compile(r"[A-Z](?<!\w.)[a-z]+")
_YEAR = re.compile(r"(?:1[89]|20)(?<!\w..)\d\d\b")
_COLUMN = {name: i for i, name in enumerate(DENSE_NAMES)}


def _word_columns() -> dict[str, tuple[int, ...]]:
    """The count columns each listed word adds to, so a sentence costs one look-up per word."""
    lists = {
        "figures": frozenset({"0"}),
        "number_words": _NUMBER_WORDS,
        "quantity_words": _QUANTITY,
        "comparisons": _COMPARISON,
        "future_words": _FUTURE,
        "first_person": _FIRST_PERSON,
        "second_person": _SECOND_PERSON,
    }
    out: dict[str, tuple[int, ...]] = {}
    for name, listed in lists.items():
        for word in listed:
            out[word] = (*out.get(word, ()), _COLUMN[name])
    return out


def _word_matrix() -> tuple[dict[str, int], np.ndarray]:
    """Each listed word's index and its row of count columns (a word may count in two)."""
    columns = _word_columns()
    index = {word: i for i, word in enumerate(columns)}
    matrix = np.zeros((len(index), len(DENSE_NAMES)))
    for word, i in index.items():
        for column in columns[word]:
            matrix[i, column] += 1.0
    return index, matrix


_WORD_INDEX, _WORD_MATRIX = _word_matrix()


@cache
def shipped() -> TextLogit:
    """The shipped model (an auditor passes its own in its documents' analysis)."""
    return TextLogit.from_dict(read_shipped("claims"), DENSE_NAMES)


@dataclass(frozen=True, slots=True)
class Claim:
    sentence: Sentence
    probability: float
    attribution: str  # named_quote | named | institutional | anonymous | vague | none
    support: str  # the kind behind it as read in its paragraph (attribution.Attribution.support)


def dense_row(words: Sequence[str], text: str) -> list[float]:
    """Signs of a factual claim in one sentence (`words` folded lower case, `text` as written)."""
    return dense_rows([words], [text])[0].tolist()


def dense_rows(units: Sequence[Sequence[str]], texts: Sequence[str]) -> np.ndarray:
    """The signs of a factual claim in each unit, counted over the whole batch at once: its
    listed words by look-up, its phrases and names by regex, each count over the unit's
    length."""
    lengths = np.fromiter(map(len, units), np.intp, len(units))
    rows = np.zeros((len(units), len(DENSE_NAMES)))
    flat = [word for words in units for word in words]
    listed = np.fromiter(map(_WORD_INDEX.get, flat, repeat(-1)), np.intp, len(flat))
    found = listed >= 0
    unit_of = np.repeat(np.arange(len(units)), lengths)
    np.add.at(rows, unit_of[found], _WORD_MATRIX[listed[found]])
    lower = [" ".join(words) for words in units]
    rows[:, _COLUMN["opinion_phrases"]] = _counts(_OPINION, lower)
    rows[:, _COLUMN["past_marks"]] = _counts(_PAST, lower)
    rows[:, _COLUMN["names"]] = np.maximum(_counts(_CAPITALISED, texts) - 1, 0)
    rows /= np.maximum(lengths, 1)[:, None]
    rows[:, _COLUMN["log_words"]] = [math.log1p(n) for n in lengths.tolist()]
    rows[:, _COLUMN["question"]] = [text.rstrip().endswith("?") for text in texts]
    rows[:, _COLUMN["years"]] = _counts(_YEAR, texts) > 0
    return rows


def _counts(pattern: re.Pattern[str], pieces: Sequence[str]) -> np.ndarray:
    """How many matches of `pattern` each piece holds: `findall`'s list of each, which costs
    less than a match object for every match of the pieces joined (names are many)."""
    return np.fromiter(map(len, map(pattern.findall, pieces)), float, len(pieces))


def features(
    units: Sequence[Sequence[str]], texts: Sequence[str]
) -> tuple[list[set[str]], np.ndarray]:
    return [ngrams(words, NGRAM) for words in units], dense_rows(units, texts)


def predict(docs: Sequence[Document], model: TextLogit) -> list[np.ndarray]:
    """Each document's per-sentence probabilities of a check-worthy claim, from one
    prediction over every sentence of the batch."""
    per_doc = [sentence_words(doc, skip_quotes=False) for doc in docs]
    words = [unit.words for units in per_doc for unit in units]
    texts = [doc.text[s.start : s.end] for doc in docs for s in doc.structure.sentences]
    per_document = [len(units) for units in per_doc]
    return model.per_sentence(words, dense_rows(words, texts), per_document)


def sentence_probabilities(doc: Document) -> np.ndarray:
    """The per-sentence probabilities of the analysis (computed now for a document alone)."""
    analysis = doc.analysis
    return analysis.once("claims", lambda: predict([doc], analysis.model("claims", shipped))[0])


def claims(doc: Document) -> tuple[Claim, ...]:
    """Every check-worthy sentence of the article body with its attribution, leaving out
    the publisher's notes about the page itself (disclaimers, editor's notes)."""
    return doc.analysis.once("found_claims", lambda: _claims(doc))


def _claims(doc: Document) -> tuple[Claim, ...]:
    threshold = doc.analysis.model("claims", shipped).threshold
    probs = sentence_probabilities(doc)
    found = sourcing(doc)
    notes = _publishers_notes(doc)
    out = []
    for attribution, p in zip(found.attributions, probs, strict=True):
        sentence = attribution.sentence
        if p < threshold or sentence.start < doc.structure.body_start:
            continue
        if sentence.block in notes or _ABOUT_THE_PAGE.match(doc.text, sentence.start):
            continue
        out.append(Claim(sentence, float(p), attribution.label, attribution.support))
    return tuple(out)


def _nothing_to_source(
    doc: Document,
    sentence: Sentence,
    support: str,
    captions: dict[int, bool] | None = None,
    reads: tuple[GatedText, GatedText] | None = None,
) -> str | None:
    """Why a check-worthy sentence needs no source after all, or None. `captions`: whether
    each block looked at so far holds a photo credit (a paragraph's sentences share one);
    `reads`: the sentence's `_reads`, when the caller has them."""
    text = doc.text[sentence.start : sentence.end]
    digits = bool(_FIGURE.search(text))
    if _not_prose(text, digits):
        return "a table, list or link, not a sentence"
    read, read_counted = _reads(text) if reads is None else reads
    counted = read_counted.text
    figure = _has_digit(counted)
    if not _specific(counted, read_counted):
        return "nothing specific to check"
    if _QUESTION.search(text):
        return "a question"
    if _FIRST_PERSON_VOICE.search(_outside_quotes_text(doc, sentence)):
        return "the writer's own voice"
    if len(text.split()) < _MIN_WORDS and not figure:
        return "a transition"
    if support == NONE and (read.search(_CONDITIONAL) or (read.search(_MODAL) and not figure)):
        return "a conditional or forecast"
    if read.search(_RESULT):
        return "an election result or placing (public record)"
    if read.search(_MARKET_MOVE) and not read.search(_CAUSE) and not read.search(_BESIDE_A_MARKET):
        return "a market's move (public record)"
    if read.match(_PUBLIC_TEXT):
        return "what a bill, law or ruling says (public record)"
    block = doc.structure.blocks[sentence.block]
    captions = {} if captions is None else captions
    if block.index not in captions:
        captions[block.index] = _photo_credit(doc.text, block.start, block.end)
    if captions[block.index]:
        return "a photo caption"
    if sentence.start == block.start and _DATELINE.match(doc.text, sentence.start):
        return "reported from the dateline's scene"
    if read.search(_ANNOUNCED) and support == NONE:
        return "what was publicly announced or agreed (public record)"
    if read.match(_PERSON_STORY) and not read.search(_STATISTIC):
        return "the story of a person the article follows"
    return None


def _specific(text: str, read: GatedText | None = None) -> bool:
    """Whether a sentence holds a figure, a quantity, a record, a cause or hearsay (`read`:
    the text as `gate` reads it, when the caller has it)."""
    if _FIGURE.search(text):
        return True
    read = ungated(text) if read is None else read
    return bool(read.search(_SPECIFIC_WORD) or read.search(_SPECIFIC_PHRASE))


def _has_link(text: str, digits: bool) -> bool:
    """A web or e-mail address or a telephone number (`digits`: the text holds a figure)."""
    if any(map(text.__contains__, _WEB_MARKS)) and _WEB_ADDRESS.search(text):
        return True
    return digits and bool(_PHONE.search(text))


def _photo_credit(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a photo credit."""
    return any(text.find(mark, start, end) >= 0 for mark in _CREDIT_MARKS) and bool(
        _PHOTO_CREDIT.search(text, start, end)
    )


def _not_prose(text: str, digits: bool) -> bool:
    """A table or list of names and figures, or a line holding a link (`digits`: the text
    holds a figure). A short one too when no word of it opens in lower case though some
    letters are (a poll widget's "3% (12 Votes) 97% (410 Votes)", a chart's title and axis):
    a sentence has a word in lower case unless it is written all in capitals."""
    if _has_link(text, digits):
        return True
    initials = _WORD_INITIAL.findall(text)  # a word's first letter ("" for a figure)
    lower = sum(map(str.islower, initials))
    if len(initials) < 12:
        return digits and not lower and not text.isupper()
    return lower < 0.4 * len(initials)


_QUOTATION = re.compile(r"[“\"][^”\"]*[”\"]?")


def _outside_quotes_text(doc: Document, sentence: Sentence) -> str:
    """The sentence with its quotations left out (the speaker's first person is not the writer's)."""
    return _QUOTATION.sub(" ", doc.text[sentence.start : sentence.end])


def count_claims(doc: Document) -> tuple[int, str]:
    """How many check-worthy sentences the article body holds (a density rule's `out_of`)."""
    return len(claims(doc)), "check-worthy sentences"


def _publishers_notes(doc: Document) -> frozenset[int]:
    """The blocks that open with a note's label: every sentence in them is the note's."""
    return frozenset(
        block.index for block in doc.structure.blocks if _NOTE_LABEL.match(doc.text, block.start)
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """What UNS006 decides of one check-worthy sentence: the gate that spares it (None when
    it is reported), and the evidence weighed when the sentence got that far."""

    spared_by: str | None
    signs: tuple[str, ...] = ()
    weight: int = 0


_SOURCED = Verdict("a source as read in its paragraph")
_QUOTED = Verdict("inside a quotation")
_NOT_A_PARAGRAPH = Verdict("not in a paragraph")


def min_evidence(rule: Rule) -> int:
    """The evidence weight a sentence needs to be reported (UNS006's `min_evidence`)."""
    return rule.options.get("params", {}).get("min_evidence", _MIN_EVIDENCE)


def placement(doc: Document, sentence: Sentence, support: str) -> Verdict | None:
    """The gates a sentence meets before its words are read: sourced as read in its
    paragraph, inside a quotation, outside a paragraph (None: UNS006 may accuse it)."""
    if support not in (NONE, VAGUE):
        return _SOURCED
    if sentence.in_quote:
        return _QUOTED
    if doc.structure.blocks[sentence.block].kind != "paragraph":
        return _NOT_A_PARAGRAPH
    return None


def verdict(
    doc: Document,
    claim: Claim,
    needed: int = _MIN_EVIDENCE,
    reader: Reader = ungated,
    captions: dict[int, bool] | None = None,
) -> Verdict:
    """Whether a check-worthy sentence is an unsupported claim: supported by nobody or only
    vaguely, outside a quotation, in a paragraph, none of the things that need no source,
    and weighing at least `needed` of evidence (`reader`: the claims' gate or none;
    `captions`: as `_nothing_to_source` keeps them)."""
    sentence = claim.sentence
    placed = placement(doc, sentence, claim.support)
    if placed is not None:
        return placed
    text = doc.text[sentence.start : sentence.end]
    reads = _reads(text, reader)
    reason = _nothing_to_source(doc, sentence, claim.support, captions, reads)
    if reason:
        return Verdict(reason)
    signs, weight = evidence(text, claim.support, reads)
    if weight < needed:
        return Verdict(f"evidence weight under {needed}", signs, weight)
    return Verdict(None, signs, weight)


def unsupported_claims(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Claims nobody stands behind as a reader reads them: no source, or only a vague one,
    in the sentence, the quotation it belongs to or the sentence next to it."""
    needed = min_evidence(rule)
    gates = doc.analysis.gates  # the auditor's, when its batch reads through them
    reader = ungated if gates is None else gates.claims.read
    captions: dict[int, bool] = {}
    for claim in claims(doc):
        decided = verdict(doc, claim, needed, reader, captions)
        if decided.spared_by is not None:
            continue
        sentence = claim.sentence
        source = (
            "support found: none in the sentence, its quotation or the sentences beside it"
            if claim.support == NONE
            else "support found: only a vague source (no one a reader could ask)"
        )
        shown = ", ".join(sign for sign in decided.signs if EVIDENCE_WEIGHTS[sign] > 0)
        yield Hit(
            sentence.start,
            sentence.end,
            f"{rule.message} (check-worthy {claim.probability:.2f}; {shown}; {source})",
        )
