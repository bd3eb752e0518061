"""Settings from `[tool.newsaudit]` in pyproject.toml or from newsaudit.toml, found upward.

One configuration applies to a run: the one nearest to the folder that holds
every checked file (a newsaudit.toml before a pyproject.toml in the same
folder; a pyproject.toml without the section is passed over). Command-line
flags override it and every value remembers where it came from, so
`newsaudit config --show` can say. Paths in a file are relative to its folder.
Every error names the file and the key, so an editor can fix it alone.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from audit.rules.model import HALF_POINTS, LEVELS, WEIGHTS
from audit.text.admission import MIN_WORDS

CONFIG_NAME = "newsaudit.toml"
DEFAULT = "default"


class ConfigError(ValueError):
    """A configuration a user can fix: the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)  # selector -> level
    weights: dict[str, float] = field(default_factory=dict)  # category -> weight
    thresholds: dict[str, float] = field(default_factory=dict)  # category -> half points
    fail_on: str = "error"
    min_score: float | None = None
    rule_packs: tuple[Path, ...] = ()
    per_source_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    baseline: Path | None = None
    style_model: Path | None = None  # a model JSON from `newsaudit model train`
    min_words: int = MIN_WORDS  # shorter articles are listed, not scored (0: no minimum)
    allow_languages: tuple[str, ...] = ()  # other languages listed without failing the run
    store: Path | None = None  # the history store (SQLite) runs are recorded in
    file: Path | None = None  # the configuration file read, if any
    root: Path = field(default_factory=Path.cwd)  # relative paths and path patterns start here
    origins: dict[str, str] = field(default_factory=dict)  # setting -> where its value came from

    def origin(self, name: str) -> str:
        return self.origins.get(name, DEFAULT)


def _keys() -> dict[str, tuple[str, Any]]:
    """Key in the file -> (Settings field, parser)."""
    return {
        "select": ("select", _selectors),
        "ignore": ("ignore", _selectors),
        "extend-select": ("extend_select", _selectors),
        "levels": ("levels", _levels),
        "weights": ("weights", _ranged(*WEIGHTS)),
        "thresholds": ("thresholds", _ranged(*HALF_POINTS)),
        "fail-on": ("fail_on", _level),
        "min-score": ("min_score", _score),
        "rule-packs": ("rule_packs", _paths),
        "per-source-ignores": ("per_source_ignores", _ignore_table),
        "per-path-ignores": ("per_path_ignores", _ignore_table),
        "baseline": ("baseline", _path),
        "style-model": ("style_model", _path),
        "min-words": ("min_words", _count),
        "allow-languages": ("allow_languages", _languages),
        "store": ("store", _path),
    }


def find_config(paths: Sequence[str], cwd: Path | None = None) -> Path | None:
    """The configuration nearest to the folder holding every checked file (cwd for stdin)."""
    return nearest_config(common_folder(paths, cwd))


def common_folder(paths: Sequence[str], cwd: Path | None = None) -> Path:
    cwd = (cwd or Path.cwd()).resolve()
    folders = [_folder(cwd / p) for p in paths if p != "-"]
    return Path(os.path.commonpath(folders)) if folders else cwd


def _folder(path: Path) -> Path:
    """The folder of a checked path; a path that cannot be resolved (a symbolic link loop, a
    folder that cannot be searched) is refused later, by the reader, and counts as its parent."""
    try:
        path = path.resolve()
        return path if path.is_dir() else path.parent
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path)).parent


