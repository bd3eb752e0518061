"""The classes built by the thousand set their slots in a hand-written __init__ (slot_setters):
each must take exactly its fields, in order, with their defaults, as the generated one would."""

import inspect
from dataclasses import MISSING, fields

import pytest

from audit.features.attribution import Attribution, Verb
from audit.features.sentence_words import SentenceWords
from audit.rules.model import Finding, Hit
from audit.text.document import Block, Line, Sentence, Span


@pytest.mark.parametrize(
    "cls", [Span, Line, Block, Sentence, Hit, Finding, Attribution, Verb, SentenceWords]
)
def test_a_hand_written_init_takes_the_fields_in_order_with_their_defaults(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in params] == [f.name for f in fields(cls)]
    defaults = [inspect.Parameter.empty if f.default is MISSING else f.default for f in fields(cls)]
    assert [p.default for p in params] == defaults
    values = [object() for _ in params]
    built = cls(*values)
    assert [getattr(built, f.name) for f in fields(cls)] == values
