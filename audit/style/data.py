"""Training and evaluation rows for the style model, from several files, with their groups.

A model that has seen an outlet's house style or a generator's habits in training scores
that outlet or generator too well, so every figure is measured on folds that share neither.
Each row gets two groups, one for each way of holding data out:

- ``outlet_group``: the publisher (by registered name, so bbc.com, bbc.co.uk and the BBC
  articles behind XSum are one outlet). Machine text written from an outlet's articles
  (XSum continuations and summaries are BBC's) belongs to that outlet, since it carries the
  outlet's openings and stories; machine text of unknown origin is a group of its own.
- ``story_group``: what folds grouped by outlet keep whole. It is the outlet group, except
  for machine text of unknown origin in a file that also holds human articles: that text is
  paired with the article whose story it tells (story_sources) and held out with that
  article's outlet, so that no story is in both the training and the scoring part. It
  still weighs as machine text of its own group, since it carries the story, not the
  outlet's words.
- ``generator_group``: the generator family for machine text (ChatGPT from three corpora is
  one generator). Human text is a group of its own here: holding out whole outlets as well
  would hold out the BBC's human articles while the machine continuations of them stay in
  training, which measures the outlet, not the generator.

Files are JSONL. A labelled file has ``text`` and ``label`` ("human" | "ai") per row. A file
given as human-only (``--human``) needs no label: every row is human, its text either
``text`` or, for a page of labelled lines, the lines labelled ``body``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Second-level labels under which a domain's registered name sits one label further left.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "go"})
# Outlet names that corpora spell differently from their domain.
_ALIASES = {"newyorktimes": "nytimes", "xsum": "bbc", "economist": "economist"}
# Text cut for training: whole leading sentences within a budget drawn per row from this
# range, so long human articles and short machine texts meet at the same lengths.
BUDGET_RANGE = (120, 480)
# Story words: lower-cased words of at least this many letters (names and topic words).
STORY_WORD_LETTERS = 4
# Least IDF-weighted Jaccard overlap of story words at which a machine text is taken to
# tell a human article's story (a machine text and its source article share 0.05-0.4).
MIN_STORY_OVERLAP = 0.03


class DataError(ValueError):
    """A row that cannot be used, named by file and line."""


def read_jsonl(path: str | Path) -> Iterable[tuple[int, Any]]:
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise DataError(f"{path}: line {number}: not JSON ({error.msg})") from error


def labelled_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a file of texts labelled human or ai."""
    rows = []
    for number, row in read_jsonl(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise DataError(f'{path}: line {number}: needs an object with a "text" string')
        if row.get("label") not in ("human", "ai"):
            raise DataError(
                f'{path}: line {number}: "label" must be "human" or "ai", not {row.get("label")!r}'
            )
        rows.append(with_groups(row, path, number))
    for machine, source in story_sources(rows).items():
        rows[machine]["story_group"] = rows[source]["outlet_group"]
    return rows


def story_sources(rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Machine text of unknown outlet paired with the human article of the same file whose
    story it tells: {machine row: human row}. Corpora that write machine text about the
    same stories as their human articles carry no link between the two, so the pair is the
    article sharing the most story words (IDF-weighted Jaccard over the file's human
    articles: a word in every article counts nothing, a name in one counts most), if it
    shares at least MIN_STORY_OVERLAP."""
    human = [i for i, r in enumerate(rows) if r["label"] == "human"]
    unpaired = [i for i, r in enumerate(rows) if str(r["outlet_group"]).startswith("text:")]
    if not human or not unpaired:
        return {}
    words = {i: _story_words(rows[i]["text"]) for i in human + unpaired}
    df = Counter(w for i in human for w in words[i])
    idf = {w: math.log((len(human) + 1) / (n + 1)) for w, n in df.items()}
    unseen = math.log(len(human) + 1)
    pairs = {}
    for i in unpaired:
        mine = words[i]
        weight = sum(idf.get(w, unseen) for w in mine)
        best, source = 0.0, None
        for j in human:
            shared = sum(idf[w] for w in mine & words[j])
            union = weight + sum(idf[w] for w in words[j] - mine)
            if union and shared / union > best:
                best, source = shared / union, j
        if source is not None and best >= MIN_STORY_OVERLAP:
            pairs[i] = source
    return pairs


def _story_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(rf"[A-Za-z]{{{STORY_WORD_LETTERS},}}", text))


def human_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a file of human texts (articles with ``text``, or pages of labelled lines)."""
    rows = []
    for number, row in read_jsonl(path):
        if not isinstance(row, dict):
            raise DataError(f"{path}: line {number}: not a JSON object")
        text = row.get("text")
        if not isinstance(text, str) and isinstance(row.get("lines"), list):
            text = "\n".join(
                str(line.get("text", ""))
                for line in row["lines"]
                if isinstance(line, dict) and line.get("label") == "body" and not line.get("title")
            )
        if not isinstance(text, str):
            raise DataError(f'{path}: line {number}: needs a "text" string or labelled "lines"')
        rows.append(with_groups({**row, "text": text, "label": "human"}, path, number))
    return rows


def load(labelled: Sequence[str | Path], human: Sequence[str | Path] = ()) -> list[dict[str, Any]]:
    """All rows of the labelled files, then of the human-only files, each with its group."""
    rows = [r for p in labelled for r in labelled_rows(p)]
    return rows + [r for p in human for r in human_rows(p)]


def with_groups(row: dict[str, Any], path: str | Path, number: int) -> dict[str, Any]:
    """A labelled row (from line ``number`` of ``path``) as the trainer reads it: text,
    label, id, dataset, generator, and its outlet and generator groups."""
    out = {
        "text": row["text"],
        "label": row["label"],
        "id": str(row.get("id") or f"{Path(path).name}:{number}"),
        "dataset": str(row.get("dataset") or Path(path).stem),
    }
    if row["label"] == "ai":
        out["generator"] = str(row.get("generator") or "unknown")
        outlet = outlet_of(row, default=None)
        out["outlet_group"] = f"outlet:{outlet}" if outlet else f"text:{out['id']}"
        out["generator_group"] = "generator:" + generator_family(out["generator"])
    else:
        out["generator"] = None
        out["outlet_group"] = "outlet:" + outlet_of(row)
        out["generator_group"] = f"text:{out['id']}"
    out["story_group"] = out["outlet_group"]
    return out


def generator_family(name: str) -> str:
    """One name per model, whatever corpus tagged it: 'gpt-3.5-turbo(detectrl)' and
    'gpt-3.5-turbo (ChatGPT)' are both gpt-3.5-turbo."""
    return re.sub(r"\s*\(.*\)\s*$", "", name.strip().lower()) or "unknown"


def outlet_of(row: dict[str, Any], default: str | None = "unknown") -> str | None:
    """The publisher behind a row: its source domain, outlet name or page URL, by
    registered name; XSum-derived rows are the BBC's. ``default`` when none is known (a
    human row then takes its dataset's name)."""
    for key in ("source", "outlet"):
        if isinstance(row.get(key), str) and row[key].strip():
            return _outlet_name(row[key])
    if isinstance(row.get("url"), str) and row["url"].strip():
        return _outlet_name(urlsplit(row["url"]).hostname or row["url"])
    dataset = str(row.get("dataset") or "")
    if "xsum" in dataset.lower():
        return "bbc"
    if default is None:
        return None
    return _outlet_name(dataset or default)


def _outlet_name(name: str) -> str:
    name = name.strip().lower()
    if "." in name and " " not in name:
        labels = [p for p in name.split(".") if p]
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            name = labels[-3]
        elif len(labels) >= 2:
            name = labels[-2]
    name = re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name))
    return _ALIASES.get(name, name) or "unknown"


def budget(row_id: str, low: int = BUDGET_RANGE[0], high: int = BUDGET_RANGE[1]) -> int:
    """A word budget in [low, high) drawn from a hash of the row id (deterministic)."""
    h = int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16)
    return low + h % (high - low)