def nearest_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if _is_file(candidate):
            return candidate
        pyproject = folder / "pyproject.toml"
        if _is_file(pyproject) and "newsaudit" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; in a folder that cannot be searched, it is not found."""
    try:
        return path.is_file()
    except OSError:
        return False


def unused_configs(paths: Sequence[str], used: Path | None, cwd: Path | None = None) -> list[Path]:
    """Nearer configurations of some checked files that this run does not apply (one per run)."""
    cwd = (cwd or Path.cwd()).resolve()
    nearer = {nearest_config(_folder(cwd / p)) for p in paths if p != "-"}
    return sorted(p for p in nearer if p is not None and p != used)


def load_config(path: Path) -> Settings:
    """Settings from one file: newsaudit.toml (top level) or pyproject.toml ([tool.newsaudit])."""
    data = _read(path)
    where = str(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("newsaudit", {})
        where = f"{path} [tool.newsaudit]"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table of settings")
    keys = _keys()
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in data.items():
        if key not in keys:
            known = ", ".join(keys)
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        name, parse = keys[key]
        try:
            values[name] = parse(value, path.parent)
        except ConfigError as error:
            raise ConfigError(f"{where}: key {key!r}: {error}") from None
        origins[name] = where
    return Settings(**values, file=path, root=path.parent, origins=origins)


def resolve_settings(
    paths: Sequence[str],
    *,
    config: Path | None = None,
    isolated: bool = False,
    overrides: dict[str, Any] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """The effective settings: --config, else the discovered file (unless --isolated), then flags.

    `overrides` maps Settings fields to command-line values; `select`, `fail_on`,
    `min_score`, `baseline` and `store` replace the file's value, `ignore`, `extend_select` and
    `rule_packs` add to it. None or an empty tuple means the flag was not given.
    """
    cwd = (cwd or Path.cwd()).resolve()
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"{config}: no such configuration file")
        settings = load_config(config)
    elif isolated:
        settings = Settings(root=cwd)
    else:
        found = find_config(paths, cwd)
        settings = load_config(found) if found else Settings(root=cwd)
    return _apply_overrides(settings, overrides or {})


_EXTENDING = frozenset({"ignore", "extend_select", "rule_packs", "allow_languages"})
_FLAGS = {
    "select": "--select",
    "ignore": "--ignore",
    "extend_select": "--extend-select",
    "fail_on": "--fail-on",
    "min_score": "--min-score",
    "rule_packs": "--rules",
    "baseline": "--baseline",
    "min_words": "--min-words",
    "allow_languages": "--allow-language",
    "store": "--store",
}


def _apply_overrides(settings: Settings, overrides: dict[str, Any]) -> Settings:
    changes: dict[str, Any] = {}
    origins = dict(settings.origins)
    for name, value in overrides.items():
        if value is None or value == ():
            continue
        if name in _EXTENDING:
            value = (*getattr(settings, name), *value)
            origins[name] = f"{origins[name]} + {_FLAGS[name]}" if name in origins else _FLAGS[name]
        else:
            origins[name] = _FLAGS[name]
        changes[name] = value
    return replace(settings, **changes, origins=origins)


def describe(settings: Settings, defaults: dict[str, Any] | None = None) -> list[str]:
    """Every effective setting in config-file syntax, each with where it came from.

    `defaults` supplies values the file completes rather than replaces (the
    scoring policy's weights and thresholds), so the full effective table shows.
    """
    header = f"# configuration file: {settings.file or 'none (defaults)'}"
    lines = [header]
    by_field = {name: key for key, (name, _) in _keys().items()}
    for item in fields(Settings):
        if item.name not in by_field:
            continue
        key, value, origin = (
            by_field[item.name],
            getattr(settings, item.name),
            settings.origin(item.name),
        )
        if defaults and item.name in defaults:
            value = {**defaults[item.name], **value}
        if value is None:
            lines.append(f"# {key} is not set  # {origin}")
        else:
            lines.append(f"{key} = {_toml(value, settings.root)}  # {origin}")
    return lines


def _toml(value: Any, root: Path) -> str:
    if isinstance(value, Path):
        return _quote(_shown_path(value, root))
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v, root) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quote(k)} = {_toml(v, root)}" for k, v in value.items()) + "}"
    return _quote(str(value))


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error


# Parsers: each takes the raw value and the file's folder, and raises ConfigError.


def _selectors(value: Any, _: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError("must be a list of rule ids, id prefixes or rule names")
    return tuple(value)


def _level(value: Any, _: Path) -> str:
    if value not in LEVELS:
        raise ConfigError(f"must be one of {', '.join(LEVELS)} (got {value!r})")
    return value


def _levels(value: Any, root: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError("must be a table of rule selector = level")
    return {selector: _level(level, root) for selector, level in value.items()}


def _ranged(low: float, high: float):
    """A parser for a table of category = number from `low` to `high`: bounded, so that no
    setting can overflow a score to infinity or NaN (and a NaN would pass every gate)."""

    def parse(value: Any, _: Path) -> dict[str, float]:
        if not isinstance(value, dict):
            raise ConfigError(f"must be a table of category = number from {low:g} to {high:g}")
        for category, number in value.items():
            if (
                isinstance(number, bool)
                or not isinstance(number, int | float)
                or not low <= number <= high
            ):
                raise ConfigError(
                    f"category {category!r}: must be a number from {low:g} to {high:g} "
                    f"(got {number!r})"
                )
        return {category: float(number) for category, number in value.items()}

    return parse


def _score(value: Any, _: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(f"must be a number from 0 to 100 (got {value!r})")
    return float(value)


def _count(value: Any, _: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"must be a whole number, 0 or more (got {value!r})")
    return value


def _languages(value: Any, _: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError('must be a list of language codes such as "es", or ["any"]')
    return tuple(value)


def _path(value: Any, root: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError("must be a path (a string)")
    return root / value


def _paths(value: Any, root: Path) -> tuple[Path, ...]:
    if not isinstance(value, list):
        raise ConfigError("must be a list of paths")
    return tuple(_path(v, root) for v in value)


def _ignore_table(value: Any, root: Path) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError("must be a table of pattern = [rule selectors]")
    return {pattern: _selectors(selectors, root) for pattern, selectors in value.items()}


def file_selectors(settings: Settings) -> Iterable[tuple[str, str]]:
    """(key, selector) for every rule selector in settings loaded from one file."""
    names = {name: key for key, (name, _) in _keys().items()}
    for name in ("select", "ignore", "extend_select"):
        yield from ((names[name], s) for s in getattr(settings, name))
    yield from (("levels", s) for s in settings.levels)
    for name in ("per_source_ignores", "per_path_ignores"):
        for selectors in getattr(settings, name).values():
            yield from ((names[name], s) for s in selectors)
