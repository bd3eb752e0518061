"""Which language an article is written in: py3langid's naive Bayes model over byte n-grams.

The rules, lexicons and models read English only, so an article in another language
cannot be judged (audit/text/admission.py). py3langid ships its model inside the package
(about 4 MB, loaded once per process in under a second) and needs no network; it
identifies 97 languages and takes a millisecond or two for a news article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from audit.text.codepoints import code_points, join_inner_apostrophes, marked, spaced_words

SAMPLE_CHARS = 2_500  # enough to be sure of a language; bounds the cost of a long input
NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "nb": "Norwegian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip
# Words common in English and absent or rare in the other languages of Latin script ("to",
# "for", "was", "in", "is", "die", "her" are left out: they are common words elsewhere too).
DISTINCTLY_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "that",
        "with",
        "this",
        "from",
        "have",
        "not",
        "but",
        "which",
        "they",
        "were",
        "their",
        "been",
        "would",
        "there",
        "who",
        "said",
        "about",
        "than",
        "into",
        "after",
        "when",
        "what",
        "could",
        "them",
        "only",
        "these",
        "because",
        "should",
        "while",
        "where",
        "being",
        "those",
        "its",
        "had",
        "his",
        "she",
        "it",
        "be",
        "you",
    ]
)
ENGLISH_SHARE = 0.12  # of words: English prose has about 0.22 (its 1st percentile about 0.14)
ENGLISH_MIN_WORDS = 50  # fewer words say too little for the shortcut: the model decides
# A scraped page's furniture ("Share on Facebook", "Views: 8.9K", a byline) is lines of a few
# words with none of DISTINCTLY_ENGLISH, and on a short page it takes the share below
# ENGLISH_SHARE; the lines of this many words or more are the prose the share describes.
PROSE_LINE_WORDS = 8
# The short lines set aside must read as furniture (labels, buttons, a byline: this many words
# a line or fewer on average). Short lines of more words are text (verse, a live blog's items,
# a list of headlines) whose language the model must judge, however English the rest; unless
# most short lines are labels and the few longer ones (a headline, a tag line) hold fewer words
# than the prose and read as English with it.
FURNITURE_LINE_WORDS = 3
# The segmenter's TOKEN without figures: ENGLISH_SHARE is a share of words, and a table of
# numbers is not English.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")  # what _WORD's words are made of, apostrophes aside
_ASCII_LETTERS = bytes(_LETTER.match(chr(code)) is not None for code in range(128))


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as py3langid names it
    probability: float  # of this language against the other 96

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)


def detect(text: str) -> Language:
    """The most likely language of `text` (its first SAMPLE_CHARS characters)."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return Language(str(code), float(probability))


def clearly_english(text: str, title: str | None = None) -> bool:
    """Whether `text` (its first SAMPLE_CHARS characters) is plainly English: enough of its words
    are ones no other language uses much, in the whole sample or in its lines of prose
    (PROSE_LINE_WORDS) when its other lines read as page furniture (FURNITURE_LINE_WORDS).
    A line that prints the article's `title` is its headline, set aside with the furniture
    whatever its length: a headline in Title Case holds none of the distinctly English words.
    Then the model is not needed, and a check of one English draft does not load it (about
    a third of a second; half a second of a scan's start-up)."""
    sample = text[:SAMPLE_CHARS].lower()
    words = _words(sample)
    if _english(words):
        return True
    headline = _WORD.findall(title.lower()) if title else None
    lines = [found for line in sample.splitlines() if (found := _WORD.findall(line)) != headline]
    prose = [word for found in lines if len(found) >= PROSE_LINE_WORDS for word in found]
    short = [len(found) for found in lines if 0 < len(found) < PROSE_LINE_WORDS]
    if len(prose) == len(words) or not _english(prose):
        return False
    if sum(short) <= FURNITURE_LINE_WORDS * len(short):
        return True
    # A headline or a tag line among the labels: English with the prose, and fewer words.
    longer = [
        word
        for found in lines
        if FURNITURE_LINE_WORDS < len(found) < PROSE_LINE_WORDS
        for word in found
    ]
    labels = 2 * sum(n <= FURNITURE_LINE_WORDS for n in short) > len(short)
    return labels and len(longer) < len(prose) and _english(prose + longer)


def _words(text: str) -> list[str]:
    """What `_WORD.findall(text)` finds, read as the segmenter reads its tokens (text.codepoints):
    runs of letters (each distinct character beyond ASCII asked of `re` once) and of apostrophes
    between two letters. A pattern match a word costs a sample of news about one and a half
    times as much."""
    codes = code_points(text)
    inside = marked(codes, _ASCII_LETTERS, _is_letter)
    join_inner_apostrophes(codes, inside)
    return spaced_words(codes, inside[1:-1])


def _is_letter(char: str) -> bool:
    return _LETTER.match(char) is not None


def _english(words: list[str]) -> bool:
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    return sum(map(DISTINCTLY_ENGLISH.__contains__, words)) >= ENGLISH_SHARE * len(words)


def known_codes() -> frozenset[str]:
    """Every language the model can name."""
    return frozenset(_identifier().nb_classes)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
