"""LLM-tell word and phrase lists, with their sources (word lists are facts; no prose copied).

Sources, one per list (details in the comment above each):

- KOBAK_STYLE_WORDS: Kobak, González-Márquez, Horvát, Lause (2024), "Delving into
  LLM-assisted writing in biomedical publications through excess vocabulary",
  arXiv 2406.07016; berenslab/llm-excess-vocab, results/excess_words.csv (MIT).
- ANTISLOP_WORDS, ANTISLOP_PHRASES: sam-paech/antislop-sampler,
  slop_phrase_prob_adjustments.json (Apache-2.0).
- WIKI_AI_VOCAB, WIKI_PHRASES, TRANSITIONS, TRAILING_ING, NEGATIVE_PARALLELISM,
  HARD_TELL_PHRASES, HERE_IS_NOUNS, HARD_TELL_PATTERNS: Wikipedia, "Signs of AI writing"
  (WP:AISIGNS, WikiProject AI Cleanup, 2025 revision) and its "AI catchphrases" page.

Vocabulary tells are probabilistic: humans use every one of these words. They matter only as
densities aggregated over a document, weighted by the trained model. The near-deterministic
assistant artefacts (chatbot phrases, placeholders, markup) are kept apart as hard tells.
"""

from __future__ import annotations

import re


def words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Source: Kobak, González-Márquez, Horvát, Lause (2024), "Delving into LLM-assisted writing in
# biomedical publications through excess vocabulary", arXiv 2406.07016; list from GitHub
# berenslab/llm-excess-vocab results/excess_words.csv (MIT). The words whose `type` starts with
# "style", minus the 53 that are everyday news words (wordfreq Zipf >= 4.6: "their", "while",
# "however", "statement", "announced", ...), which carry no signal at news densities.
KOBAK_STYLE_WORDS = words(
    """
    accentuates achieving acknowledges acknowledging additionally addresses addressing adept
    adhered adhering advancement advancements advancing advocates advocating affirming afflicted
    aiding aims akin align aligning aligns alongside amid amidst apologizes assess assessed
    assessing assessments attains attributed augmenting avenue avenues bolster bolstered
    bolstering broader burgeoning capabilities capitalizing categorized categorizes categorizing
    challenges combating commendable compelling complicates complicating comprehend
    comprehending comprehensive comprising conducted consequently consolidates contributing
    conversely correlating crafted crafting crucial culminating customizing declare declared
    deductively delineates delve delved delves delving demonstrated demonstrates demonstrating
    dependability dependable detailing detrimentally diminishes diminishing discern discerned
    discernible discerning displaying disrupts distinct distinctions distinctive diverse easing
    effectively efficacy elevate elevated elevates elevating elucidate elucidates elucidating
    embracing emerged emerges emphasises emphasising emphasize emphasizes emphasizing employed
    employing employs empowers emulating emulation enabling encapsulates encompass encompassed
    encompasses encompassing endangering endeavors endeavours enduring enhance enhanced
    enhancements enhances enhancing ensuring equipping escalating essentials evaluates evolving
    exacerbating examines exceeding excels exceptional exceptionally exerting exhibit exhibited
    exhibiting exhibits expedite expediting exploration explores facilitated facilitates
    facilitating featuring findings focusing formidable fostering fosters foundational furnish
    garnered garnering gauged grappling groundbreaking groundwork hardest harness harnesses
    harnessing heighten heightened highlight highlighting highlights hinder hinges hinting
    illuminates illuminating imbalances impactful impacting impede impeding imperative
    impressive inadequately incorporates incorporating indicating influencing inherent initially
    innovative inquiries insights integrates integrating integration interconnectedness
    interplay intricacies intricate intricately introduces invaluable investigates involves
    involving juxtaposed leverages leveraging limitations linked maintaining merges
    methodologies meticulous meticulously midst multifaceted necessitate necessitates
    necessitating necessity notable notably noteworthy nuanced nuances observed optimizing
    orchestrating outcomes outlines overlook overlooking overwhelmed paving persist pinpoint
    pinpointed pinpointing pioneering pioneers pivotal poised pose posed poses posing postponed
    potentially precise predominantly presents preserving pressing prevalent primarily promising
    pronounced propelling realizes realm realms recognizing refine refines refining reframing
    remarkable renowned resulting rethink revealing reveals revolutionize revolutionizing
    revolves scrutinize scrutinized scrutinizing seamless seamlessly seeks serves shaping
    shedding showcased showcases showcasing signifying solidify spanned spanning spurred
    standardizing stemming strategically strategies streamline streamlined streamlines
    streamlining subsequently substantial substantiated substantiates surged surmount surpass
    surpassed surpasses surpassing swift swiftly synthesizes techniques thereby thorough
    transformative ultimately uncharted uncovering underexplored underscore underscored
    underscores underscoring unexplored unlocking unparalleled unraveling unveil unveiled
    unveiling unveils uphold upholding urging utilized utilizes utilizing valuable varying
    verifies versatility wandering warranting yielding
    """
)

