"""GitHub Actions workflow commands: one annotation per finding, on the file and line.

`::error file=drafts/a.md,line=4,col=9,endLine=4,endColumn=19,title=...::message`
(info findings are notices). Values are escaped as the runner expects: `%`,
CR and LF everywhere, and `:` and `,` in properties.
"""

from __future__ import annotations

from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import RunResult
from audit.rules.docs import doc_path
from audit.rules.model import Finding, level_rank
from audit.text.admission import Unscored

_COMMANDS = {"info": "notice", "warning": "warning", "error": "error"}


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    min_level = options.min_level
    threshold = level_rank(min_level)
    names = {rule.id: rule.name for rule in run.rules}
    lines = []
    for article in run.articles:
        doc = article.document
        file = article.location or doc.path or doc.id
        for f in article.findings:
            if level_rank(f.level) < threshold:
                continue
            end = doc.structure.line_column(f.end)
            lines.append(_annotation(f, file, names, end))
    for error in run.errors:
        title = "newsaudit: input refused" if error.blocking else "newsaudit: not scored"
        properties = {"file": error.path, "title": title}
        if error.line:
            properties["line"] = error.line
        lines.append(_command("error" if error.blocking else "notice", properties, error.reason))
        for f in error.findings if isinstance(error, Unscored) else ():  # page defects
            if level_rank(f.level) >= threshold:
                lines.append(_annotation(f, error.path, names))
    lines.extend(_command("notice", {"title": "newsaudit"}, notice) for notice in run.notices)
    return "".join(line + "\n" for line in lines)


def _annotation(
    f: Finding, file: str, names: dict[str, str], end: tuple[int, int] | None = None
) -> str:
    """A finding's annotation; `end` (line, column) where the text's line table is at hand."""
    properties: dict[str, object] = {"file": file, "line": f.line, "col": f.column}
    if end is not None:
        properties["endLine"], properties["endColumn"] = end
    properties["title"] = f"{f.rule} {names.get(f.rule, '')}".strip()
    return _command(_COMMANDS[f.level], properties, f"{f.message} (see {doc_path(f.rule)})")


def _command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
