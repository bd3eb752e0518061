"""The engine's behaviour across rules: quotes, spans, overlaps, scopes, density."""

import gc
import weakref

from hypothesis import given
from hypothesis import strategies as st

from audit.rules.phrases import PhraseIndex
from audit.text.document import Tokens
from audit.text.segment import make_document


def run(registry, selectors, text):
    return registry.select(selectors).engine().run(make_document(text))


def test_a_batch_scanned_before_its_audits_gives_each_article_the_findings_it_gets_alone(registry):
    texts = [
        "Experts say the plan might fail.\nShare this article\nRead more: Ten things to know\n",
        "The council voted 7-2 on Monday. It could perhaps be delayed, officials said.\n",
        "",
    ]
    engine = registry.engine()
    alone = [engine.run(make_document(text)) for text in texts]
    docs = [make_document(text) for text in texts]
    engine.prepare(docs)
    scans = [doc.analysis.rule_scan for doc in docs]
    assert all(scan.ahead for scan in scans)  # the text-only kinds' hits, found ahead
    assert [engine.run(doc) for doc in docs] == alone
    assert not any(scan.ahead for scan in scans)  # each taken by its audit
    assert any(alone)


def test_a_document_whose_rules_have_run_dies_by_reference_count(registry):
    """The engine's scan of a document refers back to it: released once the document's rules
    have run, a batch audited with the cyclic collector paused leaves no garbage behind."""
    engine = registry.engine()
    doc = make_document("Experts say the plan might fail.\nShare this article\nRead more: Ten\n")
    engine.prepare([doc])
    assert engine.run(doc)
    gone = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert gone() is None
    finally:
        gc.enable()


def test_hedging_inside_a_quotation_is_the_sources_not_the_writers(registry):
    text = '"We will probably appeal," said lawyer Dana Ruiz. The ruling will probably stand.'
    found = run(registry, ["HDG001"], text)
    assert [(f.text, f.start) for f in found] == [("probably", text.rindex("probably"))]


def test_every_finding_quotes_the_text_exactly_with_line_and_column(registry):
    text = "Headline\n\nIt’s not every day, perhaps, that “talks” happen.\nShare\n"
    doc = make_document(text)
    for finding in registry.engine().run(doc):
        assert finding.text == text[finding.start : finding.end]
        line, column = finding.line, finding.column
        line_start = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
        assert line_start + column - 1 == finding.start


def test_overlapping_cues_of_one_family_are_reported_once_as_the_longest(registry):
    text = "These talks might just be, perhaps, just perhaps, a start."
    found = [f.text for f in run(registry, ["HDG"], text)]
    assert "might just be" in found and "perhaps, just perhaps" in found
    assert "might" not in found


def test_line_rules_match_whole_lines_only(registry):
    text = "Share\nShare prices fell on Monday after the report was published.\n"
    found = run(registry, ["CLT001"], text)
    assert [(f.text, f.line) for f in found] == [("Share", 1)]


def test_line_findings_leave_out_list_bullets(registry):
    found = run(registry, ["CLT003"], "  • 0 Comments\n  • 3 minutes read\n")
    assert [f.text for f in found] == ["0 Comments", "3 minutes read"]


def test_heading_scoped_template_lines_do_not_fire_on_prose(registry):
    prose = "The overview of the plan was presented by the finance director on Monday night."
    assert not run(registry, ["BLP003"], prose)
    assert run(registry, ["BLP003"], "Why It Matters")


def test_density_fires_once_on_the_densest_paragraph(registry):
    calm = "The council met on Monday and approved the budget by seven votes to two. " * 4
    dense = "Perhaps it might be likely, possibly, that it seems unclear and could fail. " * 2
    text = calm + "\n\n" + dense
    found = [f for f in run(registry, ["HDG"], text) if f.rule == "HDG010"]
    assert len(found) == 1
    assert found[0].text == dense.strip()
    assert "per 1,000" in found[0].message


