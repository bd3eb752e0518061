"""Repeated passages: the same headline or lede pasted twice is a template or scraping artefact."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from difflib import SequenceMatcher

from audit.rules.model import Hit, Rule
from audit.text.document import Block, Document
from audit.text.segment import TOKEN

_KEY_WORDS = 6  # a passage shorter than this is too common to call a repeat


def repeated_passages(doc: Document, rule: Rule) -> Iterable[Hit]:
    """A block that repeats an earlier one, or is a cut-off copy of another (a teaser of the lede)."""
    words = [_words(doc, block) for block in doc.structure.blocks]
    by_prefix: dict[tuple[str, ...], list[int]] = {}
    for i, block_words in enumerate(words):
        if len(block_words) >= _KEY_WORDS:
            by_prefix.setdefault(tuple(block_words[:_KEY_WORDS]), []).append(i)
    for indices in by_prefix.values():
        for later in indices[1:]:
            for earlier in indices:
                if earlier == later:
                    break
                copy = _copy_of(words[earlier], words[later], earlier, later)
                if copy is not None:
                    block = doc.structure.blocks[copy]
                    other = doc.structure.blocks[later if copy == earlier else earlier]
                    line = other.lines[0] + 1
                    yield Hit(block.start, block.end, f"{rule.message} (also at line {line})")
                    break


def _copy_of(first: list[str], second: list[str], i: int, j: int) -> int | None:
    """Which of two blocks is the redundant copy: the later if equal, else the truncated one."""
    if first == second:
        return j
    if second[: len(first)] == first:
        return i
    if first[: len(second)] == second:
        return j
    return None


def near_duplicate_headings(doc: Document, rule: Rule) -> Iterable[Hit]:
    """A heading that restates an earlier one with small changes (a headline and its variant)."""
    params = rule.options.get("params", {})
    threshold = params.get("similarity", 0.6)
    window = params.get("first_blocks", 12)
    min_words = params.get("min_words", 5)
    headings: list[tuple[Block, list[str]]] = []
    for block in doc.structure.blocks[:window]:
        if block.kind != "heading" or block.words < min_words:
            continue
        block_words = _words(doc, block)
        for earlier, earlier_words in headings:
            if earlier_words == block_words:
                break  # an exact repeat is the repeated-passage rule's finding
            ratio = SequenceMatcher(None, earlier_words, block_words, autojunk=False).ratio()
            if ratio >= threshold:
                message = (
                    f"{rule.message} ({ratio:.0%} the same words as line {earlier.lines[0] + 1})"
                )
                yield Hit(block.start, block.end, message)
                break
        headings.append((block, block_words))


def _words(doc: Document, block: Block) -> list[str]:
    """The block's tokens: the segmenter's when the match view keeps the text's offsets (a block
    starts and ends beside space, so no token crosses its edges), else its text's own."""
    structure = doc.structure
    if structure.view.starts is None:
        tokens = structure.tokens
        first = bisect_left(tokens.starts, block.start)
        return list(tokens.words[first : bisect_left(tokens.starts, block.end, first)])
    return TOKEN.findall(doc.text[block.start : block.end].lower())
