"""Which language an article is written in: py3langid's naive Bayes model over byte n-grams.

The rules, lexicons and models read English only, so an article in another language
cannot be judged (audit/text/admission.py). py3langid ships its model inside the package
(about 4 MB, loaded once per process in under a second) and needs no network; it
identifies 97 languages and takes a millisecond or two for a news article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


def known_codes() -> frozenset[str]:
    """Every language the model can name."""
    return frozenset(_identifier().nb_classes)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
