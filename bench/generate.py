"""Seeded generator of synthetic news corpora for benchmarking newsaudit.

    python bench/generate.py OUT_DIR --articles N --seed S [--format txt|jsonl]

Every outlet, person, place and figure is invented here from templates and word banks; no
text comes from outside the project. Articles run from 300 to 20,000 characters (log-uniform,
mean about 5 KB). Each source has a quality profile: some report with named sources and direct
quotes, others are scraped aggregator pages, AI content farms or templated sites leaking markup.

txt: one file per article under OUT_DIR/<source>/ (.txt, first line the headline; sources that
publish Markdown also write .md files with front matter). jsonl: shards of records with
id, title, source, url, published and text. The same seed always gives the same corpus;
article i does not depend on how many articles are asked for.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MIN_CHARS, MAX_CHARS = 300, 20_000
JSONL_SHARD = 250  # records per .jsonl file
MANIFEST = ".bench-manifest.json"  # hidden: a folder scan passes over it

# ---- word banks --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """Amara Bastian Celeste Dorian Elspeth Farid Greta Hollis Ilse Jovan Kenna Lucan Marisol
Nadira Osric Priya Quentin Rosalind Soren Talia Ulric Verity Wendell Xiomara Yusuf Zelda Anouk
Bram Cosima Dalia Emeric Fenna Gideon Halima Ingram Jolie Kasimir Leona Matteo Noor Odile Piers
Rhiannon Saoirse Thaddeus Uma Vasco Winifred Yara Ambrose Beatrix Caspian Delphine Elio Fiora
Gustav Henrike Isidro Juno"""
)

SURNAMES = _words(
    """Abernethy Brightwater Castellane Dunmore Eskildsen Fairweather Galloway Hartigan
