"""Cross-source analysis: stories, copies, corroboration and conflicts.

The golden file pins the JSON `crosscheck` sections of the seeds report. After a
deliberate change, regenerate it with
NEWSAUDIT_UPDATE_GOLDEN=1 python -m pytest tests/test_crosscheck.py and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from audit.formatters import json_report
from audit.runtime.run import Auditor
from audit.sources.crosscheck import _joined, _Patterns, _Sentence, _status, crosscheck
from audit.text.admission import Admission

GOLDEN = Path(__file__).resolve().parent / "golden" / "seeds_crosscheck.json"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ANY_LENGTH = Admission(min_words=0)  # the stories below are a few sentences each

WIRE = (
    "Harbor crane collapse injures two workers at Terminal 6\n\n"
    "A container crane collapsed at Terminal 6 of the Port of Elmsworth on Wednesday morning, "
    "injuring two workers, the port authority said. The crane, installed in 2009, fell across "
    "an empty berth shortly after 7 a.m. Port director Lena Okafor said the terminal would stay "
    'closed until inspectors from the state labor department finish their review. "Nobody '
    'should go to work and come home hurt," Okafor said. The two workers were taken to '
    "Elmsworth General Hospital with injuries that were not life-threatening.\n"
)
REPORT = (
    "Crane falls at Elmsworth port, two hurt\n\n"
    "Two dockworkers were hurt on Wednesday when a container crane toppled at Terminal 6 in the "
    "Port of Elmsworth. Port director Lena Okafor said the terminal would remain closed while "
    "state labor department inspectors examine the crane. About 40 ships use the terminal each "
    "month. Okafor said the crane was installed in 2009.\n"
)
GARDEN = (
    "Community garden opens in Millbrook\n\n"
    "Volunteers opened a community garden on Saturday with 32 raised beds, said organiser "
    "Priya Nandakumar. Seeds were donated by a local nursery.\n"
)


@pytest.fixture(scope="module")
def seed_report(seeds_dir, registry):
    run = Auditor(registry).run([str(seeds_dir)])
    return run, json_report.report_dict(run)


def _by_seed(report: dict) -> dict[str, dict]:
    return {a["id"][:3]: a for a in report["articles"]}


def test_the_four_seeds_are_one_story(seed_report):
    _, report = seed_report
    stories = report["crosscheck"]["stories"]
    assert len(stories) == 1
    assert sorted(a["id"][:3] for a in stories[0]["articles"]) == ["000", "002", "003", "004"]
    assert stories[0]["copies"] == []


def test_002s_resumed_round_conflicts_with_the_first_meeting_in_every_other_seed(seed_report):
    _, report = seed_report
    seeds = _by_seed(report)
    conflicts = seeds["002"]["crosscheck"]["conflicts"]
    assert sorted(c["other"]["id"][:3] for c in conflicts) == ["000", "003", "004"]
    for c in conflicts:
        assert c["kind"] == "event_status"
        assert c["text"] == "returned to the negotiating table"
        assert "resumed round" in c["message"]
    assert seeds["002"]["crosscheck"]["claims"]["conflicting"] >= 1
    for other in ("000", "003", "004"):
        mine = seeds[other]["crosscheck"]["conflicts"]
        assert [c["other"]["id"][:3] for c in mine] == ["002"]
        assert "first meeting" in mine[0]["message"]


def test_conflict_evidence_quotes_both_articles_exactly(seed_report, seeds_dir):
    _, report = seed_report
    for article in report["articles"]:
        text = (seeds_dir / article["path"]).read_text(encoding="utf-8")
        for c in article["crosscheck"]["conflicts"]:
            assert text[c["start"] : c["end"]] == c["text"]
            other = (seeds_dir / c["other"]["id"]).read_text(encoding="utf-8")
            assert other[c["other"]["start"] : c["other"]["end"]] == c["other"]["text"]


def test_the_json_crosscheck_sections_of_the_seeds_match_the_golden_file(seed_report):
    _, report = seed_report
    actual = {
        "stories": report["crosscheck"]["stories"],
        "articles": {a["id"]: a["crosscheck"] for a in report["articles"]},
    }
    if os.environ.get("NEWSAUDIT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_report(registry):
    return json_report.report_dict(Auditor(registry).run([str(CORPUS)]))


def test_the_corpus_port_strike_aggregator_is_contradicted_on_round_and_head_count(corpus_report):
    hub = next(a for a in corpus_report["articles"] if a["id"].startswith("daily-brief-hub/calder"))
    conflicts = hub["crosscheck"]["conflicts"]
    kinds = {(c["kind"], c["other"]["source"]) for c in conflicts}
    assert ("event_status", "harbor-ledger") in kinds and ("event_status", "civic-record") in kinds
    head_count = [c for c in conflicts if c["kind"] == "quantity"]
    assert {c["text"] for c in head_count} == {"3,000 dockworkers"}
    assert {c["other"]["text"] for c in head_count} == {"2,300 workers", "2,300 longshore workers"}


def test_the_corpus_stories_group_by_event_not_by_outlet(corpus_report):
    stories = [
        sorted(a["id"] for a in s["articles"]) for s in corpus_report["crosscheck"]["stories"]
    ]
    port = next(s for s in stories if any("port-strike" in i for i in s))
    assert len(port) == 4
    water = next(s for s in stories if any("water-rate" in i for i in s))
    assert not any("port-strike" in i for i in water)
    assert all(len({i.split("/")[0] for i in s}) >= 2 for s in stories)


def test_a_copy_is_one_voice_not_corroboration(tmp_path, registry):
    for name, text in (
        ("wire", WIRE),
        ("copycat", WIRE + "\nShare this story.\n"),
        ("local", REPORT),
        ("garden", GARDEN),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "story.txt").write_text(text, encoding="utf-8")
    run = Auditor(registry, admission=ANY_LENGTH).run([str(tmp_path)])
    report = json_report.report_dict(run)
    story = report["crosscheck"]["stories"]
    assert len(story) == 1
    assert {a["source"] for a in story[0]["articles"]} == {"wire", "copycat", "local"}
    assert [(c["first"].split("/")[0], c["second"].split("/")[0]) for c in story[0]["copies"]] == [
        ("copycat", "wire")
    ]
    wire = next(a for a in report["articles"] if a["source"] == "wire")
    check = wire["crosscheck"]
    assert [c["source"] for c in check["copies"]] == ["copycat"]
    for statement in check["statements"]:
        assert "copycat" not in statement["sources"]
    assert any(
        s["status"] == "corroborated" and s["sources"] == ["local"] for s in check["statements"]
    )
    assert any(s["status"] == "single_source" for s in check["statements"])
    garden = next(a for a in report["articles"] if a["source"] == "garden")
    assert garden["crosscheck"]["story"] is None


def test_a_figure_conflicts_once_per_disagreeing_source_not_once_per_article(tmp_path, registry):
    towns = ("Millbrook", "Ashford", "Carlow")
    for n, town in enumerate(towns):
        folder = tmp_path / "ledger"
        folder.mkdir(exist_ok=True)
        (folder / f"strike{n}.txt").write_text(
            f"Dock strike enters second week\n\nAbout 2,300 workers at the Port of Elmsworth "
            f"stayed off the job on Monday, union steward Mara Quist told reporters in {town}. "
            f"The strike began on March {n + 3} over pensions, and talks are set for Friday.\n",
            encoding="utf-8",
        )
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "strike.txt").write_text(
        "Port strike drags on\n\nNearly 3,000 workers at the Port of Elmsworth stayed off the "
        "job on Monday as the strike over pensions continued, union steward Mara Quist said.\n",
        encoding="utf-8",
    )
    report = json_report.report_dict(Auditor(registry, admission=ANY_LENGTH).run([str(tmp_path)]))
    hub = next(a for a in report["articles"] if a["source"] == "hub")
    quantity = [c for c in hub["crosscheck"]["conflicts"] if c["kind"] == "quantity"]
    assert [(c["text"], c["other"]["source"]) for c in quantity] == [("3,000 workers", "ledger")]
    ledger = [a for a in report["articles"] if a["source"] == "ledger"]
    assert all(
        [c["other"]["source"] for c in a["crosscheck"]["conflicts"]] == ["hub"] for a in ledger
    )


EVENTS = (
    (
        "crane",
        "A container crane collapsed at Terminal {n} of the Port of Elmsworth, injuring "
        "{k} dockworkers, port director Lena Okafor said.",
    ),
    (
        "bridge",
        "The Millbrook river bridge will close for {k} weeks of repairs to its steel "
        "girders, county engineer Tomas Reyes said on Tuesday.",
    ),
    (
        "budget",
        "The Ashford school board approved a budget of {k} million dollars that adds "
        "teaching assistants, board chair Ines Walker said.",
    ),
    (
        "garden",
        "Volunteers opened a community garden with {k} raised beds in Carlow, organiser "
        "Priya Nandakumar said, after a nursery donated the seeds.",
    ),
    (
        "ferry",
        "The Dunmore ferry service cancelled {k} crossings because of winter storms and "
        "engine faults, operator spokesman Olu Bassey said.",
    ),
)


def test_stories_checked_in_worker_processes_match_the_serial_check(tmp_path, registry):
    for source, figure in (("ledger", 40), ("courier", 55)):
        (tmp_path / source).mkdir()
        for name, sentence in EVENTS:
            body = " ".join(sentence.format(n=n + 3, k=figure + n) for n in range(3))
            (tmp_path / source / f"{name}.txt").write_text(
                f"{name.title()} report from {source}\n\n{body}\n", encoding="utf-8"
            )
    run = Auditor(registry, admission=ANY_LENGTH).run([str(tmp_path)])
    assert len(run.crosscheck.stories) == len(EVENTS)
    assert crosscheck(run.articles, workers=2) == crosscheck(run.articles, workers=1)


def test_one_source_forms_no_story_without_computing_similarities(monkeypatch, tmp_path, registry):
    (tmp_path / "ledger").mkdir()
    for n in range(2):
        (tmp_path / "ledger" / f"crane{n}.txt").write_text(WIRE, encoding="utf-8")

    def no_pairs(*_):
        raise AssertionError("a single source needs no similarity matrix")

    monkeypatch.setattr("audit.sources.crosscheck._similar_pairs", no_pairs)
    run = Auditor(registry, admission=ANY_LENGTH).run([str(tmp_path)])
    assert run.crosscheck.stories == ()


def test_a_figure_is_a_whole_number_followed_by_what_it_counts():
    said = (
        "Nearly 3,000 dockworkers, 2.5 million people and $40 fees; v2 units, 1,2345 cars, "
        "7 striking nurses, x9 ships"
    )
    assert [m.groups() for m in _Patterns().quantity.finditer(said)] == [
        ("3,000", None, "dockworkers"),
        ("2.5", "million", "people and"),
        ("7", None, "striking nurses"),
    ]


def test_a_statement_shows_a_figure_a_name_or_a_month():
    def shows(text: str) -> bool:
        return any(fact.search(text) for fact in _Patterns().facts)

    assert shows("the vote passed 7 to 2") and shows("the board met with Dana Ruiz")
    assert shows("talks resume in March") and not shows("The board met again and voted")


@pytest.mark.parametrize("opening", ["Port talks.", "Straßenbahn talks."])  # "ß" folds to "ss"
def test_a_resumed_round_is_found_in_its_sentence_however_the_text_folds(opening):
    text = f"{opening} The two sides resumed talks on Monday. Nothing was first agreed."
    second = text.index("The")
    third = text.index("Nothing")
    sentences = [_Sentence(0, second - 1, frozenset()), _Sentence(second, third - 1, frozenset())]
    article = SimpleNamespace(document=SimpleNamespace(text=text))
    kind, start, end = _status(article, sentences, _Patterns())
    assert (kind, text[start:end]) == ("repeat", "resumed")


def test_pairs_join_their_articles_components_transitively():
    def groups(label) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for article, component in enumerate(label.tolist()):
            found.setdefault(component, []).append(article)
        return sorted(found.values())

    label = _joined(np.arange(8), np.array([6, 4, 2, 0]), np.array([4, 2, 5, 7]))
    assert groups(label) == [[0, 7], [1], [2, 4, 5, 6], [3]]
    # A later block's pairs join the components the earlier ones made.
    assert groups(_joined(label, np.array([7]), np.array([5]))) == [[0, 2, 4, 5, 6, 7], [1], [3]]
