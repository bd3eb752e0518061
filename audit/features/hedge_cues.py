"""The hedging cue lexicon: words and phrases that soften a claim or hide who makes it.

Grouped by how they hedge, so the sentence model can weigh the groups apart
and a finding can name its cues. Written for this project from the usual
classes of hedges in the literature (speculative verbs and modals, adverbs of
likelihood and frequency, vague quantifiers, weasel attributions, passive
reporting). Matching is on the segmenter's lower-case tokens.
"""

from __future__ import annotations

from audit.rules.phrases import PhraseIndex

# fmt: off
CUES: dict[str, tuple[str, ...]] = {
    "modal": ("may", "might", "could", "would", "can be", "should", "must have", "may have"),
    "speculative_verb": (
        "seem", "seems", "seemed", "appear", "appears", "appeared", "suggest", "suggests",
        "suggested", "suggesting", "indicate", "indicates", "indicated", "imply", "implies",
        "implied", "suspect", "suspected", "speculate", "speculated", "assume", "assumed",
        "presume", "presumed", "estimate", "estimated", "tend to", "tends to", "tended to",
    ),
    "likelihood_adverb": (
        "possibly", "probably", "perhaps", "maybe", "likely", "unlikely", "apparently",
        "presumably", "seemingly", "supposedly", "reportedly", "allegedly", "purportedly",
        "arguably", "potentially", "conceivably", "ostensibly", "reputedly", "possible",
        "probable", "plausible", "doubtful", "unclear", "uncertain", "questionable",
    ),
    "frequency_adverb": (
        "often", "usually", "generally", "typically", "frequently", "sometimes", "occasionally",
        "commonly", "largely", "mostly", "mainly", "partly", "somewhat", "relatively",
        "fairly", "rather", "widely", "broadly", "in general", "in some cases", "to some extent",
    ),
    "vague_quantifier": (
        "some", "many", "most", "several", "various", "numerous", "few", "a few", "a number of",
        "a lot of", "much of", "countless", "others", "certain", "a variety of",
    ),
    "weasel_attribution": (
        "it is said", "it is believed", "it is thought", "it is claimed", "it is considered",
        "it is reported", "it has been said", "it has been suggested", "it has been argued",
        "it has been claimed", "it is widely", "it is generally", "it is often",
        "it is possible", "it is likely", "is considered", "are considered", "was considered",
        "were considered", "is believed", "are believed", "was believed", "is thought",
        "are thought", "was thought", "is said", "are said", "was said", "is regarded",
        "are regarded", "was regarded", "is known as one of", "is seen as", "are seen as",
        "is perceived", "are perceived", "critics", "experts", "observers", "analysts",
        "scholars", "historians", "some people", "many people", "some say", "many believe",
        "some argue", "claimed", "claims", "claim", "believed", "believe", "argued", "argue",
        "considered", "regarded", "thought to", "said to", "rumoured", "rumored", "according to",
    ),
    "evaluative": (
        "one of the most", "one of the best", "one of the greatest", "one of the largest",
        "notable", "notably", "significant", "important", "famous", "renowned", "acclaimed",
        "best known", "well known", "well-known", "widely regarded", "highly",
    ),
}
# fmt: on
GROUPS = tuple(CUES)
INDEX: PhraseIndex[str] = PhraseIndex(
    (phrase, group) for group, phrases in CUES.items() for phrase in phrases
)
