"""Assistant chatter in a text: a reply to a prompt, an assistant speaking of itself as an AI,
or an offer to revise its output (lexicon.ASSISTANT_CHATTER and CHATTER_SELF).

No newsroom writes these to its readers, so they are evidence of a pasted assistant answer in
any outlet's copy and from any generator. The style model does not learn their weight from the
training folds (a fold without such machine text would learn none, and a fold with it would
learn one generator's habit): the model file gives them a fixed log-likelihood ratio
(``StyleModel.chatter_weight``) that raises the calibrated log-odds of a text holding one, and
of the sentence windows around it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from audit.style import lexicon

_QUOTE = re.compile(r'"[^"\n]{1,1500}"')
CLOSING_SENTENCES = 2  # an offer to revise counts in this many sentences at the text's end
_PATTERNS = {
    where: [p for w, p in lexicon.ASSISTANT_CHATTER if w == where]
    for where in (lexicon.CHATTER_OPENING, lexicon.CHATTER_CLOSING)
}


def chatter_sentences(plain: str, sentences: Sequence[tuple[int, int]]) -> list[int]:
    """Sorted indices of the ``sentences`` ((start, end) spans into ``plain``, a text folded
    by text.fold) holding assistant chatter where such chatter stands, outside quotation
    marks."""
    if not sentences:
        return []
    lower = plain.lower()
    starts = [s for s, _ in sentences]
    last = len(sentences) - 1
    hits: list[tuple[int, int]] = []  # (sentence, position in the text)
    for gates, pattern in lexicon.CHATTER_SELF:
        if any(g in lower for g in gates):
            for m in pattern.finditer(plain):
                i = bisect_right(starts, m.start()) - 1
                if i >= 0 and m.start() < sentences[i][1]:
                    hits.append((i, m.start()))
    start, end = sentences[0]
    if len(plain[start:end].split()) <= 2 and last:
        end = sentences[1][1]  # "Sure!" opens the reply the next sentence makes
    places = [(0, start, end, lexicon.CHATTER_OPENING)] + [
        (i, *sentences[i], lexicon.CHATTER_CLOSING)
        for i in range(max(0, last - CLOSING_SENTENCES + 1), last + 1)
    ]
    for i, start, end, where in places:
        sentence = plain[start:end]
        for pattern in _PATTERNS[where]:
            m = pattern.search(sentence)
            if m:
                hits.append((i, start + m.start()))
    if not hits:
        return []
    quoted = [m.span() for m in _QUOTE.finditer(plain)]
    return sorted({i for i, at in hits if not any(a <= at < b for a, b in quoted)})
