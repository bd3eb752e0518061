"""An audited article survives the trip from a worker process unchanged, and a run's results
are frozen out of the cyclic collector only while the run holds them."""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass, fields

from audit.rules.model import Finding
from audit.runtime.execute import audit_one
from audit.runtime.records import Findings, Packed, held
from audit.sources.crosscheck import Statement
from audit.text.document import Span
from audit.text.segment import make_document

SAMPLE = (
    "Council Raises Water Rates\n\n"
    'The council voted 7-2 on Monday to raise rates by 9 percent, "a hard call," said '
    "Mayor Ana Ruiz. Experts say the plan might perhaps fail.\n\n"
    "Share this article\nRead more: Ten things you missed this week\n"
)


def test_a_pickled_result_keeps_its_structure_and_findings(audit_text):
    result = audit_text(SAMPLE)
    assert result.findings  # the sample has hedges and clutter to carry
    copy = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    for name in ("lines", "blocks", "sentences", "quotes", "tokens", "view"):
        assert getattr(copy.document.structure, name) == getattr(result.document.structure, name)
    assert copy.findings == result.findings
    assert copy.score == result.score
    assert copy.document.text == result.document.text


def test_a_run_given_a_hold_leaves_its_results_frozen_until_the_hold_ends(auditor, tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    assert gc.get_freeze_count() == 0
    with held() as freeze:
        run = auditor.run([str(tmp_path)], freeze=freeze)
        assert len(run.articles) == 1
        assert gc.get_freeze_count() > 0  # the run did not end the caller's freeze
    assert gc.get_freeze_count() == 0


def test_a_run_leaves_nothing_frozen(auditor, tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    run = auditor.run([str(tmp_path)])
    assert len(run.articles) == 1
    assert gc.get_freeze_count() == 0


def test_a_kept_result_reads_as_the_audit_found_it_and_holds_findings_as_columns(auditor):
    doc = make_document(SAMPLE, id="rates")
    direct = auditor.audit(make_document(SAMPLE, id="rates"))
    result, _ = audit_one(auditor, (doc, None))
    assert isinstance(result.findings, Findings)
    assert result.findings == direct.findings and tuple(result.findings) == direct.findings
    assert result.findings[-1] == direct.findings[-1]
    assert result.findings[1:3] == direct.findings[1:3]
    structure = result.document.structure
    for name in ("blocks", "sentences", "quotes"):
        assert isinstance(getattr(structure, name), Packed)
        assert tuple(getattr(structure, name)) == getattr(direct.document.structure, name)
    assert structure.blocks[1:] == direct.document.structure.blocks[1:]
    copy = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    assert copy.findings == direct.findings
    assert copy.document.structure.sentences == direct.document.structure.sentences


def test_findings_whose_evidence_is_not_quoted_from_the_text_are_kept_as_they_are():
    found = Finding("HDG001", "hedging", "warning", "high", 0, 4, 1, 1, "Some", "A hedge")
    assert Findings.of([found], "Some text") == (found,)
    assert isinstance(Findings.of([found], "Some text"), Findings)
    odd = Finding("HDG001", "hedging", "warning", "high", 0, 4, 1, 1, "else", "A hedge")
    assert Findings.of([odd], "Some text") == (odd,)
    assert not isinstance(Findings.of([odd], "Some text"), Findings)


def test_records_with_values_a_row_cannot_hold_are_kept_as_they_are():
    spans = (Span(0, 4), Span(5, 9))
    assert isinstance(Packed.of(Span, spans), Packed) and Packed.of(Span, spans) == spans
    assert Packed.of(Span, (Span(0, 4), Span(5, None))) == (Span(0, 4), Span(5, None))  # type: ignore[arg-type]
    assert Packed.of(Span, ()) == ()


def test_statements_with_any_number_of_supporters_are_packed_and_read_back():
    statements = (
        Statement(3, 0, 40, "single_source", ()),
        Statement(3, 41, 90, "corroborated", (1, 7)),
        Statement(3, 91, 130, "corroborated", (1, 7, 12)),
        Statement(3, 131, 170, "corroborated", (1, 7)),
    )
    packed = Packed.of(Statement, statements)
    assert isinstance(packed, Packed)
    assert packed == statements and tuple(packed) == statements
    assert packed[2].support == (1, 7, 12) and packed[-1] == statements[-1]
    assert pickle.loads(pickle.dumps(packed, pickle.HIGHEST_PROTOCOL)) == statements


def test_records_given_as_columns_are_packed_as_the_records_would_be():
    columns = [[3, 3], [0, 41], [40, 90], ["single_source", "corroborated"], [(), (1, 7)]]
    packed = Packed.of_columns(Statement, columns)
    assert packed == Packed.of(Statement, tuple(map(Statement, *columns)))
    assert packed is not None and packed[1] == Statement(3, 41, 90, "corroborated", (1, 7))
    assert Packed.of_columns(Statement, [[3], [0], [None], ["single_source"], [()]]) is None


def test_a_run_hands_over_what_it_read(auditor):
    documents = [(make_document(SAMPLE, id=f"rates-{n}"), None) for n in range(3)]
    run = auditor.audit_documents(documents)
    assert [a.document.id for a in run.articles] == ["rates-0", "rates-1", "rates-2"]
    assert documents == []  # not held beside the audited articles until the report is written


@dataclass(frozen=True)
class _Mixed:
    number: int
    flag: bool
    label: str
    pair: tuple[int, int]
    ints: tuple[int, ...]
    last: int


def test_a_packed_record_reads_back_with_the_values_and_types_it_was_packed_with():
    records = (
        _Mixed(1, True, "a", (2, 3), (1, 2, 3), -4),
        _Mixed(5, False, "b", (6, 7), (), 2**40),
    )
    packed = Packed.of(_Mixed, records)
    assert isinstance(packed, Packed) and tuple(packed) == records
    for record in packed:
        assert [type(getattr(record, f.name)) for f in fields(_Mixed)] == [
            int, bool, str, tuple, tuple, int
        ]  # fmt: skip
