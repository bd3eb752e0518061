"""The prose of an article: the sentences of its paragraphs, and how much of it is lists.

The AI-style model reads only prose (headings, list items and page fragments are not the
writer's sentences). The audit and the style trainer both take it from here, so the model is
trained on the sentences the audit will hand it.
"""

from __future__ import annotations

from audit.text.document import Sentence, Structure
from audit.text.segment import segment


def prose_sentences(structure: Structure) -> list[Sentence]:
    """The sentences of the paragraph blocks, in reading order."""
    blocks = structure.blocks
    return [s for s in structure.sentences if blocks[s.block].kind == "paragraph"]


def list_share(structure: Structure) -> float:
    """The share of the body's words in list items and short fragments (table cells, link
    lists) rather than paragraphs or headings."""
    blocks = [b for b in structure.blocks if b.kind != "heading"]
    words = sum(b.words for b in blocks)
    return sum(b.words for b in blocks if b.kind in ("item", "short")) / words if words else 0.0


def prose_spans(text: str) -> tuple[list[tuple[int, int]], float]:
    """Segment ``text`` as the audit does: its prose sentence spans and its list share."""
    structure = segment(text)
    return [(s.start, s.end) for s in prose_sentences(structure)], list_share(structure)