# Source: sam-paech/antislop-sampler (Apache-2.0), slop_phrase_prob_adjustments.json (517
# entries). Fiction-biased. Dropped here: invented/stock character names (elara, sarah, ...),
# code tokens, British spellings that would tag UK reporters ("towards"), archaic "shall"/"thus",
# and generic fragments ("once a", "world of", "a reminder", "that was enough").
ANTISLOP_WORDS = words(
    """
    symphony kaleidoscope delve delving delved tapestry tapestries weave wove weaving bustling
    labyrinthine ministrations transcended thrummed flickered rasped rasp rasping bioluminescent
    glinting twinkled nodded nestled ministration canvas camaraderie orchestra palpable depths
    cacophony meticulous meticulously navigating complexities realm understanding tailored
    underpins everchanging ever-evolving alright embark journey daunting elevate unleash
    cutting-edge mastering harness landscape vibrant metropolis moreover crucial furthermore
    vital reverberate revolutionize labyrinth gossamer enigma whispering indelible
    understandingly paperbound hesitantly piqued curveballs marveled inclusivity birdwatcher
    newfound marveling thoughtfully intently birdwatching amidst cherishing attentively
    interjected serendipitous excitedly steepled engrossed fostering brainstormed furrowed
    contemplatively jotted yesteryears conspiratorially poring stumbled strategized hesitated
    intrigued adaptability geocaches furrowing quandaries chimed headfirst gruffly skeptically
    gastronomical sighed warmly approvingly questioningly undeterred starlit unearthing grappled
    geocachers animatedly fateful sparkled resonated harmoniously fidgeted gleamed embracing
    pleasantries navigated interconnectedness tanginess mouthwatering mischievously tirelessly
    sympathetically pondered lingered empathizing niche regaled savored firsthand empathetically
    unshed enigmatically adversities eagerly quizzically transcending resilience commiserated
    savoring somberly cinephile solace aquascaping rippled reveled birdwatchers adwoa
    appreciatively awestruck lightheartedness disapprovingly exclaimed fishkeeping sparked
    welled jotting resourcefulness reminisced unbeknownst pattered reassuringly
    miscommunications wafted absentmindedly weightiness allyship perseverance mindfully
    disheartened leaned birder captivated apprehensions gestured sagely piquing bated cinephiles
    wholeheartedly enthusiasts enchantingly blankly immersing adversity cleanups candidness
    windowpanes chuckled cobblestone scrolling curiosity homebrewer worriedly intriguingly
    brainstorming shimmered supportively captivating grumbled flytraps evergreen jingled etched
    intricate vibrantly insights etiquettes serendipity aback tightknit fostered unease
    stammered passions appreciating bibliophiles reverberated insightfulness unwavering strummed
    geocache conlangs geocaching advancements shying quaint unforeseen strategizing dialogues
    insurmountable clinked trusty persevered collaboratively fascinated thrived profusely
    solidifying murmured prided curveball belongingness hometown glanced dismissiveness echoed
    wonderment aquarist twinkling yearned paused nurturing avid brimming gesturing seasoned
    breadmaking naturedly transformative blossomed pastimes slipups intricacies enthusiast
    clinking underscored huddled gnawed quirks whirred sipped empathized cheerily unexpected
    reflecting nervously unlikeliest intertwine perusing towering prioritizing teemed
    astonishment showcasing diligently setbacks exhilarated murmurs gleaming coexisted yellowed
    seamlessly ominously quietude adorning teeming countless peculiar precariously deepened
    embarked empathetic triumphantly remorsefully grumble nuances researching pulsated aquafaba
    hunched reminiscing shockwaves considerately sparking emboldened delectable vigor
    """
)
ANTISLOP_PHRASES = (
    "testament to",
    "barely above a whisper",
    "barely a whisper",
    "orchestra of",
    "dance of",
    "maybe, just maybe",
    "maybe that was enough",
    "perhaps, just perhaps",
    "was only just beginning",
    "shivers down",
    "shivers up",
    "shiver down",
    "shiver up",
    "moth to a flame",
    "eyes glinted",
    "humble abode",
    "cold and calculating",
    "eyes never leaving",
    "body and soul",
    "a dance of",
    "chuckles darkly",
    "maybe, that was enough",
    "they would face it together",
    "for now, that was enough",
    "for now, that's enough",
    "with a mixture of",
    "air was filled with anticipation",
    "bore silent witness to",
    "eyes sparkling with mischief",
    "practiced ease",
    "ready for the challenges",
    "only just getting started",
    "once upon a time",
    "nestled deep within",
    "ethereal beauty",
    "life would never be the same",
    "it's important to remember",
    "for what seemed like an eternity",
    "little did he know",
    "ball is in your court",
    "game is on",
    "choice is yours",
    "feels like an electric shock",
    "threatens to consume",
    "dive into",
    "not only",
    "today's digital age",
    "game changer",
    "designed to enhance",
    "it is advisable",
    "when it comes to",
    "in the realm of",
    "unlock the secrets",
    "unveil the secrets",
    "and robust",
    "it's important to note",
    "in summary",
    "remember that",
    "take a dive into",
    "in the world of",
    "to consider",
    "there are a few considerations",
    "it's essential to",
    "as a professional",
    "you may want to",
    "on the other hand",
    "as previously mentioned",
    "it's worth noting that",
    "to summarize",
    "to put it simply",
    "in today's digital era",
    "sights unseen",
    "sounds unheard",
    "in conclusion",
    "was soft and gentle",
    "leaving trails of fire",
    "audible pop",
    "rivulets of",
    "despite herself",
    "reckless abandon",
    "torn between",
    "fiery red hair",
    "long lashes",
    "world narrows",
    "chestnut eyes",
    "cheeks flaming",
    "cheeks hollowing",
)

