"""A family is declared once, in its pack's `[pack]` table, and everything reads it there:
a house pack adds its own family and it is loaded, scored with its declared weight, ranked
and shown in every report."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.rules.errors import RulePackError
from audit.rules.registry import load_pack, load_registry

REPORT_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "docs" / "schema" / "report-1.schema.json").read_text()
)
SHIPPED = ["hedging", "boilerplate", "ai_disclaimer", "clutter", "unsupported_claim", "ai_style"]

HOUSE = """
[pack]
family = "HSE"
description = "The desk's own style rules."
category = "house_style"
label = "house"
weight = 2.0
half_points = 4.0
colour = "#a3e635"

[[rule]]
id = "HSE001"
name = "management-jargon"
kind = "phrase"
phrases = ["synergy", "going forward"]
confidence = "high"
message = "House style bans '{match}'"
why = "Readers skim past management jargon: it fills a sentence and tells them nothing they can check."
examples.flag = ["The merger promises synergy."]
examples.pass = ["The merger promises savings of four million dollars."]
"""

ARTICLE = (
    "Harbor Mills to merge with Tesson Paper\n\n"
    "Harbor Mills said on Tuesday that it would merge with Tesson Paper, a deal the two "
    "companies valued at 48 million dollars. Chief executive Amara Quint told reporters the "
    "merger would bring synergy to both plants, and that going forward the combined company "
    "would keep its 610 workers in Linden County.\n\n"
    "The county's economic development office said it had not been told of any job cuts. "
    "Union steward Paul Okafor said members would vote on the new contract in March, after "
    "the company publishes the terms it has promised to share with every worker on the floor.\n"
)


@pytest.fixture
def house(tmp_path):
    pack = tmp_path / "house.toml"
    pack.write_text(HOUSE, encoding="utf-8")
    articles = tmp_path / "articles" / "harbor-gazette"
    articles.mkdir(parents=True)
    (articles / "merger.txt").write_text(ARTICLE, encoding="utf-8")
    return pack, tmp_path / "articles"


def scan(*args):
    result = CliRunner().invoke(main, ["scan", *map(str, args)])
    return result


def test_the_shipped_families_are_declared_by_their_packs():
    families = load_registry().families
    assert [f.category for f in families] == SHIPPED
    assert {f.prefix: f.pack for f in families}["HDG"] == "hedging.toml"


def test_a_house_pack_declares_its_family_and_its_rules_belong_to_it(house):
    pack, _ = house
    registry = load_registry([pack])
    family = registry.families[-1]
    assert (family.prefix, family.category, family.label, family.weight) == (
        "HSE",
        "house_style",
        "house",
        2.0,
    )
    assert registry.get("HSE001").category == "house_style"


def test_a_house_family_is_scored_with_its_weight_and_ranked(house):
    pack, articles = house
    result = scan(articles, "--rules", pack, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, REPORT_SCHEMA)
    (article,) = report["articles"]
    assert [f["text"] for f in article["findings"] if f["rule"] == "HSE001"] == [
        "synergy",
        "going forward",
    ]
    categories = article["categories"]
    assert list(categories) == [*SHIPPED, "house_style"]  # the shipped keys, as before
    house_style = categories["house_style"]
    # Two warnings of high confidence: 6 points against a half of 4.
    assert (house_style["findings"], house_style["points"], house_style["score"]) == (2, 6.0, 40.0)
    weights = {"ai_disclaimer": 1.5, "unsupported_claim": 1.5, "clutter": 0.5, "house_style": 2.0}
    mean = sum(weights.get(c, 1.0) * v["score"] for c, v in categories.items()) / sum(
        weights.get(c, 1.0) for c in categories
    )
    assert article["score"] == pytest.approx(mean, abs=0.05)
    (source,) = report["sources"]
    assert source["categories"]["house_style"] == 40.0
    assert {"category": "house_style", "rule": "HSE001", "findings": 2, "total": 2} in source[
        "problems"
    ]


def test_a_house_family_is_shown_in_the_html_report(house):
    pack, articles = house
    result = scan(articles, "--rules", pack, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "--house_style:#a3e635;" in result.output
    assert ">house</text>" in result.output  # its chart label
    assert 'data-filter="c-house_style"' in result.output


def test_configured_weights_may_name_a_house_family_but_no_unknown_one(house, tmp_path):
    pack, articles = house
    config = tmp_path / "newsaudit.toml"
    config.write_text(f'rule-packs = ["{pack.name}"]\n[weights]\nhouse_style = 3\n')
    assert scan(articles, "--format", "json").exit_code == 0
    config.write_text(f'rule-packs = ["{pack.name}"]\n[weights]\nhouse_styles = 3\n')
    result = scan(articles, "--format", "json")
    assert result.exit_code == 2
    assert str(config) in result.output and "key 'weights'" in result.output
    assert "unknown category 'house_styles'" in result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('family = "HSE"', 'family = "HDG"'), "family HDG (hedging) is already declared"),
        (('category = "house_style"', 'category = "hedging"'), "key 'category'"),
        (("weight = 2.0\n", ""), "key 'weight' is required: a number from 0.001 to 1000"),
        (('colour = "#a3e635"', 'colour = "green"'), "key 'colour' must be a colour"),
        (('label = "house"', 'shade = "house"'), "[pack]: unknown key 'shade'"),
    ],
)
def test_a_bad_family_declaration_names_the_file_and_key(house, change, expected):
    pack, _ = house
    pack.write_text(HOUSE.replace(*change), encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_registry([pack])
    assert str(pack) in str(error.value) and expected in str(error.value)


def test_a_rule_of_an_undeclared_family_is_refused(tmp_path):
    pack = tmp_path / "stray.toml"
    body = HOUSE[HOUSE.index("[[rule]]") :]
    pack.write_text(body, encoding="utf-8")
    with pytest.raises(RulePackError, match=r"HSE001: key 'id' must be a family prefix \(HDG"):
        load_pack(pack)
    pack.write_text('[pack]\nfamily = "HSE"\n' + body, encoding="utf-8")
    with pytest.raises(RulePackError, match="no pack declares family 'HSE'"):
        load_registry([pack])
