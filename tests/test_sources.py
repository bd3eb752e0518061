"""Source ranking: shrinkage and intervals, rater signals, the fitted source model, evaluation.

The golden file pins the JSON `sources` section of the seeds report. After a
deliberate change to rules or scoring, regenerate it with
NEWSAUDIT_UPDATE_GOLDEN=1 python -m pytest tests/test_sources.py and review the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.evaluation.source_fit import fit_source_model
from audit.evaluation.sources import auc, evaluate_sources
from audit.formatters import json_report
from audit.runtime.run import Auditor
from audit.sources.model import DIRECTION, SourcePrior, load_source_model
from audit.sources.ranking import DEFECT_FLOOR, article_evidence, rank_sources
from audit.sources.signals import (
    _FIRST_PERSON,
    _WORD,
    SIGNAL_NAMES,
    _headline_overlap,
    _Words,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "seeds_sources.json"
FIRST, LAST = "003", "000"  # the hard requirement of shared/seeds/EXPECTED.md


def _scored(source: str, values: list[float]) -> list[tuple[str, float]]:
    return [(source, v) for v in values]


PRIOR = SourcePrior(mean=60.0, articles=2.0, within_sd=8.0)


def test_few_articles_are_pulled_toward_the_prior_with_a_wider_interval():
    spread = [-8.0, 8.0]  # articles of one source differ, as they do in real corpora
    background = [(f"s{i}", 50.0 + 2 * i + d) for i in range(10) for d in spread * 3]
    scored = background + _scored("few", [90.0 + d for d in spread])
    scored += _scored("many", [90.0 + d for d in spread * 20])
    ranked = {s.source: s for s in rank_sources(scored, PRIOR)}
    few, many = ranked["few"], ranked["many"]
    assert few.mean == many.mean == 90.0
    assert few.score < many.score < 90.0
    assert few.high - few.low > 2 * (many.high - many.low)
    assert few.low < few.score < few.high
    assert many.rank < few.rank


def test_sources_sort_by_score_then_lower_bound_then_articles_then_name():
    ranked = rank_sources(_scored("b", [60.0]) + _scored("a", [60.0]) + _scored("c", [70.0]), PRIOR)
    assert [s.source for s in ranked] == ["c", "a", "b"]
    assert [s.rank for s in ranked] == [1, 2, 3]


def test_an_article_pays_a_tenth_of_a_point_per_audit_point_and_more_below_the_floor():
    assert article_evidence(100.0, 70.0) == 70.0
    assert article_evidence(DEFECT_FLOOR, 70.0) == pytest.approx(70.0 - 0.1 * (100 - DEFECT_FLOOR))
    assert article_evidence(DEFECT_FLOOR - 20, 70.0) == pytest.approx(
        article_evidence(DEFECT_FLOOR, 70.0) - 0.25 * 20
    )
    assert article_evidence(0.0, 15.0) == 0.0  # never below zero


def test_a_one_article_source_moves_from_the_prior_by_its_share_of_the_evidence():
    (row,) = rank_sources([("one", 90.0)], PRIOR)
    assert row.score == round((90.0 + 2.0 * 60.0) / 3.0, 1)
    assert row.low < row.score < row.high


def test_the_shipped_model_respects_the_raters_direction_for_every_signal():
    model = load_source_model()
    for name, coef in zip(SIGNAL_NAMES, model.coef, strict=True):
        assert coef * DIRECTION[name] >= 0, name
        if DIRECTION[name] == 0:  # counted by the article score, so not fitted
            assert coef == 0, name
    assert any(model.coef)


def test_the_fit_zeroes_a_signal_that_points_against_its_expected_direction(audit_text):
    article = audit_text('Headline\n\n"We will act," said Mayor Ana Ruiz. Officials said more.\n')
    base = article.signals
    signals, ratings, sources = [], [], []
    for i in range(40):
        # loaded words rise with the rating here, against their expected (negative) direction;
        # source roles rise with it, as expected.
        value = i / 40
        signals.append(replace(base, loaded_words=value, source_roles=value))
        ratings.append(30 + 40 * value)
        sources.append(f"s{i // 2}")
    model = fit_source_model(signals, ratings, sources, alpha=1.0)
    coef = dict(zip(SIGNAL_NAMES, model.coef, strict=True))
    assert coef["loaded_words"] == 0
    assert coef["source_roles"] > 0


def test_the_fit_reads_source_means_so_noisy_articles_do_not_dilute_a_true_signal(audit_text):
    base = audit_text(
        'Headline\n\n"We will act," said Mayor Ana Ruiz. Officials said more.\n'
    ).signals
    signals, ratings, sources = [], [], []
    for n in range(12):
        for k in range(4):
            # each source's mean tracks its rating; single articles swing widely around it
            noise = 1.0 if k % 2 else -1.0
            signals.append(replace(base, source_roles=n / 4 + noise))
            ratings.append(50 + n)
            sources.append(f"s{n}")
    model = fit_source_model(signals, ratings, sources, alpha=1.0)
    for n in range(12):
        mine = [model.rating(s) for s, src in zip(signals, sources, strict=True) if src == f"s{n}"]
        assert abs(sum(mine) / len(mine) - (50 + n)) < 2


def test_signals_read_the_raters_checklist(audit_text):
    text = (
        "OUTRAGEOUS Council Vote Stuns Everyone!\n\n"
        "By Dana Whitfield\n\n"
        "Sponsored content\n\n"
        'The council approved the budget on Tuesday. "This is a disgrace!" said Mayor Ana Ruiz, '
        "who voted against it. I think this vote was shocking and totally absurd.\n\n"
        "Correction: An earlier version of this story misstated the vote count.\n"
    )
    s = audit_text(text, title="OUTRAGEOUS Council Vote Stuns Everyone!").signals
    assert s.shouting_headline == 1 and s.byline == 1 and s.sponsored == 1 and s.correction == 1
    assert s.named_quote == 1
    assert s.first_person > 0 and s.loaded_words > 0
    quoted_only = audit_text(
        'Budget approved\n\n"This is a disgrace and I am furious!" said Mayor Ana Ruiz on Tuesday.\n'
    ).signals
    assert quoted_only.loaded_words == quoted_only.first_person == quoted_only.exclamations == 0


def test_scare_quotes_are_short_quotations_nobody_is_said_to_have_spoken(audit_text):
    ironic = audit_text(
        "Council budget\n\n"
        'The council passed its "balanced" budget on Tuesday after a long night of debate in '
        "the chamber, and the new rates take effect in the spring for every household.\n"
    ).signals
    partial = audit_text(
        "Council budget\n\n"
        'Mayor Ana Ruiz said the budget was "balanced" after the vote on Tuesday, and the new '
        "rates take effect in the spring for every household in the city.\n"
    ).signals
    assert ironic.scare_quotes > 0
    assert partial.scare_quotes == 0


def test_a_headline_the_body_does_not_support_is_a_mismatch(audit_text):
    s = audit_text(
        "Celebrity Chef Reveals Secret Miracle Diet\n\n"
        "The county board met on Tuesday and approved road repairs for the north district.\n",
        title="Celebrity Chef Reveals Secret Miracle Diet",
    ).signals
    assert s.headline_mismatch == 1


@pytest.mark.parametrize(
    ("text", "share"),
    [
        # Each headline word is found by its first five letters, in another form of the word.
        ("The dockworker union's strikes went on; pension talks stalled.", 1.0),
        ("Dock workers went on strike.", 1 / 3),  # "dock" is not "dockw", "pensi" is absent
        # A body word that is a stop word ("there") does not stand for "thereafter".
        ("There it is: rates rose.", 2 / 3),
        ("Therefore rates rose.", 1.0),
    ],
)
def test_the_headline_overlap_is_the_share_of_its_words_whose_stem_the_body_has(text, share):
    title = "Thereafter Rates Rose" if "rates" in text else "Dockworkers Strike Over Pensions"
    body = f"{title}\n\n{text}\n"
    assert _headline_overlap(title, body, _Words.of(body)) == pytest.approx(share)


def test_first_person_counts_each_pronoun_as_a_whole_word():
    said = "I'm told my team, myself and mine asked me. Mine: Im, mime, I_d, xI, Myself, I’ll"
    assert len(_FIRST_PERSON.findall(said)) == 6


@pytest.mark.parametrize(
    "text",
    [
        "Harbor Strike Ends\n\nHarbor Strike Ends\n\nDockworkers ended the harbor strike.\n",
        "Harbor Strike Ends'\n\nThe Harbor Strike Ends’s story: harbor talks ended.\n",
        "No copy of it here: dockworkers went back on Monday.\n",
    ],
)
def test_the_body_a_headline_is_read_against_is_the_text_without_its_copies(text):
    title = "Harbor Strike Ends"
    assert _Words.of(text).body(title, text) == set(_WORD.findall(text.replace(title, " ")))


def test_seed_sources_rank_in_the_expected_order_with_intervals(seed_json):
    sources = seed_json["sources"]
    order = [s["source"][:3] for s in sources]
    assert order[0] == FIRST and order[-1] == LAST and len(order) == 4
    for s in sources:
        low, high = s["interval"]
        assert low < s["score"] < high
        assert set(s["signals"]) >= {"named_quote", "byline", "ai_disclosure", "clutter_share"}
    best = sources[0]
    assert best["signals"]["named_quote"] == 1.0
    worst = sources[-1]
    assert any(p["category"] == "ai_disclaimer" for p in worst["problems"])


def test_the_json_sources_section_of_the_seeds_matches_the_golden_file(seed_json):
    actual = seed_json["sources"]
    if os.environ.get("NEWSAUDIT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_article_carries_its_signals_and_signal_rating(seed_json):
    for article in seed_json["articles"]:
        assert set(article["signals"]) == set(SIGNAL_NAMES)
        assert 0 <= article["signal_rating"] <= 100


def test_auc_counts_ties_as_half():
    assert auc([(1.0, False), (2.0, True)]) == 1.0
    assert auc([(2.0, False), (1.0, True)]) == 0.0
    assert auc([(1.0, False), (1.0, True)]) == 0.5


@pytest.fixture(scope="module")
def labelled_file(tmp_path_factory):
    """Six invented sources, careful to careless, each rated like the dev data (0-1)."""
    careful = (
        "Council approves budget after long debate\n\n"
        '"We made hard choices tonight," said Mayor Ana Ruiz, a former teacher. The council '
        "voted 6-3 to approve the $48 million budget, a 4 percent increase. Councillor Tom Bale, "
        'who voted no, said the plan "asks too much of renters." A spokesperson for the '
        "landlords' association declined to comment.\n"
    )
    careless = (
        "YOU Won't BELIEVE What The Council Just Did!!!\n\n"
        "I honestly think this is the most outrageous, disgusting thing ever. They are totally "
        "corrupt and everyone knows it! Why would anyone trust them? It's a disgrace... really!\n"
    )
    path = tmp_path_factory.mktemp("labelled") / "data.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(6):
            rating = 0.2 + 0.13 * n
            for k in range(3):
                text = careful if n >= 3 else careless
                record = {
                    "id": f"s{n}-{k}",
                    "source": f"site{n}.example",
                    "title": text.split("\n")[0],
                    # three paragraphs: a scan scores articles of 80 words or more
                    "text": text.split("\n", 2)[2] * 3 + f"\nStory {k}.",
                    "source_label": rating,
                    "allsides_bias": ["left", "center", "right"][n % 3],
                }
                out.write(json.dumps(record) + "\n")
    return path


def test_eval_sources_prints_rank_correlations_and_article_auc(labelled_file):
    report = evaluate_sources(labelled_file, folds=3)
    assert "shipped model" in report and "cross-validated by source (3 folds)" in report
    shipped = next(line for line in report.splitlines() if line.strip().startswith("shipped model"))
    assert "Spearman +" in shipped and "Kendall +" in shipped and "article AUC 1.000" in shipped
    assert "Partisanship table" in report and "partial Spearman" in report


def test_eval_is_a_command(labelled_file):
    result = CliRunner().invoke(main, ["eval", "sources", str(labelled_file)])
    assert result.exit_code == 0, result.output
    assert "Spearman" in result.output and "article AUC" in result.output


@pytest.fixture(scope="module")
def seed_json(seeds_dir, registry):
    return json_report.report_dict(Auditor(registry).run([str(seeds_dir)]))


def test_model_file_round_trips():
    model = load_source_model()
    assert type(model).from_dict(model.to_dict()).coef == tuple(round(c, 6) for c in model.coef)
    assert asdict(model)["clip"] > 0
