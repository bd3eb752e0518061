"""Rule packs are validated on load; every error names the file, the rule and the key."""

import pytest

from audit.rules.errors import RulePackError
from audit.rules.registry import load_pack, load_registry

VALID = """
[[rule]]
id = "HDG901"
name = "house-hedge"
kind = "phrase"
phrases = ["sort of maybe"]
message = "House hedge '{match}'"
why = "Our style guide bans it."
examples.flag = ["It was sort of maybe late."]
examples.pass = ["It was late."]
"""


def write(tmp_path, body):
    path = tmp_path / "house.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_valid_user_pack_loads_with_defaults(tmp_path):
    (rule,) = load_pack(write(tmp_path, VALID))
    assert (rule.id, rule.category, rule.level, rule.confidence) == (
        "HDG901",
        "hedging",
        "warning",
        "medium",
    )
    assert rule.allow_quotes is True


def test_a_user_pack_extends_the_registry(tmp_path):
    registry = load_registry([write(tmp_path, VALID)])
    assert registry.get("HDG901") is not None
    assert registry.get("house-hedge").id == "HDG901"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('id = "HDG901"', 'id = "XYZ001"'), "key 'id' must be a family prefix"),
        (('kind = "phrase"', 'kind = "magic"'), "key 'kind' must be one of"),
        (
            ('phrases = ["sort of maybe"]', 'patterns = ["(unclosed"]'),
            "unknown key 'patterns' for a phrase rule",
        ),
        (('why = "Our style guide bans it."', 'level = "fatal"'), "key 'level' must be one of"),
        (('examples.pass = ["It was late."]', ""), "key 'examples.pass' must be a non-empty list"),
        (('name = "house-hedge"', 'name = "house-hedge"\ncolour = "red"'), "unknown key 'colour'"),
        (
            ('name = "house-hedge"', 'name = "house-hedge"\ndefer = true\ndefer_to = ["menus"]'),
            "key 'defer_to' must be a list of categories",
        ),
        (
            ('name = "house-hedge"', 'name = "house-hedge"\ndefer_to = ["clutter"]'),
            "key 'defer_to' needs 'defer = true'",
        ),
    ],
)
def test_invalid_packs_are_rejected_with_file_rule_and_key(tmp_path, change, expected):
    path = write(tmp_path, VALID.replace(*change))
    with pytest.raises(RulePackError) as error:
        load_pack(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_an_invalid_regex_is_reported_with_the_pattern(tmp_path):
    body = VALID.replace('kind = "phrase"', 'kind = "pattern"').replace(
        'phrases = ["sort of maybe"]', 'patterns = ["(unclosed"]'
    )
    with pytest.raises(
        RulePackError, match=r"HDG901: key 'patterns': '\(unclosed' is not a valid regex"
    ):
        load_pack(write(tmp_path, body))


def test_broken_toml_is_reported_with_the_file(tmp_path):
    path = write(tmp_path, "[[rule]\nid = ")
    with pytest.raises(RulePackError, match="not valid TOML"):
        load_pack(path)


def test_a_duplicate_rule_id_is_an_error(tmp_path):
    body = VALID.replace("HDG901", "HDG001")
    with pytest.raises(RulePackError, match=r"HDG001: id already defined in hedging\.toml"):
        load_registry([write(tmp_path, body)])


def test_a_python_rule_must_name_a_known_check(tmp_path):
    body = VALID.replace('kind = "phrase"', 'kind = "python"').replace(
        'phrases = ["sort of maybe"]', 'check = "no_such_check"'
    )
    with pytest.raises(RulePackError, match="key 'check' names no known check"):
        load_registry([write(tmp_path, body)])


def test_selection_by_id_prefix_and_name(registry):
    assert {r.category for r in registry.select(["HDG"]).rules} == {"hedging"}
    assert [r.id for r in registry.select(["speculative-adverb"]).rules] == ["HDG001"]
    assert "HDG001" not in {r.id for r in registry.select(ignore=["HDG001"]).rules}