Ibarrondo Jessup Kowalczyk Lindqvist Marchbanks Nakagawa Okonkwo Pemberton Quillfeather Rasmussen
Steadman Thornbury Underhill Valcourt Whitlock Yarborough Zamora Ashcombe Blackwood Coldstream
Delacroix Ellingsen Fenwick Greenhalgh Holloway Ingleby Jaramillo Kettering Lachance Mbeki
Northcote Oyelaran Prescott Ravensworth Sandoval Tregarth Umberfield Vantongeren Wexley Achterberg
Bellweather Cardoso Drummond Eastwood Fairclough Grimsby"""
)

PLACES = """Alder Point|Kestrel Falls|Marrowby|Port Wendle|Silverfen|Dunmore Heights|Ashgrove|
Tamsin Bay|Corrick|Hollin Vale|Brackenridge|Lowmoor|Eastwick Harbor|Gannet Cove|Pellham|
Stonebridge Flats|Willowmere|Carrow Junction""".replace("\n", "").split("|")

COUNTIES = ["Brannock County", "Eastmere County", "Harrowgate County", "Lintel County",
            "Saltmarsh County", "Vellan County"]  # fmt: skip

WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words("""January February March April May June July August September October November
December""")


_PROPER = {*FIRST_NAMES, *SURNAMES, *(w for p in PLACES for w in p.split()), "Judge", "Local"}


@dataclass(frozen=True)
class Topic:
    key: str
    section: str
    noun: str  # "the fare increase": what the story is about
    matter: str  # "the negotiations": what anonymous sources are familiar with
    headlines: tuple[str, ...]
    orgs: tuple[str, ...]
    docs: tuple[str, ...]
    roles: tuple[str, ...]
    facts: tuple[str, ...]  # complete sentences
    claims: tuple[str, ...]  # lower-case clauses: "the vote could be delayed"
    quotes: tuple[str, ...]  # quoted speech without final punctuation


TOPICS = (
    Topic(
        "transit",
        "Local News",
        "the fare increase",
        "the board's deliberations",
        (
            "{Place} Transit Board Approves {pct} Percent Fare Increase",
            "Riders Pack Hearing as {Place} Weighs Cuts to {small} Bus Routes",
            "{Place} Light Rail Extension Faces {money} Shortfall",
        ),
        (
            "the {Place} Regional Transit Authority",
            "the {Place} City Council",
            "the Riders Alliance of {Place}",
        ),
        (
            "the authority's {year} ridership report",
            "budget documents released on {weekday}",
            "the board's meeting minutes",
        ),
        (
            "the authority's chief financial officer",
            "a bus driver for {small} years",
            "a member of the transit board",
            "a commuter who rides the Number {small} bus",
        ),
        (
            "The board voted {small}-{small} on {weekday} to raise the base fare to ${fare}.",
            "Ridership on the system fell to {num} weekday trips last year, down {pct} percent.",
            "The authority expects the increase to raise about {money} a year.",
            "Service on {small} routes would drop to one bus every {small} minutes after {hour}.",
            "The light rail extension was first proposed in {year} and has been redesigned twice.",
            "Reduced fares for seniors and students are not affected by the vote.",
            "A public hearing on {weekday} drew more than {num} written comments.",
        ),
        (
            "the fare increase would take effect in {month}",
            "the route cuts could be reversed",
            "ridership has not recovered since {year}",
            "the shortfall is larger than reported",
            "the board had already made its decision before the hearing",
            "the authority will seek state money to close the gap",
        ),
        (
            "Nobody on this board wanted to raise fares, but the alternative was cutting service",
            "I take the bus to two jobs, and every quarter matters to me",
            "We have to be honest with riders about what this system costs to run",
            "The numbers in the budget have not changed since we first published them",
            "If the buses come less often, people will simply stop taking them",
            "We will hold the board to the promises it made tonight",
        ),
    ),
    Topic(
        "strike",
        "Business",
        "the strike",
        "the negotiations",
        (
            "{Place} Dockworkers Strike Enters {ordinal} Week",
            "Talks Stall as {Place} Port Strike Idles {small} Ships",
            "Union and Shippers Meet for First Time Since {Place} Walkout",
        ),
        (
            "Local {small} of the Harbor Workers Union",
            "the {Place} Port Authority",
            "the {Place} Shipping Association",
        ),
        (
            "the port authority's daily vessel report",
            "the union's pension fund filing",
            "a letter to members obtained by reporters",
        ),
        (
            "the union's president",
            "the association's chief negotiator",
            "a crane operator with {small} years at the port",
            "owner of a freight brokerage",
        ),
        (
            "About {num} longshore workers have been on strike since {month} {day}.",
            "{small} container ships were anchored outside the harbor on {weekday}.",
            "The pension fund is {pct} percent funded, according to its latest filing.",
            "The two sides met for {small} hours on {weekday} without reaching an agreement.",
            "The last contract expired on {month} {day}, {year}.",
            "Truck traffic at the terminal gates fell by {pct} percent during the first week.",
        ),
        (
            "the two sides are far apart on pensions",
            "a deal could be reached within days",
            "shippers are diverting cargo to other ports",
            "the union will not accept a two-tier plan",
            "federal mediators may be called in",
            "the strike is costing the region {money} a day",
        ),
        (
            "We will not sign a contract that trades away the pensions of people not yet hired",
            "Our members want to go back to work, but not on these terms",
            "Every day the gates are closed, my customers call me asking where their freight is",
            "We made a serious offer and we are waiting for a serious answer",
            "The mediator asked both sides to stay at the table, and we did",
        ),
    ),
    Topic(
        "schools",
        "Education",
        "the budget cuts",
        "the district's budget talks",
        (
            "{Place} School Board Cuts {small} Positions to Close {money} Gap",
            "Parents Protest Proposed Closure of {Surname} Elementary",
            "{Place} Schools Face Enrollment Drop of {pct} Percent",
        ),
        (
            "the {Place} Unified School District",
            "the {Place} Education Association",
            "the state education department",
        ),
        (
            "the district's enrollment report",
            "the superintendent's budget proposal",
            "a state audit released in {month}",
        ),
        (
            "the district superintendent",
            "a trustee who cast the only no vote",
            "president of the teachers' union",
            "a parent of two students at the school",
        ),
        (
            "The board voted {small}-{small} to eliminate {small} teaching positions.",
            "Enrollment has fallen by {num} students since {year}.",
            "The district faces a deficit of {money} in the coming school year.",
            "{Surname} Elementary opened in {year} and serves about {num} students.",
            "The cuts take effect at the start of the next school year in August.",
            "Class sizes in the upper grades would rise to as many as {pct} students.",
        ),
        (
            "the closures will save less money than promised",
            "more cuts are coming next year",
            "enrollment will keep falling",
            "the state may step in if the deficit grows",
            "teachers are leaving for neighboring districts",
        ),
        (
            "These are real people, and none of this is easy",
            "I voted no because we have not looked at the central office first",
            "My kids can walk to that school, and now they will need a bus",
            "We told the board a year ago that this was coming",
            "Closing a school is the last thing any of us wanted to do",
        ),
    ),
    Topic(
        "layoffs",
        "Tech",
        "the job cuts",
        "the company's plans",
        (
            "{Org2} to Cut {num} Jobs in Sweeping Restructuring",
            "{Org2} Shares Fall After Layoff Announcement",
            "{Place} Braces for Impact of {Org2} Layoffs",
        ),
        ("{Org2}", "the {Place} Chamber of Commerce", "the state labor department"),
        (
            "a filing with securities regulators",
            "the company's quarterly report",
            "a notice filed with the state labor department",
        ),
        (
            "the company's chief executive",
            "a software engineer laid off on {weekday}",
            "an economist at {Place} State University",
            "the mayor of {Place}",
        ),
        (
            "The company said it would cut about {num} jobs, or {pct} percent of its workforce.",
            "Shares fell {pct} percent in early trading on {weekday}.",
            "The company reported a loss of {money} in the last quarter.",
            "Employees will receive {small} weeks of severance pay.",
            "The {Place} office, which opened in {year}, will close by {month}.",
        ),
        (
            "more cuts are planned for next year",
            "the company is preparing to sell a division",
            "the layoffs were driven by falling demand",
            "executives will keep their bonuses",
            "the company could move jobs overseas",
        ),
        (
            "This was the hardest decision I have made in this job",
            "I found out from an email at six in the morning",
            "The region has absorbed layoffs before, and it will again",
            "We are focusing the company on the products our customers pay for",
        ),
    ),
    Topic(
        "wildfire",
        "Local News",
        "the fire",
        "the response",
        (
            "Thousands Ordered to Evacuate as {Surname} Canyon Fire Spreads",
            "{Place} Fire Grows to {num} Acres",
            "Crews Gain Ground on Fire Near {Place}",
        ),
        ("the {County} Sheriff's Office", "the state forestry agency", "the {Place} Fire District"),
        (
            "the forestry agency's incident report",
            "an evacuation map published on {weekday}",
            "the county's emergency declaration",
        ),
        (
            "the county's fire chief",
            "a resident who left with her dogs and a suitcase",
            "an incident commander with the forestry agency",
            "owner of a hardware store in town",
        ),
        (
            "The fire had burned about {num} acres by {weekday} evening.",
            "About {num} residents were under evacuation orders.",
            "Crews reported the fire was {pct} percent contained.",
            "{small} homes and {small} outbuildings have been destroyed.",
            "Shelters opened at the {Place} High School gym and the county fairgrounds.",
            "Wind gusts of up to {small} miles an hour were expected overnight.",
        ),
        (
            "the fire was started by a downed power line",
            "evacuation orders could be lifted soon",
            "more homes were damaged than officials have said",
            "the weather will turn in their favor",
            "the fire could reach the reservoir",
        ),
        (
            "We had about ten minutes to decide what to take",
            "The wind is the thing we cannot control",
            "Crews worked through the night to hold the line along the ridge",
            "Please do not go back until the order is lifted",
        ),
    ),
    Topic(
        "hospital",
        "Health",
        "the merger",
        "the merger talks",
        (
            "{Surname} Memorial and {Place} Health Announce Merger Plan",
            "Nurses Warn Merger Could Close {Place} Maternity Ward",
            "State Opens Review of {Place} Hospital Deal",
        ),
        ("{Surname} Memorial Hospital", "{Place} Health", "the {Place} Nurses Association"),
        (
            "audited financial statements attached to the filing",
            "the notice filed with the state",
            "the hospital's annual report",
        ),
        (
            "the hospital's chief executive",
            "a labor and delivery nurse",
            "a health economist at {Place} State University",
            "a patient who gave birth there",
        ),
        (
            "The hospital lost {money} last year, according to audited statements.",
            "The combined system would employ about {num} people.",
            "The maternity ward delivered {num} babies last year.",
            "A public hearing on the merger is set for {month} {day}.",
            "Written comments will be accepted for {small} days.",
        ),
        (
            "the maternity ward will close after the merger",
            "prices will rise for patients",
            "the state will approve the deal",
            "the hospital could not survive on its own",
            "staff cuts are planned",
        ),
        (
            "Without this merger, I am not sure we keep our doors open",
            "Women in this county would have to drive an hour to deliver a baby",
            "We will keep every service we offer today, and we have put that in writing",
            "The filing does not answer the questions our members have asked",
        ),
    ),
    Topic(
        "housing",
        "Local News",
        "the housing plan",
        "the council's negotiations",
        (
            "{Place} Council Backs {num}-Unit Housing Plan",
            "Rents in {Place} Rise {pct} Percent in a Year",
            "Neighbors Fight Apartment Tower Near {Place} Waterfront",
        ),
        (
            "the {Place} Planning Commission",
            "the {Place} City Council",
            "the {Place} Tenants Union",
        ),
        (
            "the city's housing needs assessment",
            "the planning staff report",
            "county assessor records",
        ),
        (
            "the chair of the planning commission",
            "a tenant organizer",
            "a developer who has built in {Place} for {small} years",
            "a homeowner on the street",
        ),
        (
            "The median rent for a one-bedroom apartment reached ${rent} a month.",
            "The plan would add {num} units over {small} years.",
            "About {pct} percent of the new units would be set aside for low-income households.",
            "The commission voted {small}-{small} after a hearing that lasted until {hour}.",
            "The site has been vacant since {year}.",
        ),
        (
            "rents will keep rising",
            "the project will be scaled back",
            "the developer has financing problems",
            "the council will delay the vote again",
            "property values nearby will fall",
        ),
        (
            "We cannot build our way out of this overnight, but we have to start",
            "My rent went up three hundred dollars and my pay did not",
            "Nobody is against housing, we are against this building",
            "The staff report answers the traffic questions in detail",
        ),
    ),
    Topic(
        "court",
        "Courts",
        "the ruling",
        "the case",
        (
            "Judge Blocks {Place} Curfew Ordinance",
            "Jury Finds Former {Place} Official Guilty of Fraud",
            "Appeals Court Revives {Place} Water Contract Lawsuit",
        ),
        (
            "the {County} Superior Court",
            "the {Place} City Attorney's Office",
            "the state Court of Appeals",
        ),
        (
            "the court's {small}-page ruling",
            "the indictment unsealed in {month}",
            "court filings reviewed by reporters",
        ),
        (
            "the lead prosecutor",
            "a defense attorney",
            "a law professor at {Place} State University",
            "the plaintiff in the case",
        ),
        (
            "Judge {First} {Surname} issued the ruling on {weekday}.",
            "The jury deliberated for {small} hours before reaching a verdict.",
            "Sentencing is scheduled for {month} {day}.",
            "The city has {small} days to file an appeal.",
            "The contract at issue was worth {money}.",
        ),
        (
            "the city will appeal",
            "the ruling could affect other cities",
            "the defendant will seek a new trial",
            "the case will reach the state supreme court",
            "more charges are coming",
        ),
        (
            "The ordinance was written too broadly, and the court agreed",
            "We respect the verdict and will review our options",
            "This is a good day for the people who were cheated",
            "The ruling does not say the city can never act, only that it must do it properly",
        ),
    ),
)

TEASERS = (
    "Local Bakery Wins Regional Award for Rye Loaf",
    "10 Houseplants That Are Almost Impossible to Kill",
    "Minor League Team Unveils New Mascot After Fan Vote",
    "Five Stretches You Should Do Every Morning",
    "Man Finds Winning Lottery Ticket in Old Jacket Pocket",
    "The One Kitchen Tool Chefs Swear By",
    "Why Your Dog Stares at You, According to Science",
    "This Town Has the Best Sunsets in the State",
    "Celebrity Chef Opens Diner in Former Bank Building",
    "You Won't Believe What This Attic Held",
)
COOKIE_BANNERS = (
    "We use cookies to improve your experience. Accept",
    "This website uses cookies to ensure you get the best experience on our website. Got it!",
    "We value your privacy. We use cookies to enhance your browsing experience. Accept All",
)
COMMENT_PROMPTS = ("Leave a comment", "Leave a Reply", "Join the discussion", "0 Comments")
DISCLAIMER = (
    "Disclaimer: The information on this site is for general reference only "
    "and does not constitute professional, legal or financial advice."
)
AI_PREAMBLES = (
    "Certainly! Here is a news article about {noun} in {Place}:",
    "Sure! Here's a news article about {noun}, written in a neutral tone:",
)
AI_SIGNOFFS = (
    "I hope this helps! Let me know if you'd like me to adjust the tone or length.",
    "Let me know if you would like me to add quotes or more details.",
    "As an AI language model, I cannot verify events after my knowledge cutoff.",
)
AI_DISCLOSURES = (
    "This content was created with the help of AI tools and reviewed by our editorial team.",
    "This article was generated with the assistance of AI and edited by our staff.",
    "Parts of this story were written using generative AI technology.",
)
FILLER = (
    "In today's fast-paced world, {noun} has become a topic of conversation for many.",
    "It is worth noting that {claim}.",
    "Let's delve into what this means for {Place}.",
    "This is a testament to the resilience of the people of {Place}.",
    "Navigating the complex landscape of {noun} is no easy task.",
    "But what does this mean for everyday residents?",
    "Here's the thing: {claim}.",
    "Only time will tell how {noun} will unfold.",
    "Ultimately, the story of {noun} is a story about community.",
    "In an era where trust matters more than ever, {noun} raises important questions.",
    "Let's take a closer look.",
    "At the end of the day, {claim}.",
)
HEDGES = (
    "Reportedly, {claim}.",
    "It is unclear whether {claim}.",
    "It remains to be seen whether {claim}.",
    "Perhaps {claim}.",
    "It seems likely that {claim}.",
    "There are indications that {claim}, possibly as soon as {month}.",
    "Some believe {claim}, though this might change.",
    "{claim_cap}, arguably, and that could matter.",
    "It is believed that {claim}.",
)
VAGUE = (
    "Experts say {claim}.",
    "Critics argue {claim}.",
    "Some observers note that {claim}.",
    "According to local reports, {claim}.",
    "Sources say {claim}.",
    "Analysts warn that {claim}.",
    "Many people believe {claim}.",
    "Industry insiders suggest {claim}.",
    "Officials familiar with the matter said {claim}.",
)
PERSONAL = (
    "I think {claim}.",
    "In my opinion, {claim}.",
    "I could be wrong, but {claim}.",
    "Honestly, it feels like {claim}.",
)
HONEST = (
    "The {Outlet} could not independently verify the figure.",
    "The {org} did not respond to a request for comment by {weekday} evening.",
    "It was not clear on {weekday} how many people would be affected.",
)
INSTITUTIONAL = (
    "{Org} officials said {claim}.",
    "A spokesperson for {org} said {claim}.",
    "In a statement, {org} said {claim}.",
    "{Org} said on {weekday} that {claim}.",
)
ANONYMOUS = (
    "A person familiar with {matter}, who spoke on condition of anonymity because the talks are "
    "private, said {claim}.",
    "One official, who requested anonymity, said {claim}.",
)
DOCUMENTED = (
    "According to {doc}, {fact}",
    "Records reviewed by the {Outlet} show that {fact}",
    "{Doc} shows that {fact}",
)
TEMPLATE_HEADINGS = (
    "Background: {Place} at a Crossroads",
    "Why It Matters",
    "Key Takeaways",
    "What Happens Next",
    "Overview: What We Know So Far",
    "Key Details at a Glance",
    "Next Steps: What to Watch",
)
REPORTER_HEADINGS = (
    "The vote",
    "What residents said",
    "The money",
    "What comes next",
    "Background",
)


@dataclass(frozen=True)
class Profile:
    """How one source writes: the mix of paragraph kinds and the clutter it lets through."""

    name: str
    outlet: str
    domain: str
    weight: float  # share of the corpus
    kinds: dict[str, float]  # paragraph kind -> weight
    quotes: str  # "curly" | "straight" | "mixed"
    clutter: float  # 0 (clean) to 1 (every widget the page had)
    markdown: float = 0.0  # share of articles written as .md with front matter
    wrap: bool = False  # hard-wrapped paragraphs (wire copy)
    crlf: float = 0.0  # share of files with Windows line ends
    ai: float = 0.0  # chance of AI preambles, sign-offs and disclosures
    markup: float = 0.0  # chance of each kind of leaked markup
    template_headings: float = 0.0
    reporter_headings: float = 0.0
    repeat_headline: float = 0.0
    truncate: float = 0.0
    single_newline: bool = False  # paragraphs separated by one line break, not a blank line
    nbsp: float = 0.0  # chance of a no-break space between words in a paragraph


SOURCES = (
    Profile("harbor-sentinel", "Harbor Sentinel", "harborsentinel.test", 0.17,
            {"quote": 5, "fact": 4, "documented": 3, "institutional": 1.5, "honest": 0.6,
             "hedge": 0.3, "anonymous": 0.2},
            "curly", 0.0, markdown=0.4, reporter_headings=0.3),
    Profile("northfield-gazette", "Northfield Gazette", "northfieldgazette.test", 0.16,
            {"quote": 4, "fact": 4, "documented": 1.5, "institutional": 2.5, "honest": 0.3,
             "hedge": 0.6, "anonymous": 0.5, "vague": 0.3},
            "straight", 0.25, crlf=0.3, reporter_headings=0.15),
    Profile("continental-wire", "Continental Wire", "continentalwire.test", 0.12,
            {"quote": 3, "fact": 5, "documented": 2, "institutional": 3, "hedge": 0.4,
             "anonymous": 0.4},
            "straight", 0.0, wrap=True),
    Profile("dailyscoop-hub", "Daily Scoop Hub", "dailyscoophub.test", 0.16,
            {"fact": 2.5, "vague": 4, "hedge": 2, "institutional": 0.8, "filler": 0.4},
            "mixed", 0.9, repeat_headline=0.7, truncate=0.05, nbsp=0.05),
    Profile("trendpulse-now", "TrendPulse Now", "trendpulsenow.test", 0.14,
            {"filler": 4, "hedge": 4, "vague": 2, "fact": 1.5},
            "mixed", 0.35, ai=0.6, template_headings=0.9, truncate=0.12),
    Profile("metroline-express", "Metroline Express", "metrolineexpress.test", 0.13,
            {"fact": 3, "institutional": 1.5, "vague": 2, "hedge": 1.5, "filler": 0.8},
            "straight", 0.55, markup=0.6, template_headings=0.6, single_newline=True, nbsp=0.15),
    Profile("valley-voice-blog", "Valley Voice", "valleyvoice.test", 0.12,
            {"personal": 3, "hedge": 3, "vague": 2.5, "quote": 1, "fact": 1.5, "filler": 0.5},
            "mixed", 0.45, markdown=0.5, ai=0.08),
)  # fmt: skip


# ---- article construction ----------------------------------------------------------------


class _Writer:
    """Fills templates for one article; every random draw comes from the article's own rng."""

    def __init__(self, rng: random.Random, profile: Profile, topic: Topic, day: date):
        self.rng = rng
        self.profile = profile
        self.topic = topic
        self.day = day
        self.place = rng.choice(PLACES)
        self.county = rng.choice(COUNTIES)
        self.org2 = f"{rng.choice(SURNAMES)}{rng.choice(['lattice', 'works', 'field', ' Systems'])}"
        self.surname = rng.choice(SURNAMES)
        roles = list(topic.roles)
        rng.shuffle(roles)
        self.cast = [
            (rng.choice(FIRST_NAMES), rng.choice(SURNAMES), self.fill(role))
            for role in roles[: rng.randint(2, len(roles))]
        ]
        self.introduced: set[int] = set()
        self._decks: dict[str, list[str]] = {}

    def deal(self, name: str, bank: tuple[str, ...]) -> str:
        """The next item of a shuffled deck, so an article repeats itself only when it must."""
        deck = self._decks.get(name)
        if not deck:
            deck = self._decks[name] = list(bank)
            self.rng.shuffle(deck)
        return deck.pop()

    def fill(self, template: str, **extra: str) -> str:
        def value(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in extra:
                return extra[key]
            return self._value(key)

        return re.sub(r"\{(\w+)\}", value, template)

    def _value(self, key: str) -> str:
        rng = self.rng
        simple = {
            "Place": self.place, "County": self.county, "Org2": self.org2,
            "Surname": self.surname, "Outlet": self.profile.outlet, "noun": self.topic.noun,
            "matter": self.topic.matter,
        }  # fmt: skip
        if key in simple:
            return simple[key]
        if key in ("org", "Org"):
            org = self.fill(rng.choice(self.topic.orgs))
            return org[0].upper() + org[1:] if key == "Org" else org
        if key in ("doc", "Doc"):
            doc = self.fill(rng.choice(self.topic.docs))
            return doc[0].upper() + doc[1:] if key == "Doc" else doc
        if key == "First":
            return rng.choice(FIRST_NAMES)
        if key == "num":
            return f"{rng.randint(120, 9_800):,}"
        if key == "small":
            return str(rng.randint(2, 19))
        if key == "pct":
            return str(rng.randint(2, 38))
        if key == "money":
            return f"${rng.randint(1, 480) / 10:.1f} million"
        if key == "fare":
            return f"{rng.randint(175, 325) / 100:.2f}"
        if key == "rent":
            return f"{rng.randint(1_100, 3_400):,}"
        if key == "year":
            return str(rng.randint(2009, 2025))
        if key == "weekday":
            return rng.choice(WEEKDAYS)
        if key == "month":
            return rng.choice(MONTHS)
        if key == "day":
            return str(rng.randint(1, 28))
        if key == "hour":
            return f"{rng.randint(8, 11)}:{rng.choice(['00', '15', '30', '45'])} p.m."
        if key == "ordinal":
            return rng.choice(["Second", "Third", "Fourth", "Fifth", "Sixth"])
        if key == "claim":
            return self.fill(self.deal("claims", self.topic.claims))
        if key == "claim_cap":
            claim = self.fill(self.deal("claims", self.topic.claims))
            return claim[0].upper() + claim[1:]
        if key == "fact":
            fact = self.fill(self.deal("facts", self.topic.facts))
            return fact if fact.split()[0] in _PROPER else fact[0].lower() + fact[1:]
        return "{" + key + "}"

    # -- paragraphs

    def headline(self) -> str:
        return self.fill(self.rng.choice(self.topic.headlines)).replace(" million", " Million")

    def paragraph(self) -> str:
        rng = self.rng
        kinds = self.profile.kinds
        sentences = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
            sentences.append(self.sentence(kind))
        text = " ".join(sentences)
        if self.profile.nbsp and rng.random() < self.profile.nbsp:
            words = text.split(" ")
            i = rng.randrange(len(words))
            text = " ".join(words[:i]) + "\u00a0" + " ".join(words[i:]) if i else text
        return text

    def sentence(self, kind: str) -> str:
        rng = self.rng
        if kind == "quote":
            return self.quote()
        if kind == "fact":
            return self.fill(self.deal("facts", self.topic.facts))
        if kind == "documented":
            return self.fill(rng.choice(DOCUMENTED))
        if kind == "institutional":
            return self.fill(rng.choice(INSTITUTIONAL))
        if kind == "anonymous":
            return self.fill(rng.choice(ANONYMOUS))
        if kind == "honest":
            return self.fill(rng.choice(HONEST))
        if kind == "vague":
            return self.fill(rng.choice(VAGUE))
        if kind == "personal":
            return self.fill(rng.choice(PERSONAL))
        if kind == "filler":
            return self.fill(rng.choice(FILLER))
        return self.fill(rng.choice(HEDGES))  # hedge

    def quote(self) -> str:
        rng = self.rng
        index = rng.randrange(len(self.cast))
        first, last, role = self.cast[index]
        words = self.fill(self.deal("quotes", self.topic.quotes))
        first_time = index not in self.introduced
        self.introduced.add(index)
        if first_time:
            form = rng.choice((
                "{o}{q},{c} said {first} {last}, {role}.",
                "{first} {last}, {role}, said: {o}{q}.{c}",
                "{o}{q},{c} {first} {last}, {role}, told the {Outlet}.",
            ))  # fmt: skip
        else:
            form = rng.choice((
                "{o}{q},{c} {last} said.",
                "{o}{q},{c} {last} said on {weekday}.",
                "{last} added: {o}{q}.{c}",
                "{last} said {claim}.",
            ))  # fmt: skip
        return self.fill(form, o="\x01", c="\x02", q=words, first=first, last=last, role=role)


def _typeset(text: str, style: str, rng: random.Random) -> str:
    """Quote marks and apostrophes in the source's house style (\x01/\x02 open/close quotes)."""
    curly = style == "curly" or (style == "mixed" and rng.random() < 0.5)
    text = text.replace("\x01", "“" if curly else '"').replace("\x02", "”" if curly else '"')
    if style == "curly":
        return text.replace("'", "’")
    if style == "mixed":
        return re.sub("'", lambda _: "’" if rng.random() < 0.5 else "'", text)
    return text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


def _target_length(rng: random.Random) -> int:
    return int(math.exp(rng.uniform(math.log(MIN_CHARS), math.log(MAX_CHARS))))


@dataclass
class Article:
    index: int
    source: str
    title: str
    text: str
    day: date
    url: str
    markdown: bool
    crlf: bool


def make_article(seed: int, index: int) -> Article:
    """Article `index` of the corpus for `seed` (independent of the corpus size)."""
    rng = random.Random(f"newsaudit-bench:{seed}:{index}")
    profile = rng.choices(SOURCES, weights=[s.weight for s in SOURCES])[0]
    topic = rng.choice(TOPICS)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(450))
    writer = _Writer(rng, profile, topic, day)
    title = writer.headline()
    target = _target_length(rng)
    p = profile

    def chance(x: float) -> bool:
        return rng.random() < x

    top: list[str] = []
    if p.ai and chance(p.ai * 0.5):
        top.append(writer.fill(rng.choice(AI_PREAMBLES)))
    if p.markup and chance(p.markup):
        top.append(f"Home > {topic.section} > {rng.choice(['Region', 'Top Stories', 'Latest'])}")
    top.append(title)
    if chance(p.clutter * 0.7):
        top.append(topic.section)
    if chance(p.clutter * 0.6):
        top.append(
            rng.choice(
                [f"{rng.randint(2, 12)} min read", f"Reading time: {rng.randint(2, 9)} minutes"]
            )
        )
    if chance(p.clutter * 0.5):
        top.append(
            rng.choice(
                [
                    f"{rng.randint(100, 9_999):,} views",
                    f"Views: {rng.randint(1, 9)}.{rng.randint(0, 9)}K",
                ]
            )
        )
    if p.markup and chance(p.markup * 0.7):
        top.append(
            rng.choice(
                ["By {{author_name}} | {{publish_date}}", "By %%AUTHOR%% in [category_name]"]
            )
        )
    elif chance(0.6):
        first, last, _ = (
            rng.choice(writer.cast)
            if chance(0.1)
            else (rng.choice(FIRST_NAMES), rng.choice(SURNAMES), "")
        )
        top.append(f"By {first} {last}")  # fmt: skip
    if chance(p.repeat_headline):
        top.append(title)
    if chance(p.clutter * 0.6):
        top.extend(
            rng.sample(
                ["Share", "Tweet", "Email", "Share on Facebook", "Share on X", "Copy link", "Pin"],
                3,
            )
        )
    if chance(p.clutter * 0.3):
        top.append(rng.choice(COOKIE_BANNERS))

    # The body: paragraphs, headings and mid-article clutter, as (kind, text) items.
    body: list[tuple[str, str]] = []
    headings = list(TEMPLATE_HEADINGS)
    rng.shuffle(headings)
    size = 0
    while size < target or not body:
        if body and chance(p.template_headings * 0.25) and headings:
            body.append(("heading", writer.fill(headings.pop())))
        elif body and chance(p.reporter_headings * 0.2):
            body.append(("heading", rng.choice(REPORTER_HEADINGS)))
        if body and chance(p.clutter * 0.12):
            body.append(("clutter", rng.choice([
                "Advertisement",
                f"Read more: {writer.fill(rng.choice(TOPICS).headlines[0])}",
                f"RELATED: {writer.fill(rng.choice(TOPICS).headlines[1])}",
                f"Sign up for the {p.outlet} newsletter. Subscribe for free.",
            ])))  # fmt: skip
        if body and p.markup and chance(p.markup * 0.15):
            body.append(("markup", rng.choice([
                "&nbsp;&nbsp;",
                f'[caption id="attachment_{rng.randint(1000, 9999)}" align="alignnone"]',
                "{{related_articles_block}}",
                f'<h3 class="subhead">{writer.fill(rng.choice(TEMPLATE_HEADINGS))}</h3',
                '<div class="ad-slot" data-slot="mid-article"></div>',
                f"Call now: +1 555 01{rng.randint(0, 9)} {rng.randint(1000, 9999)}",
            ])))  # fmt: skip
        text = writer.paragraph()
        body.append(("paragraph", text))
        size += len(text) + 2
    if p.template_headings and chance(p.template_headings * 0.5):
        body.append(("heading", "Key Takeaways"))
        for _ in range(rng.randint(3, 5)):
            body.append(("item", "- " + writer.fill(rng.choice(FILLER + topic.facts))))

    bottom: list[str] = []
    truncated = chance(p.truncate)
    if not truncated:
        if p.ai and chance(p.ai * 0.5):
            bottom.append(rng.choice(AI_DISCLOSURES))
        if p.ai and chance(p.ai * 0.3):
            bottom.append(rng.choice(AI_SIGNOFFS))
        if p.markup and chance(p.markup * 0.5):
            bottom.append(DISCLAIMER)
        if chance(p.clutter * 0.5):
            bottom.append(f"Tags: {topic.key}, {writer.place.lower()}, {topic.section.lower()}")
        if chance(p.clutter * 0.6):
            header = rng.choice(
                ["Related Articles", "Related Stories", "You May Also Like", "More Stories"]
            )
            teasers = rng.sample(TEASERS, 3)
            if chance(0.5):
                teasers = [
                    f"{t}: {writer.fill(rng.choice(topic.facts))[:60].rstrip()}..." for t in teasers
                ]
            bottom.extend(["", header, *teasers])  # fmt: skip
        if chance(p.clutter * 0.5):
            bottom.extend([
                rng.choice(COMMENT_PROMPTS),
                "Your email address will not be published. Required fields are marked *",
            ])  # fmt: skip
        if chance(p.clutter * 0.4):
            bottom.append(rng.choice(COOKIE_BANNERS))
        if chance(p.clutter * 0.5):
            bottom.append(f"© {day.year} {p.outlet}. All rights reserved.")

    def assemble(items: list[tuple[str, str]]) -> str:
        sep = "\n" if p.single_newline else "\n\n"
        parts = ["\n".join(top) if p.single_newline else "\n\n".join(top)]
        for kind, text in items:
            if kind == "paragraph" and p.wrap:
                text = textwrap.fill(text, width=72, break_long_words=False, break_on_hyphens=False)
            parts.append(text)
        if truncated:
            last = parts[-1]
            cut = last.rfind(" ", len(last) // 3, max(len(last) * 2 // 3, len(last) // 3 + 1))
            if cut > 0:
                parts[-1] = last[:cut].rstrip(",;: ")
        if bottom:
            parts.append("\n".join(bottom))
        return sep.join(parts) + "\n"

    text = assemble(body)
    while len(text) > MAX_CHARS and len(body) > 1:
        body.pop()
        text = assemble(body)
    text = _typeset(text, p.quotes, rng)
    if len(text) < MIN_CHARS:
        text = text + "\n" + _typeset(writer.paragraph(), p.quotes, rng) + "\n"
    while len(text) < MIN_CHARS:  # a very short body: add prose, never clutter
        text = text + _typeset(writer.paragraph(), p.quotes, rng) + "\n"
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS - 1)
        text = text[: cut if cut > MIN_CHARS else MAX_CHARS - 1] + "\n"
    markdown = chance(p.markdown)
    url = f"https://{p.domain}/{day.isoformat().replace('-', '/')}/{_slug(title)}"
    return Article(index, p.name, title, text, day, url, markdown, chance(p.crlf))


