"""Rules that must be code: each check reads a Document and yields Hits for one rule;
each counter says how many units of a kind (check-worthy sentences) a Document holds.

The rule's metadata (id, message, level, examples) still lives in a pack; the
pack names the check by the key it has here.
"""

from audit.features import (
    ai_style,
    attribution,
    boilerplate,
    claims,
    clutter_model,
    hedging_model,
    scraping,
    typography,
)

CHECKS = {
    "repeated_passage": boilerplate.repeated_passages,
    "near_duplicate_heading": boilerplate.near_duplicate_headings,
    "related_article_block": scraping.related_article_blocks,
    "truncated_ending": scraping.truncated_ending,
    "likely_clutter": clutter_model.likely_clutter,
    "mixed_apostrophes": typography.mixed_apostrophes,
    "machine_like_prose": ai_style.machine_like_prose,
    "unnamed_article": attribution.unnamed_article,
    "unattributed_claim": claims.unsupported_claims,
    "hedged_sentence": hedging_model.hedged_sentences,
}

# Denominators for density rules (`out_of`): one summary says "14 of 38 check-worthy sentences".
COUNTERS = {
    "check_worthy_sentences": claims.count_claims,
}
