"""Which articles newsaudit can judge: English prose long enough to score.

The rules, lexicons and models read English only, and a score from a handful of
words means nothing (a one-line "Breaking news" file would score 99). Such an
article is not audited: it is listed among the run's refused inputs with its
language, its length and the reason, so every format accounts for it and no
source ranking counts it. Another language fails the run (exit 2) unless the user
allowed it; a text too short to audit is a notice that never changes the exit code.

A text too short to score is still read for the page defects that need no length: the
text-matching rules (patterns, phrases, whole lines) of the families scored per article
(AI disclaimers, placeholders, clutter, boilerplate lines). Their findings are listed
with it and fail `check` as they would on a long draft. Rules that weigh a text as a whole
(per-500-word families, densities, the Python checks and the models) need length and do
not run on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit.ingest.model import InputError
from audit.text.language import Language, clearly_english, detect, known_codes
from audit.text.segment import Unsegmented, count_words

if TYPE_CHECKING:
    from audit.rules.model import Family, Finding, Rule

ENGLISH = "en"
MIN_WORDS = 80  # a score needs a few sentences of prose: below this, a notice and no score
CONFIDENT = 0.9  # another language must be this likely before an article is refused for it
LANGUAGE_MIN_WORDS = 20  # fewer words (allowed by --min-words) are too few to tell a language
ANY_LANGUAGE = "any"  # allow_languages value: no language fails the run
LENGTH_FREE_KINDS = frozenset({"pattern", "phrase", "line"})  # rule kinds that match text as it is


@dataclass(frozen=True)
class Unscored(InputError):
    """An article that was read but cannot be judged; `kind` says why."""

    kind: str = "language"  # "language" (not English) | "too_short"
    id: str = "-"
    source: str = "-"
    title: str | None = None
    words: int = 0
    language: Language | None = None
    findings: tuple[Finding, ...] = ()  # a short text's page defects (length_free_rules)

    def to_dict(self) -> dict[str, Any]:
        short = (
            {"findings": [f.to_dict() for f in self.findings]} if self.kind == "too_short" else {}
        )
        return {
            **super().to_dict(),
            "kind": self.kind,
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "words": self.words,
            "language": None if self.language is None else self.language.code,
            "language_probability": (
                None if self.language is None else round(self.language.probability, 4)
            ),
            "blocking": self.blocking,
            **short,
        }


@dataclass(frozen=True)
class Admission:
    """What an article needs to be scored: at least `min_words` words of body (0: no minimum),
    and English, unless its language is allowed (then it is still not scored, but listed
    without failing the run)."""

    min_words: int = MIN_WORDS
    allow_languages: frozenset[str] = frozenset()

    def refusal(self, article: Unsegmented) -> Unscored | None:
        """Why this article cannot be scored, or None when it can."""
        body = article.text[article.body_start :]
        words = count_words(body)
        where = article.path or article.id
        about = {"id": article.id, "source": article.source, "title": article.title}
        if words < self.min_words:
            reason = (
                f"too short to audit: {words} words (a score needs at least {self.min_words}; "
                "--min-words changes that)"
            )
            return Unscored(where, None, reason, False, "too_short", words=words, **about)
        if words < LANGUAGE_MIN_WORDS or clearly_english(body, article.title):
            return None
        language = detect(body)
        if language.code == ENGLISH or language.probability < CONFIDENT:
            return None
        allowed = {ANY_LANGUAGE, language.code} & self.allow_languages
        reason = (
            f"written in {language.name} ({language.code}, probability "
            f"{language.probability:.2f}); newsaudit's rules and models read English only, "
            "so it is not scored"
            + ("" if allowed else f" (--allow-language {language.code} lists it without failing)")
        )
        return Unscored(
            where, None, reason, not allowed, "language", words=words, language=language, **about
        )


def length_free_rules(rules: Sequence[Rule], families: Sequence[Family]) -> tuple[Rule, ...]:
    """The rules run on a text too short to score: text matches of the families scored per
    article, not per 500 words (a hedge or an unsourced claim is only a problem by its rate)."""
    per_article = {f.category for f in families if not f.per_words}
    return tuple(r for r in rules if r.category in per_article and r.kind in LENGTH_FREE_KINDS)


def check_languages(codes: tuple[str, ...]) -> str | None:
    """The first of `codes` that names no language the detector knows (a typo), or None."""
    if not codes:
        return None  # nothing to look up: the model is not loaded
    known = known_codes() | {ANY_LANGUAGE}
    return next((code for code in codes if code not in known), None)
