"""Scrape damage that needs context: related-article blocks and text cut off mid-sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from audit.rules.model import Hit, Rule
from audit.text.document import Document

_RELATED_HEADER = re.compile(
    r"(?:related|recommended|suggested|trending|popular|latest|more)(?: \w+){0,3}"
    r"|(?:you (?:may|might) (?:also )?(?:like|enjoy)|read (?:more|also|next)|also read|see also"
    r"|don't miss|more from [\w ]+|more stories|most (?:read|popular|viewed)|editor's picks?|top stories)"
    r"[\w ]{0,20}",
    re.IGNORECASE,
)
_RELATED_WORDS = re.compile(
    r"\b(?:related|recommended|suggested|trending|popular|latest|more|like|enjoy|read|also|miss|picks?|stories)\b",
    re.IGNORECASE,
)
_TEASER_WORDS = 40
_ENDS_SENTENCE = tuple(".!?\"'”’)»…:;")
# Closing quotes include their common mojibake (UTF-8 read as Latin-1: "â\x80\x9d" is ”).
_LAST_FULL_STOP = re.compile(r".*[.!?…](?:[\"'”’)»]|â\x80[\x99\x9d])*(?:\s|$|(?=[A-Z]))", re.DOTALL)
# Letters only, not the segmenter's TOKEN: `min_cut_words` counts words, not figures, and
# the threshold was set counting "it's" as two.
_WORD = re.compile(r"[^\W\d_]+")


def related_article_blocks(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Every teaser line under a "Related Articles"-style header, up to the next real paragraph."""
    blocks = doc.structure.blocks
    text = doc.text
    i = 0
    while i < len(blocks):
        header = blocks[i]
        content = text[header.start : header.end].strip(" :")
        if (
            header.kind in ("heading", "short")
            and header.words <= 5
            and _is_related_header(content)
        ):
            j = i + 1
            while j < len(blocks) and _is_teaser(text, blocks[j]):
                yield Hit(
                    blocks[j].start,
                    blocks[j].end,
                    f"{rule.message} (under “{content}”, line {header.lines[0] + 1})",
                )
                j += 1
            if j > i + 1:
                yield Hit(
                    header.start, header.end, f"{rule.message} (header of {j - i - 1} teaser lines)"
                )
            i = j
        else:
            i += 1


def _is_related_header(content: str) -> bool:
    return bool(_RELATED_HEADER.fullmatch(content)) and bool(_RELATED_WORDS.search(content))


def _is_teaser(text: str, block) -> bool:
    content = text[block.start : block.end].rstrip()
    if block.kind in ("heading", "short", "item"):
        return True
    return block.words <= _TEASER_WORDS and (content.endswith("...") or content.endswith("…"))


def truncated_ending(doc: Document, rule: Rule) -> Iterable[Hit]:
    """The article's last paragraph stops mid-sentence: the page or the generation was cut off.

    A few words after the last full stop ("Email Subscribe", "He tweets @name", "Via Daily
    Wire", an end mark "■") are a tail the page added to a finished text, not a cut sentence.
    """
    params = rule.options.get("params", {})
    blocks = doc.structure.blocks
    if not blocks:
        return
    last = blocks[-1]
    if last.kind != "paragraph" or last.words < params.get("min_words", 8):
        return
    content = doc.text[last.start : last.end]
    if content.endswith(_ENDS_SENTENCE) or content.endswith(("...", "…")):
        return
    finished = _LAST_FULL_STOP.match(content)
    unfinished = content[finished.end() :] if finished else content
    if len(_WORD.findall(unfinished)) < params.get("min_cut_words", 6):
        return
    tail = list(re.finditer(r"\S+", content))[-3:]
    start = last.start + tail[0].start()
    yield Hit(start, last.end)
