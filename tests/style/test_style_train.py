"""Training and evaluation on a slice of the shared development data (skipped without it)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from audit.style import data
from audit.style import train as T


@pytest.fixture(scope="module")
def small(aitext_path):
    rows = data.labelled_rows(aitext_path)
    humans = [r for r in rows if r["label"] == "human"][:60]
    machines = [r for r in rows if r["label"] == "ai"][:60]
    return humans + machines


def test_train_returns_a_loadable_model(small):
    model = T.train(small, with_metrics=False, c_grid=(0.1,))
    assert model["features"] == list(T.MODEL_FEATURES)
    assert model["training"]["rows"] == 120
    assert 0 < model["calibration"]["prior"] < 1 and model["max_distance"] > 0
    json.dumps(model)  # serialisable as is
    metrics = T.evaluate(small, model)
    assert metrics["roc_auc"] > 0.8  # in-sample, so only a sanity check
    assert set(metrics["per_dataset"]) <= {r["dataset"] for r in small}
    assert metrics["per_outlet"] and 0 <= metrics["brier"] <= 1
    report = T.format_report(metrics)
    assert "ROC-AUC" in report and "human FPR" in report and "calibration" in report


def test_the_threshold_holds_false_alarms_overall_and_in_every_large_outlet():
    rng = np.random.default_rng(0)
    prob = np.concatenate([rng.uniform(0, 0.6, 400), rng.uniform(0.7, 0.8, 30), [0.95]])
    y = np.zeros(len(prob), dtype=int)
    groups = np.array([0] * 400 + [1] * 31)  # outlet 1 writes the highest-scoring prose
    threshold = T.choose_threshold(prob, y, groups)
    assert (prob[groups == 1] >= threshold).mean() <= T.GROUP_AIM
    assert (prob >= threshold).mean() <= T.THRESHOLD_FPR
    assert threshold > 0.8


def test_cross_validate_names_a_view_it_does_not_have():
    with pytest.raises(ValueError, match="by_topic"):
        T.cross_validate([], views=("by_outlet", "by_topic"))


def test_common_words_are_those_many_outlets_use():
    words = [frozenset({"the", "ukulele"})] * 3 + [frozenset({"the"})] * 20
    groups = np.array([0, 0, 0, *range(1, 21)])
    assert T.common_words(words, groups) == ["the"]


def test_truncate_keeps_whole_sentences():
    text = "One two three four. Five six seven eight. Nine ten."
    assert T.truncate(text, 5) == "One two three four."
    assert T.truncate(text, 8) == "One two three four. Five six seven eight."
    assert T.truncate(text, 2) == "One two three four."  # at least one sentence


def test_cli_evaluate(small, tmp_path, capsys):
    data = tmp_path / "rows.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in small[:20] + small[-20:]))
    assert T.main([str(data), "--evaluate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 40 and 0 <= out["roc_auc"] <= 1


def test_base_model_text_is_also_ranked_against_the_human_texts_of_its_own_outlet():
    def row(label, outlet, generator=None):
        return {"label": label, "outlet_group": f"outlet:{outlet}", "generator": generator}

    rows = [row("human", "wire")] * 2 + [row("human", "other")] * 2
    rows += [row("ai", "wire", "gpt2-xl")] * 2 + [row("ai", "newsdesk", "gpt-4")]
    # The continuations of the wire's copy rank above the other outlet's humans, not its own.
    prob = np.array([0.6, 0.9, 0.1, 0.2, 0.5, 0.8, 0.95])
    m = T.metrics(rows, prob, 0.99)
    assert m["base_model_auc"] == 0.625  # 5 of 8 pairs: the other outlet's humans are easy
    assert m["base_model_auc_own_outlets"] == 0.25  # 1 of 4 pairs against the wire's own
    assert "own outlets 0.250" in T.format_report(m)


def test_an_outlet_with_machine_text_written_from_its_copy_weighs_both_alike():
    y = np.array([0, 0, 0, 0, 1, 1, 0, 0, 1])
    groups = np.array([0, 0, 0, 0, 0, 0, 1, 2, 3])  # outlet 0 holds two machine texts
    chat = np.array([False] * 4 + [True, True] + [False] * 2 + [True])
    prep = T.Prepared(
        [""] * 9,
        [[]] * 9,
        np.zeros((9, 1)),
        np.full(9, 200.0),
        [frozenset()] * 9,
        y,
        groups,
        groups,
        chat,
        groups,
    )
    w = prep.weights()
    paired = groups == 0
    assert w[paired & (y == 0)].sum() == pytest.approx(w[paired & (y == 1)].sum())
    assert w[~paired & (y == 0)].sum() == pytest.approx(w[~paired & (y == 1)].sum())
    # the paired outlet's human texts weigh a set share of the other outlets' human texts
    others = w[~paired & (y == 0)].sum()
    assert w[paired & (y == 0)].sum() == pytest.approx(T.PAIRED_SHARE * others)
    base = replace(prep, chat=np.zeros(9, dtype=bool)).weights()
    assert base[y == 1].sum() < w[y == 1].sum()  # base-model text weighs less


def _groups_prep(y, stories, generators):
    n = len(y)
    return T.Prepared(
        [""] * n,
        [[]] * n,
        np.zeros((n, 1)),
        np.full(n, 200.0),
        [frozenset()] * n,
        np.array(y),
        np.array(stories),
        np.array(generators),
        np.array(y) == 1,
        np.array(stories),
    )


def test_inner_folds_keep_an_outlet_whole_with_the_machine_text_written_from_its_copy():
    # humans of outlets 0-5; machine texts telling stories of outlets 0-4 (two generators)
    y = [0] * 12 + [1] * 10
    stories = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, *[0, 0, 1, 1, 2, 2, 3, 3, 4, 4]]
    generators = [100 + i for i in range(12)] + [7, 8] * 5
    groups = T._inner_groups(_groups_prep(y, stories, generators)).tolist()
    same_group = {(a, b) for a, b in zip(stories, groups, strict=True)}
    assert len(same_group) == len(set(stories)) == len(set(groups))  # one group a story


def test_inner_folds_split_human_texts_one_by_one_when_all_machine_text_is_one_outlets():
    # every machine text continues outlet 0's articles (a generator fold without ChatGPT):
    # machine texts go by generator, and outlet 0's human texts must not be held out as a
    # block while the continuations of them stay in training
    y = [0] * 12 + [1] * 10
    stories = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4] + [0] * 10
    generators = [100 + i for i in range(12)] + [1, 2, 3, 4, 5] * 2
    groups = T._inner_groups(_groups_prep(y, stories, generators))
    human, machine = groups[:12], groups[12:]
    assert len(set(human.tolist())) == 12  # text by text
    assert not set(human.tolist()) & set(machine.tolist())
    assert (machine[:5] == machine[5:]).all() and len(set(machine.tolist())) == 5


def test_the_stacking_layer_folds_into_the_style_models_coefficients():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, len(T.MODEL_FEATURES)))
    fit = T._Fitted(X.mean(axis=0), X.std(axis=0), rng.normal(size=X.shape[1]), 0.3)
    folded = T._with_layer(fit, (0.8, 0.5, -0.2))
    ngram = X[:, len(T.FEATURE_NAMES)]  # the n-gram log-odds column
    expected = 0.8 * fit.decision_function(X) + 0.5 * ngram - 0.2
    assert np.allclose(folded.decision_function(X), expected)


def test_the_stacking_layer_weighs_both_components_or_leaves_the_style_model_alone():
    rng = np.random.default_rng(2)
    y = np.repeat([0, 1], 200)
    full = 2.0 * y + rng.normal(size=400)
    weight = np.ones(400)
    a, b, _ = T._stack_layer(full, 1.5 * y + rng.normal(size=400), y, weight)
    assert a > 0 and b > 0
    # an n-gram score that points the wrong way is no second opinion
    assert T._stack_layer(full, -1.5 * y + rng.normal(size=400), y, weight) == (1.0, 0.0, 0.0)


SCANNED_PAGE = (
    "Council Backs Harbour Plan\n\n"
    "The council voted on Monday to approve the harbour plan, which adds two pilots and a "
    "dredging contract. Mayor Ana Ruiz said the vote ended a year of delays. Opponents said "
    "the cost, about 4.2 million dollars, would fall on ratepayers, and they asked for a "
    "review. The plan goes to the state board next month, where a decision is expected by "
    "June. Dock workers welcomed the vote. Their union had warned that ships were waiting "
    "days for a pilot, and that the delays cost the port its busiest customers.\n\n"
    "Share\nLeave a comment\n"
)


def test_the_trainer_scores_a_text_as_the_audit_does():
    from audit.features.ai_style import style_of
    from audit.style.model import shipped
    from audit.text.segment import make_document

    (prob,), (evidence,), (reason,) = T.score(shipped(), [SCANNED_PAGE])
    audited = style_of(make_document(SCANNED_PAGE))
    assert reason is None and audited.reason is None
    assert prob == pytest.approx(audited.probability, abs=1e-12)
    assert evidence == pytest.approx(audited.evidence, abs=1e-12)
    listed = "Results\n\n" + "".join(f"- Item number {i} of the table\n" for i in range(40))
    listed += SCANNED_PAGE
    _, _, (reason,) = T.score(shipped(), [listed])
    assert reason == style_of(make_document(listed)).reason
    assert reason.startswith("mostly lists or tables")


def test_the_threshold_is_chosen_on_the_evidence_weighed_by_the_length_of_the_text(small):
    model = T.train(small, with_metrics=False, c_grid=(0.1,))
    assert model["flag"] == {"evidence_words": T.EVIDENCE_WORDS}
    metrics = T.evaluate(small, model)
    prob, evidence, _ = T.score(T.StyleModel.from_dict(model), [r["text"] for r in small])
    flagged = evidence >= model["threshold"]
    assert metrics["recall"] == pytest.approx(flagged[T.labels(small) == 1].mean(), abs=1e-4)
    machine_like = prob > 0.5
    assert (evidence[machine_like] < prob[machine_like]).all()  # shrunk toward the prior
