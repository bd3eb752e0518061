"""Readability must work with the network blocked: textstat >= 0.7.4 would otherwise call
nltk.download('cmudict') on first use."""

from __future__ import annotations

import socket

import pytest

from audit.style import readability
from audit.style.features import document_features
from audit.text.prose import prose_spans

TEXT = "The cat sat on the mat. It was a sunny afternoon in the extraordinary garden."


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    nltk = pytest.importorskip("nltk")
    monkeypatch.setattr(nltk, "download", refuse)


def test_textstat_readability_offline(no_network):
    textstat = readability.offline_textstat()
    assert textstat.syllable_count(TEXT) == 24
    assert textstat.flesch_reading_ease(TEXT) == pytest.approx(63.8625)


def test_own_readability_features_offline(no_network):
    features = document_features(TEXT, prose_spans(TEXT)[0])
    assert features["flesch_reading_ease"] == pytest.approx(63.8625)
    assert features["syllables_per_word"] == pytest.approx(24 / 15)


def test_syllables_match_textstat_rule():
    # First CMUdict pronunciation, else pyphen hyphenation points + 1.
    assert readability.count_syllables("extraordinary") == 6
    assert readability.count_syllables("the") == 1
    assert readability.count_syllables("zzyzxqplorf") >= 1  # not in CMUdict: pyphen fallback
    assert readability.is_difficult("extraordinary", 6)
    assert not readability.is_difficult("about", 2)  # on the Dale-Chall easy list
