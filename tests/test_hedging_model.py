"""Hedged sentences: reported whole, with their cues, leaving quotations to their speakers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.evaluation.sentences import detokenise
from audit.features.hedging_model import cues, sentence_probabilities
from audit.features.sentence_words import sentence_words
from audit.text.segment import make_document

HEDGED = "Some critics have suggested that the plan may be too expensive."
PLAIN = "The council approved the plan on Monday by seven votes to two."


def findings(registry, text, rules=("HDG",)):
    return registry.select(list(rules)).engine().run(make_document(text))


def test_a_hedged_sentence_is_reported_with_its_cues(registry):
    found = [f for f in findings(registry, HEDGED) if f.rule == "HDG008"]
    assert [f.text for f in found] == [HEDGED]
    assert "'may'" in found[0].message and "critics" in found[0].message


def test_the_single_cues_stay_findings_beside_the_sentence(registry):
    rules = {f.rule for f in findings(registry, HEDGED)}
    assert {"HDG008", "HDG003"} <= rules


def test_a_plain_statement_is_not_hedged(registry):
    assert not [f for f in findings(registry, PLAIN) if f.rule == "HDG008"]


def test_a_hedge_inside_a_quotation_belongs_to_the_speaker():
    quoted = make_document('"Some critics say it may be too expensive," Ortiz said.')
    plain = make_document("Some critics say it may be too expensive, Ortiz said.")
    assert sentence_probabilities(quoted)[0] < sentence_probabilities(plain)[0]


def test_cues_are_matched_longest_first_without_overlap():
    words = ["it", "is", "widely", "believed", "that", "some", "may"]
    found = [(" ".join(words[a:b]), group) for a, b, group in cues(words)]
    assert ("it is widely", "weasel_attribution") in found
    assert ("may", "modal") in found
    assert all(text != "widely" for text, _ in found)


def test_penn_treebank_tokens_are_put_back_into_plain_writing():
    ptb = "He said `` it is -LRB- perhaps -RRB- true '' , and it 's not ."
    assert detokenise(ptb) == 'He said " it is ( perhaps ) true " , and it\'s not .'
    assert detokenise(PLAIN) == PLAIN


def test_a_batch_counts_each_sentences_cues_as_the_sentence_alone_would():
    from audit.features.hedging_model import dense_rows

    # "may have" is one cue inside a sentence, but not across the end of one into the next
    units = [["it", "may"], ["have", "been", "late"], [], ["it", "may", "have", "rained"]]
    together = dense_rows(units)
    alone = [dense_rows([unit])[0].tolist() for unit in units]
    assert together.tolist() == alone
    assert together[0].tolist() != together[3].tolist()


def test_every_sentence_scores_the_same_to_the_last_bit_in_a_batch_as_in_its_article_alone():
    from audit.features import claims, hedging_model
    from audit.models.load import shipped_models

    texts = [
        "Officials may perhaps delay the vote. Some say it could be costly.",
        "The council approved the budget on Monday. It passed 7-2.\n\nTaxes rose 3 percent.",
        "Short.",
        " ".join(f"Residents might possibly object to plan {n}, a clerk said." for n in range(40)),
    ]
    docs = [make_document(text) for text in texts]
    models = shipped_models()
    for stage, model in ((hedging_model, models.hedging), (claims, models.claims)):
        together = stage.predict(docs, model)
        alone = [stage.predict([make_document(text)], model)[0] for text in texts]
        assert [p.tolist() for p in together] == [p.tolist() for p in alone]


@given(st.text(alphabet='ab Z9²٣."\n', max_size=80))
def test_sentence_words_are_each_sentences_tokens_figures_folded_quotes_left_out(text):
    doc = make_document(text)
    structure = doc.structure
    tokens = structure.tokens
    for skip_quotes in (False, True):
        units = sentence_words(doc, skip_quotes)
        assert len(units) == len(structure.sentences)
        for sentence, unit in zip(structure.sentences, units, strict=True):
            expected = [
                i
                for i, start in enumerate(tokens.starts)
                if sentence.start <= start < sentence.end
                and not (
                    skip_quotes and any(q.contains(start, tokens.ends[i]) for q in structure.quotes)
                )
            ]
            assert list(unit.tokens) == expected
            assert unit.words == tuple(
                "0" if tokens.words[i][0].isdigit() else tokens.words[i] for i in expected
            )