# Source: Wikipedia, "Signs of AI writing" (WP:AISIGNS, WikiProject AI Cleanup, 2025 revision)
# and its "AI catchphrases" companion page: the "AI vocabulary" section.
WIKI_AI_VOCAB = words(
    """
    additionally align aligns aligned boasts boast bolstered crucial delve delves emphasizing
    enduring enhance enhances enhancing fostering foster garner garnered highlighting interplay
    intricate intricacies meticulous meticulously pivotal showcase showcases showcasing tapestry
    testament underscore underscores underscoring valuable vibrant landscape
    """
)

# Source: WP:AISIGNS sections "Undue emphasis on symbolism, legacy, importance", "Promotional
# language" and "Editorializing" (all marked news: high in ai_tells_sources.md).
WIKI_PHRASES = (
    "stands as a testament",
    "serves as a testament",
    "a testament to",
    "plays a vital role",
    "plays a significant role",
    "plays a crucial role",
    "plays a pivotal role",
    "play a vital role",
    "play a significant role",
    "play a crucial role",
    "play a pivotal role",
    "underscores the importance",
    "highlights the importance",
    "reflects broader",
    "enduring legacy",
    "lasting legacy",
    "continues to captivate",
    "leaves a lasting impact",
    "lasting impact",
    "watershed moment",
    "key turning point",
    "deeply rooted",
    "steadfast",
    "indelible mark",
    "setting the stage for",
    "a pivotal moment",
    "nestled",
    "in the heart of",
    "vibrant",
    "rich cultural heritage",
    "rich heritage",
    "breathtaking",
    "stunning natural beauty",
    "must-visit",
    "renowned",
    "groundbreaking",
    "diverse array",
    "captivating",
    "seamlessly",
    "it's important to note",
    "it is important to note",
    "it's important to remember",
    "it is important to remember",
    "it's important to consider",
    "it is important to consider",
    "it is worth noting",
    "it's worth noting",
    "notably",
    "in today's fast-paced world",
    "no discussion would be complete without",
    "a significant step",
    "a major milestone",
    "a testament",
)

