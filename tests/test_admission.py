"""What newsaudit refuses to judge: an article in another language, or too short to score, is
listed with the reason in every format and given no score; selectors that match nothing fail."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.admission import Admission
from audit.cli import main
from audit.language import detect

ENGLISH = "Port talks resume\n\nNegotiators met for six hours on Tuesday.\n" + BACKGROUND
SPANISH = (
    "Cierre de la piscina\n\n"
    "El ayuntamiento aprobó el martes por la noche el cierre de la piscina municipal durante "
    "todo el verano, debido a una factura de reparación de 340.000 euros. Según fuentes cercanas "
    "al gobierno local, la obra podría retrasarse hasta el próximo año. Al parecer, los vecinos "
    'no fueron consultados antes de la votación. "Mis hijos aprendieron a nadar allí", dijo '
    "Dolores Reyes, que vive a dos calles de la piscina desde hace treinta años. El pleno también "
    "aprobó un nuevo contrato para la recogida de basura y la limpieza de las calles del centro.\n"
)
FRENCH = (
    "Le conseil municipal a voté mardi soir la fermeture de la piscine du quartier pendant tout "
    "l'été, en raison d'une facture de réparation de 340 000 euros. Selon des sources proches de "
    "la mairie, les travaux pourraient prendre du retard. Les habitants, venus nombreux, "
    "n'étaient pas convaincus. « Mes enfants ont appris à nager ici », a déclaré une riveraine."
)
GERMAN = (
    "Der Stadtrat hat am Dienstagabend beschlossen, das Freibad in der Lindenstraße den ganzen "
    "Sommer über zu schließen. Grund sind Reparaturkosten von 340.000 Euro für die beschädigte "
    "Filteranlage. Nach Angaben aus dem Rathaus könnte das Bad im kommenden Juni wieder öffnen, "
    "falls ein Zuschuss des Landes bewilligt wird."
)
SHORT = "Breaking news\n"
REPO = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "harbor").mkdir()
    (tmp_path / "harbor" / "talks.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "diario").mkdir()
    (tmp_path / "diario" / "piscina.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "harbor" / "flash.txt").write_text(SHORT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "code"),
    [(ENGLISH, "en"), (SPANISH, "es"), (FRENCH, "fr"), (GERMAN, "de")],
    ids=["en", "es", "fr", "de"],
)
def test_the_language_of_an_article_is_detected(text, code):
    language = detect(text)
    assert language.code == code and language.probability > 0.9


def test_another_language_and_a_short_text_are_listed_not_scored(drafts):
    result = invoke("scan", drafts, "--format", "json")
    assert result.exit_code == 2  # another language fails the run unless allowed
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads((REPO / "docs/schema/report-1.schema.json").read_text()))
    assert [a["id"] for a in report["articles"]] == ["harbor/talks.txt"]
    assert [s["source"] for s in report["sources"]] == ["harbor"]  # ranking counts scored only
    errors = {e["path"]: e for e in report["errors"]}
    spanish, short = errors["diario/piscina.txt"], errors["harbor/flash.txt"]
    assert spanish["kind"] == "language" and spanish["language"] == "es" and spanish["blocking"]
    assert "Spanish" in spanish["reason"] and spanish["source"] == "diario"
    assert short["kind"] == "too_short" and short["words"] == 2 and not short["blocking"]
    assert "score" not in spanish and "score" not in short
    assert report["summary"]["not_scored"] == 2


def test_check_exits_2_for_another_language_unless_it_is_allowed(drafts, tmp_path):
    spanish = drafts / "diario" / "piscina.txt"
    assert invoke("check", spanish, "--isolated").exit_code == 2
    allowed = invoke("check", spanish, "--isolated", "--allow-language", "es", "--format", "json")
    assert allowed.exit_code == 0
    assert json.loads(allowed.stdout)["articles"] == []  # allowed is listed, never scored
    assert invoke("check", spanish, "--isolated", "--allow-language", "any").exit_code == 0
    (drafts / "newsaudit.toml").write_text('allow-languages = ["es"]\n', encoding="utf-8")
    assert invoke("check", spanish).exit_code == 0
    (drafts / "newsaudit.toml").write_text('allow-languages = ["spanish"]\n', encoding="utf-8")
    typo = invoke("check", spanish)
    assert typo.exit_code == 2 and "'spanish' is not a language code" in typo.stderr


def test_a_text_too_short_to_score_is_a_notice_not_a_99(drafts):
    result = invoke("check", drafts / "harbor" / "flash.txt", "--isolated")
    assert result.exit_code == 0
    assert "not scored" in result.stderr and "too short to audit: 2 words" in result.stderr
    assert "score=" not in result.stdout
    scored = invoke("check", drafts / "harbor" / "flash.txt", "--isolated", "--min-words", "0")
    assert "score=" in scored.stdout


@pytest.mark.parametrize("fmt", ["text", "jsonl", "csv", "sarif", "github", "html", "stream"])
def test_every_format_accounts_for_what_was_not_scored(drafts, fmt):
    command = "scan" if fmt == "stream" else "check"
    output = invoke(command, drafts, "--format", fmt, "--isolated").stdout
    assert "piscina.txt" in output and "flash.txt" in output
    assert "Spanish" in output and "too short" in output
    if fmt in ("jsonl", "stream"):  # a line's kind names the line; not_scored says why
        lines = [json.loads(line) for line in output.splitlines()]
        errors = {line["path"]: line for line in lines if line["kind"] == "error"}
        assert errors["diario/piscina.txt"]["not_scored"] == "language"
        assert errors["harbor/flash.txt"]["not_scored"] == "too_short"
        if fmt == "stream":
            schema = json.loads((REPO / "docs" / "schema" / "stream-1.schema.json").read_text())
            for line in lines:
                jsonschema.validate(line, schema)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(output)))
        unscored = {r["path"]: r for r in rows if not r["rule"]}
        assert unscored["diario/piscina.txt"]["category"] == "language"
        assert unscored["harbor/flash.txt"]["article_score"] == ""


def test_the_default_minimum_and_language_apply_to_a_library_run(tmp_path, registry):
    from audit.run import Auditor

    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    run = Auditor(registry).run([str(tmp_path)])
    assert run.articles == () and run.errors[0].kind == "too_short"
    run = Auditor(registry, admission=Admission(min_words=0)).run([str(tmp_path)])
    assert len(run.articles) == 1


@pytest.mark.parametrize(
    "flags",
    [("--select", "AIDD"), ("--ignore", "HDGX"), ("--extend-select", "nope"), ("--select", "")],
)
def test_a_selector_on_the_command_line_that_matches_no_rule_exits_2(drafts, flags):
    result = invoke("check", drafts / "harbor" / "talks.txt", *flags, "--isolated")
    assert result.exit_code == 2
    assert "matches no rule" in result.stderr


def test_the_rules_listing_refuses_a_selector_that_matches_nothing():
    assert invoke("rules", "--select", "ZZZ").exit_code == 2
    assert invoke("rules", "--select", "HDG").exit_code == 0
