"""Training rows from several files, each with the outlet and generator it is held out by."""

from __future__ import annotations

import json

import pytest

from audit.style import data


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_outlets_are_registered_names_whatever_the_corpus_calls_them():
    assert data.outlet_of({"source": "edition.cnn.com"}) == "cnn"
    assert data.outlet_of({"outlet": "CNN"}) == "cnn"
    assert data.outlet_of({"source": "bbc.co.uk"}) == data.outlet_of({"source": "bbc.com"})
    assert data.outlet_of({"dataset": "DetectRL/xsum"}) == "bbc"  # XSum is BBC copy
    assert data.outlet_of({"outlet": "The New York Times"}) == "nytimes"
    assert data.outlet_of({"url": "https://www.theguardian.com/x"}) == "theguardian"
    assert data.outlet_of({"dataset": "news_chatgpt"}, default=None) is None


def test_one_model_tagged_by_three_corpora_is_one_generator():
    names = ("gpt-3.5-turbo", "gpt-3.5-turbo(detectrl)", "gpt-3.5-turbo (ChatGPT)")
    assert {data.generator_family(n) for n in names} == {"gpt-3.5-turbo"}


def test_rows_carry_their_outlet_and_generator_groups(tmp_path):
    labelled = write(
        tmp_path / "mixed.jsonl",
        [
            {"id": "a", "text": "Human copy.", "label": "human", "outlet": "Reuters"},
            {"id": "b", "text": "Machine copy.", "label": "ai", "generator": "gpt-4"},
            {"id": "c", "text": "A continuation.", "label": "ai", "generator": "gpt2-xl",
             "dataset": "fast-detect-gpt/xsum"},
        ],
    )  # fmt: skip
    pages = write(
        tmp_path / "pages.jsonl",
        [
            {"url": "https://apnews.com/article/1", "lines": [
                {"text": "Menu", "label": "clutter"},
                {"text": "Headline", "label": "body", "title": True},
                {"text": "First paragraph.", "label": "body"},
                {"text": "Second paragraph.", "label": "body"}]},
        ],
    )  # fmt: skip
    human, machine, continuation, page = data.load([labelled], [pages])
    assert human["outlet_group"] == "outlet:reuters" and human["generator_group"] == "text:a"
    assert machine["generator_group"] == "generator:gpt-4"
    assert machine["outlet_group"] == "text:b"  # written from no known outlet's copy
    assert continuation["outlet_group"] == "outlet:bbc"  # held out with the BBC's articles
    assert page["label"] == "human" and page["outlet_group"] == "outlet:apnews"
    assert page["text"] == "First paragraph.\nSecond paragraph."  # body lines, no headline


def test_a_bad_row_is_named_by_file_and_line(tmp_path):
    bad = write(tmp_path / "bad.jsonl", [{"text": "x", "label": "human"}, {"text": "y"}])
    with pytest.raises(data.DataError, match=r"bad\.jsonl: line 2"):
        data.labelled_rows(bad)


def test_the_training_length_of_a_row_is_drawn_from_its_id():
    assert data.budget("row-1") == data.budget("row-1")
    low, high = data.BUDGET_RANGE
    assert all(low <= data.budget(f"row-{i}") < high for i in range(200))


def test_machine_text_is_held_out_with_the_outlet_whose_story_it_tells(tmp_path):
    stories = {
        "Reuters": "Harbour pilots in Rotterdam began a strike over pensions and overtime pay.",
        "CNN": "A tornado flattened barns near Wichita, and farmers counted lost cattle.",
        "Axios": "Senators debated a chip subsidy bill while lobbyists crowded the hallway.",
    }
    rows = [
        {"id": o, "text": t, "label": "human", "outlet": o} for o, t in stories.items()
    ] + [
        {"id": "m1", "text": "Farmers near Wichita counted cattle after a tornado hit barns.",
         "label": "ai", "generator": "gpt-4"},
        {"id": "m2", "text": "Pilots struck in Rotterdam harbour, demanding pensions.",
         "label": "ai", "generator": "gpt-4"},
        {"id": "m3", "text": "Quantum physicists measured entangled photons yesterday.",
         "label": "ai", "generator": "gpt-4"},
    ]  # fmt: skip
    *_, m1, m2, m3 = data.labelled_rows(write(tmp_path / "stories.jsonl", rows))
    assert (m1["story_group"], m2["story_group"]) == ("outlet:cnn", "outlet:reuters")
    assert m3["story_group"] == "text:m3"  # tells no story of the file
    assert m1["outlet_group"] == "text:m1"  # weighed as machine text of unknown outlet