# ---- writing a corpus --------------------------------------------------------------------


def _front_matter(article: Article) -> str:
    title = article.title.replace('"', "'")
    return (
        f'---\ntitle: "{title}"\ndate: {article.day.isoformat()}\n'
        f"source: {article.source}\nurl: {article.url}\nauthor: staff\n---\n\n"
    )


def generate_corpus(out_dir: str | Path, articles: int, seed: int, fmt: str = "txt") -> dict:
    """Write the corpus and a hidden manifest; return the manifest."""
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"unknown format {fmt!r} (txt or jsonl)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    per_source: dict[str, int] = {}
    chars = size = files = 0
    shard: list[str] = []

    def flush() -> None:
        nonlocal size, files
        if shard:
            data = ("\n".join(shard) + "\n").encode("utf-8")
            (out / f"articles-{files + 1:04d}.jsonl").write_bytes(data)
            size += len(data)
            files += 1
            shard.clear()

    for index in range(articles):
        article = make_article(seed, index)
        per_source[article.source] = per_source.get(article.source, 0) + 1
        chars += len(article.text)
        if fmt == "jsonl":
            record = {
                "id": f"{article.source}-{index:06d}",
                "title": article.title,
                "source": article.source,
                "url": article.url,
                "published": article.day.isoformat(),
                "text": article.text,
            }
            shard.append(json.dumps(record, ensure_ascii=False))
            if len(shard) >= JSONL_SHARD:
                flush()
            continue
        folder = out / article.source
        folder.mkdir(exist_ok=True)
        stem = f"{article.day.isoformat()}-{_slug(article.title)}-{index:06d}"
        if article.markdown:
            path, text = folder / f"{stem}.md", _front_matter(article) + article.text
        else:
            path, text = folder / f"{stem}.txt", article.text
        if article.crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
        files += 1
    flush()
    manifest = {
        "generator": "newsaudit bench/generate.py",
        "seed": seed,
        "articles": articles,
        "format": fmt,
        "files": files,
        "characters": chars,
        "bytes": size,
        "sources": dict(sorted(per_source.items())),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", help="folder to write the corpus into (created if missing)")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument(
        "--format", choices=("txt", "jsonl"), default="txt", help="txt (default) or jsonl"
    )
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    manifest = generate_corpus(args.out_dir, args.articles, args.seed, args.format)
    mean = manifest["characters"] / manifest["articles"]
    print(
        f"wrote {manifest['articles']} articles in {manifest['files']} files "
        f"({manifest['bytes'] / 1e6:.2f} MB, mean {mean:,.0f} characters) from "
        f"{len(manifest['sources'])} sources, seed {manifest['seed']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
