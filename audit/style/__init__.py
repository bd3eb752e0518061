"""AI-style estimator behind ``ai_probability``: stylometric features and function-word
n-grams + a small linear model.

Public interface: ``estimate_style(text, sentences) -> StyleEstimate`` and ``MIN_WORDS``.
"""

from audit.style.estimate import MIN_WORDS, StyleEstimate, estimate_style

__all__ = ["MIN_WORDS", "StyleEstimate", "estimate_style"]
