"""Configuration: discovery upward, precedence of flags over files, and errors that name file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.runtime.config import ConfigError, find_config, resolve_settings
from audit.runtime.pipeline import build_policy, build_rules

HEDGED = (
    "Talks Stall\n\nThe deal reportedly collapsed on Monday. "
    '"We will not sign," said Renata Oyelaran, president of Local 14.\n' + BACKGROUND
)
DISCLOSED = HEDGED + "\nThis article was generated in part using artificial intelligence.\n"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rules_found(result) -> set[str]:
    report = json.loads(result.stdout)
    return {f["rule"] for a in report["articles"] for f in a["findings"]}


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "drafts" / "wire").mkdir(parents=True)
    (tmp_path / "drafts" / "hedged.txt").write_text(HEDGED, encoding="utf-8")
    (tmp_path / "drafts" / "wire" / "disclosed.txt").write_text(DISCLOSED, encoding="utf-8")
    return tmp_path


def test_pyproject_section_is_found_upward_from_the_checked_files(project):
    (project / "pyproject.toml").write_text('[tool.newsaudit]\nfail-on = "warning"\n')
    assert find_config([str(project / "drafts" / "wire" / "disclosed.txt")]) == (
        project / "pyproject.toml"
    )
    settings = resolve_settings([str(project / "drafts")])
    assert settings.fail_on == "warning"
    assert settings.origin("fail_on").endswith("pyproject.toml [tool.newsaudit]")


def test_a_pyproject_without_the_section_is_passed_over(project):
    (project / "pyproject.toml").write_text('[tool.newsaudit]\nfail-on = "info"\n')
    (project / "drafts" / "pyproject.toml").write_text('[project]\nname = "drafts"\n')
    assert find_config([str(project / "drafts" / "hedged.txt")]) == project / "pyproject.toml"


def test_newsaudit_toml_comes_before_pyproject_in_the_same_folder(project):
    (project / "pyproject.toml").write_text('[tool.newsaudit]\nfail-on = "info"\n')
    (project / "newsaudit.toml").write_text('fail-on = "warning"\n')
    assert resolve_settings([str(project / "drafts")]).fail_on == "warning"


def test_the_nearest_configuration_wins(project):
    (project / "newsaudit.toml").write_text('fail-on = "info"\n')
    (project / "drafts" / "wire" / "newsaudit.toml").write_text('fail-on = "warning"\n')
    assert resolve_settings([str(project / "drafts" / "wire")]).fail_on == "warning"
    # One configuration per run: the one nearest to the folder holding every file.
    assert resolve_settings([str(project / "drafts")]).fail_on == "info"


def test_no_configuration_means_defaults(project):
    settings = resolve_settings([str(project / "drafts")])
    assert settings.file is None and settings.fail_on == "error" and settings.origins == {}


def test_flags_override_the_file_and_ignore_adds_to_it(project):
    (project / "newsaudit.toml").write_text(
        'fail-on = "info"\nselect = ["HDG"]\nignore = ["HDG002"]\nmin-score = 20\n'
    )
    settings = resolve_settings(
        [str(project)],
        overrides={"fail_on": "error", "select": ("AID",), "ignore": ("AID002",)},
    )
    assert settings.fail_on == "error" and settings.origin("fail_on") == "--fail-on"
    assert settings.select == ("AID",)
    assert settings.ignore == ("HDG002", "AID002")
    assert settings.min_score == 20 and settings.origin("min_score").endswith("newsaudit.toml")


def test_config_flag_and_isolated(project, tmp_path):
    (project / "newsaudit.toml").write_text('fail-on = "info"\n')
    elsewhere = tmp_path / "house.toml"
    elsewhere.write_text('fail-on = "warning"\n')
    assert resolve_settings([str(project)], config=elsewhere).fail_on == "warning"
    assert resolve_settings([str(project)], isolated=True).fail_on == "error"


def test_config_selection_and_per_path_ignores_change_what_scan_reports(project):
    assert {"HDG001", "AID001"} <= rules_found(
        invoke("scan", project / "drafts", "--format", "json")
    )
    (project / "newsaudit.toml").write_text(
        'ignore = ["speculative-adverb"]\n[per-path-ignores]\n"drafts/wire/*" = ["AID"]\n'
    )
    found = rules_found(invoke("scan", project / "drafts", "--format", "json"))
    assert "HDG001" not in found and "AID001" not in found
    assert "AID001" in rules_found(
        invoke("scan", project / "drafts", "--format", "json", "--isolated")
    )


def test_per_source_ignores_match_the_articles_source(project):
    (project / "newsaudit.toml").write_text('[per-source-ignores]\n"wire" = ["AID001"]\n')
    found = rules_found(invoke("scan", project / "drafts", "--format", "json"))
    assert "AID001" not in found and "HDG001" in found


def test_extend_select_adds_to_select(project):
    (project / "newsaudit.toml").write_text('select = ["HDG"]\nextend-select = ["AID001"]\n')
    active = {r.id for r in build_rules(resolve_settings([str(project)])).active.rules}
    assert "AID001" in active and "HDG001" in active and "AID002" not in active


def test_level_overrides_take_the_most_specific_selector(project):
    (project / "newsaudit.toml").write_text('[levels]\nHDG = "error"\nHDG001 = "info"\n')
    levels = {r.id: r.level for r in build_rules(resolve_settings([str(project)])).active.rules}
    assert levels["HDG001"] == "info" and levels["HDG002"] == "error"


def test_a_level_override_changes_the_gate(project):
    hedged = project / "drafts" / "hedged.txt"
    assert invoke("check", hedged).exit_code == 0
    (project / "newsaudit.toml").write_text('[levels]\nHDG001 = "error"\n')
    assert invoke("check", hedged).exit_code == 1


def test_weights_and_thresholds_reach_the_scoring_policy(project):
    (project / "newsaudit.toml").write_text("[weights]\nclutter = 2.0\n[thresholds]\nhedging = 4\n")
    settings = resolve_settings([str(project)])
    policy = build_policy(settings, build_rules(settings).known.families)
    assert policy.weights["clutter"] == 2.0 and policy.weights["hedging"] == 1.0
    assert policy.half_points["hedging"] == 4.0


def test_extra_rule_packs_are_relative_to_the_config(project):
    pack = project / "packs" / "house.toml"
    pack.parent.mkdir()
    pack.write_text(
        '[[rule]]\nid = "HDG901"\nname = "house-hedge"\nkind = "phrase"\n'
        'phrases = ["word on the street"]\nmessage = "House hedge"\nwhy = "House style."\n'
        'examples.flag = ["Word on the street is he left."]\nexamples.pass = ["He left."]\n'
    )
    (project / "newsaudit.toml").write_text('rule-packs = ["packs/house.toml"]\n')
    active = build_rules(resolve_settings([str(project / "drafts")])).active
    assert active.get("HDG901") is not None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('fail_on = "warning"\n', "unknown key 'fail_on'"),
        ('fail-on = "fatal"\n', "key 'fail-on': must be one of info, warning, error"),
        ("min-score = 120\n", "key 'min-score': must be a number from 0 to 100"),
        ('select = "HDG"\n', "key 'select': must be a list"),
        ("[weights]\nspin = 2\n", "key 'weights': unknown category 'spin'"),
        ('ignore = ["XYZ9"]\n', "key 'ignore': 'XYZ9' matches no rule"),
        ('[levels]\nHDG001 = "loud"\n', "key 'levels': must be one of"),
        ("fail-on = \n", "not valid TOML"),
    ],
)
def test_config_errors_name_the_file_and_key_and_exit_2(project, body, expected):
    config = project / "newsaudit.toml"
    config.write_text(body)
    result = invoke("check", project / "drafts" / "hedged.txt")
    assert result.exit_code == 2
    assert str(config) in result.stderr and expected in result.stderr


def test_unknown_keys_in_pyproject_name_the_section(project):
    (project / "pyproject.toml").write_text('[tool.newsaudit]\nfial-on = "info"\n')
    with pytest.raises(
        ConfigError, match=r"pyproject.toml \[tool.newsaudit\]: unknown key 'fial-on'"
    ):
        resolve_settings([str(project)])


def test_a_missing_config_file_is_an_error_never_masked_by_exit_zero(project):
    result = invoke("check", project / "drafts", "--config", project / "nope.toml", "--exit-zero")
    assert result.exit_code == 2 and "nope.toml" in result.stderr


def test_config_show_prints_each_setting_with_its_origin(project):
    (project / "newsaudit.toml").write_text('fail-on = "warning"\nignore = ["CLT"]\n')
    result = invoke("config", "--show", project / "drafts")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# configuration file: {project / 'newsaudit.toml'}"
    assert f'fail-on = "warning"  # {project / "newsaudit.toml"}' in lines
    assert 'ignore = ["CLT"]  # ' + str(project / "newsaudit.toml") in lines
    assert "select = []  # default" in lines
    assert invoke("config", project / "drafts").stdout.strip() == str(project / "newsaudit.toml")


def test_a_nearer_config_that_the_run_does_not_use_is_named(project):
    (project / "newsaudit.toml").write_text('fail-on = "info"\n')
    (project / "drafts" / "wire" / "newsaudit.toml").write_text('fail-on = "warning"\n')
    result = invoke("scan", project / "drafts", project / "drafts" / "wire")
    assert f"{project / 'drafts' / 'wire' / 'newsaudit.toml'} is nearer" in result.stderr
