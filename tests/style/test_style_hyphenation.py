"""Hyphenation points read from pyphen's dictionary are pyphen's own: a word CMUdict lacks
counts the syllables textstat would give it."""

from __future__ import annotations

import pyphen
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.style import hyphenation
from audit.style.readability import Syllables
from audit.style.syllables import SyllableTable

PYPHEN = pyphen.Pyphen(lang="en_US")
ENGLISH = hyphenation.english()
NAMES = ["kyiv", "zelensky", "volodymyr", "peskov", "donbass", "nishadil", "inverstors",
         "gọi", "ſtraße", "i̇stanbul", "hyphenation", "supercalifragilistic", "x", ""]  # fmt: skip


@pytest.mark.parametrize("word", NAMES)
def test_a_word_has_the_points_pyphen_finds(word):
    assert ENGLISH.points(word) == len(PYPHEN.positions(word))


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüßſ'-.", max_size=16))
def test_any_word_has_the_points_pyphen_finds(word):
    assert ENGLISH.points(word) == len(PYPHEN.positions(word))


def test_a_word_of_three_letters_has_no_point_and_reads_no_dictionary(monkeypatch):
    def unread():
        raise AssertionError("the dictionary was read")

    monkeypatch.setattr(hyphenation, "english", unread)
    assert ENGLISH.points("uae") == 0
    assert Syllables(SyllableTable((), "", "no words")).count("uae") == 1


def test_a_pattern_pyphen_reads_otherwise_is_refused():
    with pytest.raises(ValueError, match="unsupported hyphenation pattern"):
        hyphenation.Hyphenator.of("UTF-8\n.a2ch4\nff1/f=f,1,2\n")