# Source: WP:AISIGNS "Overused conjunctive adverbs / essay transitions" and "Section summaries".
TRANSITIONS = (
    "moreover",
    "furthermore",
    "additionally",
    "in addition",
    "on the other hand",
    "consequently",
    "in summary",
    "in conclusion",
    "overall",
    "ultimately",
    "as a result",
    "in light of",
)

# Source: WP:AISIGNS "Superficial analysis through trailing -ing clauses": a comma, then one
# of these participles opening a clause that comments on the sentence before it.
TRAILING_ING = words(
    """
    highlighting emphasizing emphasising underscoring reflecting showcasing ensuring
    contributing fostering marking signaling signalling demonstrating illustrating
    solidifying cementing paving symbolizing bolstering adding raising
    """
)

# Source: WP:AISIGNS "Communication intended for the user" and its knowledge-cutoff phrases.
# Near-deterministic in news copy: assistant chatter pasted into an article.
HARD_TELL_PHRASES = (
    "as an ai language model",
    "as an ai model",
    "as of my last knowledge update",
    "as of my last training update",
    "as of my knowledge cutoff",
    "i hope this helps",
    "i'm sorry but i can't",
    "i'm sorry but i cannot",
    "would you like me to",
    "let me know if you",
)

# "Here is a 4 sentence news article based on the summary:" and the like: "here is"/"here's",
# a determiner, up to three words, then one of these nouns (matched on tokens in features.py).
HERE_IS_NOUNS = frozenset(["article", "summary", "version", "story", "rewrite", "piece", "report"])

# Source: WP:AISIGNS "Placeholders and templates" and "Markup artefacts" (ChatGPT citation
# residue, Markdown in non-Markdown text), plus the "Certainly!" openers. Each regex runs only
# when its single gate character occurs, which is rare in news copy.
HARD_TELL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (gate, re.compile(pattern, re.IGNORECASE | re.MULTILINE))
    for gate, pattern in (
        ("!", r"\b(?:certainly|of course|absolutely)!"),
        ("[", r"\[(?:your name|insert[^\]]*|company name|date|name|location|assistant)\]"),
        ("[", r"contentreference\[oaicite"),
        ("_", r"insert_source_url|oai_citation|utm_source=(?:chatgpt|openai)"),
        ("*", r"\*\*[^*\n]{1,80}\*\*"),
        ("#", r"^#{1,4} \w"),
        ("-XX-", r"20\d\d-XX-XX"),
        ("-xx-", r"20\d\d-XX-XX"),
        ("turn0", r"turn0(?:search|news)\d"),
    )
)

# "Negative parallelisms" (WP:AISIGNS): "not only ... but also", "it's not just X, it's Y".
NEGATIVE_PARALLELISM = re.compile(
    r"\bnot only\b[^.!?]{1,80}\bbut\b|\bnot just\b[^.!?]{1,60}[,;-] (?:it's|but)\b",
    re.IGNORECASE,
)