def test_capitalised_may_is_the_month_not_a_modal(registry):
    assert not run(registry, ["HDG003"], "The vote is set for May 12.")
    assert [f.text for f in run(registry, ["HDG003"], "The vote may be delayed.")] == ["may be"]


def test_findings_are_deterministic_and_sorted(registry):
    text = "Share\n\nExperts say it could perhaps fail. Analysts note it may be late."
    first = run(registry, [], text)
    assert first == run(registry, [], text)
    assert [f.start for f in first] == sorted(f.start for f in first)


def test_occurrence_rules_flag_matches_beyond_the_maximum_per_scope(registry):
    text = "It might possibly be done, perhaps soon. It may be done."
    found = run(registry, ["HDG007"], text)
    assert [f.text for f in found] == ["perhaps"]
    assert "3 in this sentence (at most 2)" in found[0].message


def test_occurrence_rules_report_a_unit_short_of_the_minimum(tmp_path):
    from audit.rules.registry import load_registry

    pack = tmp_path / "house.toml"
    pack.write_text(
        """
[[rule]]
id = "UNS901"
name = "needs-a-quote"
kind = "occurrence"
scope = "paragraph"
allow_quotes = false
patterns = ['"[^"]{10,}"']
min = 1
message = "Paragraph without a direct quote"
why = "House style: every paragraph of a profile quotes someone."
examples.flag = ["A paragraph with no quotes at all in it, just prose."]
examples.pass = ['She said "this is a long enough quote" today and left.']
""",
        encoding="utf-8",
    )
    registry = load_registry([pack]).select(["UNS901"])
    text = 'First paragraph says "a quote of some length" here, and more words follow.\n\nSecond paragraph has no quote at all, only reporting.'
    found = registry.engine().run(make_document(text))
    assert [f.line for f in found] == [3]
    assert "0 in this paragraph (at least 1)" in found[0].message


def test_a_cut_off_last_sentence_is_flagged_and_a_short_tail_after_a_full_stop_is_not(registry):
    body = "The council met on Monday and voted to raise water rates by nine percent."
    cut = run(registry, ["CLT010"], body + " Residents who want to speak at the next hearing must")
    assert [f.text for f in cut] == ["next hearing must"]
    for tail in (" Email Subscribe", " ■", " He tweets @cityhall", "â\x80\x9d"):
        assert not run(registry, ["CLT010"], body + tail), tail


def test_a_chatbot_self_reference_is_found_with_describing_words_around_ai(registry):
    for text, flagged in (
        ("As an AI language model, I cannot predict the vote.", "As an AI language model"),
        (
            "As an advanced AI language model, I cannot predict it.",
            "As an advanced AI language model",
        ),
        ("As an AI based language model, I have no opinion.", "As an AI based language model"),
        ("As an AI-powered assistant, my answer is no.", "As an AI-powered assistant"),
    ):
        assert [f.text for f in run(registry, ["AID002"], text)] == [flagged], text


def test_reporting_about_ai_is_no_chatbot_self_reference(registry):
    for text in (
        "As an AI researcher, she said the model was flawed.",
        "As an advanced AI language model, ChatGPT can draft essays, the company said.",
        "As an expert on AI language models, I have seen such errors, he wrote.",
        "As a user of AI chatbot, I was puzzled, one reader wrote.",
    ):
        assert run(registry, ["AID002"], text) == [], text


@given(
    st.lists(st.sampled_from(["in", "a", "it", "is", "x", "y"]), max_size=30),
    st.lists(st.lists(st.sampled_from(["in", "a", "it", "is", "x"]), min_size=1, max_size=4)),
)
def test_phrase_index_finds_every_occurrence_longest_first_at_each_token(words, phrases):
    index = PhraseIndex((" ".join(phrase), n) for n, phrase in enumerate(phrases))
    by_length = sorted(enumerate(phrases), key=lambda entry: -len(entry[1]))  # ties: given order
    expected = [
        (i, i + len(phrase), n)
        for i in range(len(words))
        for n, phrase in by_length
        if words[i : i + len(phrase)] == phrase
    ]
    assert list(index.matches(Tokens(tuple(words), (), ()))) == expected