# Assistant chatter: what a chat assistant says to the person who prompted it, which no
# newsroom writes to its readers. Unlike the hard tells above (placeholders, Markdown,
# "Of course!", "let me know if you"), which scraped pages and columnists produce too, each
# of these is a reply to a prompt, an assistant speaking of itself as an AI, or an offer to
# revise its output. Written from the reply frames chat models are known to use (WP:AISIGNS
# "Communication intended for the user"), not from any training text; matched on folded
# text, outside quotation marks (news about chatbots quotes them).
# Where each may stand: the body's first sentence (a reply opening the text) or its last two
# (an offer closing it); CHATTER_SELF below may stand anywhere.
CHATTER_OPENING = "opening"
CHATTER_CLOSING = "closing"
_OUTPUT = r"(?:article|story|report|piece|summary|version|draft|rewrite|text|post|write-?up)"
ASSISTANT_CHATTER: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (where, re.compile(pattern, re.IGNORECASE))
    for where, pattern in (
        # "Sure! Here's a 300-word news story based on the headline you provided:" - a reply
        # that names the prompt (a length asked for, the material given, the request), or
        # opens with a courtesy word.
        (
            CHATTER_OPENING,
            r"^\W*(?:(?:sure|certainly|of course|absolutely)\W+)?(?:here is|here's|below is)"
            r" (?:a|an|the|your|my)\b(?=[^.!?\n]{0,160}?(?:\b\d+[- ](?:words?|sentences?"
            r"|paragraphs?)\b|\b(?:given|provided|requested|following)\b|\byou (?:asked|gave)\b"
            r"|\bas (?:you )?requested\b|\bbased on (?:the|your|this)\b))[^.!?\n]{0,80}?\b"
            + _OUTPUT
            + r"\b",
        ),
        (
            CHATTER_OPENING,
            r"^\W*(?:sure|certainly|of course|absolutely)\W+(?:here is|here's|below is)"
            r" (?:a|an|the|your|my)\b[^.!?\n]{0,80}?\b" + _OUTPUT + r"\b",
        ),
        # A leftover prompt: "Write a news article about ..." opening the text.
        (
            CHATTER_OPENING,
            r"^\W*(?:write|rewrite|generate|compose) (?:a|an|the) (?:[\w-]+ ){0,4}?"
            + _OUTPUT
            + r" (?:about|on|based on|from|using)\b",
        ),
        # An offer to revise the output, closing it.
        (
            CHATTER_CLOSING,
            r"\b(?:let me know|feel free to let me know|please let me know) if you(?:'d| would)?"
            r" (?:like|want|need) (?:me to|any (?:changes|edits|adjustments|revisions|modifications)"
            r"|(?:a|another) (?:different|shorter|longer|revised))\b",
        ),
        (
            CHATTER_CLOSING,
            r"\bwould you like me to (?:make|adjust|revise|expand|shorten|rewrite|add|change"
            r"|modify|elaborate|include|write|tweak)\b",
        ),
        (
            CHATTER_CLOSING,
            r"\bi (?:can|could) (?:also )?(?:revise|adjust|expand|shorten|rewrite|modify|tweak)"
            r" (?:the|this|it)\b[^.!?\n]{0,60}\bif you(?:'d| would)? (?:like|want|prefer)\b",
        ),
    )
)
# The assistant speaking of itself as an AI, in the first person, anywhere in the text. Each
# regex runs only when one of its lower-case gate strings occurs (rare in news copy).
CHATTER_SELF: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (gates, re.compile(pattern, re.IGNORECASE))
    for gates, pattern in (
        (
            ("an ai", "a language", "large language", "artificial intelligence"),
            r"\bas an? (?:ai|artificial intelligence|large language|language|ai language)"
            r" (?:model|assistant)\b,? (?:i|my)\b",
        ),
        (("an ai", "language model"), r"\bi(?: am|'m) (?:an ai|a (?:large )?language model)\b"),
        (
            ("my knowledge", "my training", "my last"),
            r"\bmy (?:last )?(?:knowledge|training)[- ](?:cut-?off|update)\b|\bmy training data\b",
        ),
    )
)
