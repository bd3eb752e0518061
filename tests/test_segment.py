import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from audit.text.normalize import fold_chars
from audit.text.segment import TOKEN, _last_word, count_words, make_document, segment


def test_one_paragraph_per_line_makes_one_block_per_line():
    text = (
        "Overview: The Talks\n"
        "The delegations met on Friday in the capital for the first time in two years.\n"
        "They agreed to meet again."
    )
    kinds = [b.kind for b in segment(text).blocks]
    assert kinds == ["heading", "paragraph", "short"]


def test_hard_wrapped_prose_joins_into_one_paragraph():
    text = (
        "The council voted on Monday to raise water rates by nine percent, ending a\n"
        "debate that had stretched across three meetings and drawn dozens of speakers.\n\n"
        "Share"
    )
    structure = segment(text)
    assert len(structure.blocks) == 2
    assert structure.blocks[0].kind == "paragraph"
    assert structure.blocks[1].kind == "short"


def test_a_wrapped_quote_ending_in_a_comma_waits_for_its_speaker_on_the_next_line():
    text = (
        'The board voted to close two schools on Monday night. "We told the board\n'
        'a year ago that this was coming, and now the families will pay for it,"\n'
        "Grimsby said.\n\n"
        "Share"
    )
    structure = segment(text)
    assert [b.kind for b in structure.blocks] == ["paragraph", "short"]
    assert text[structure.sentences[1].start : structure.sentences[1].end].endswith("Grimsby said.")


def test_sentences_do_not_split_after_abbreviations_and_initials():
    text = "The U.S. delegation met Dr. Ana Ruiz on Jan. 5 in Washington. Talks ended at noon."
    sentences = segment(text).sentences
    assert [text[s.start : s.end] for s in sentences] == [
        "The U.S. delegation met Dr. Ana Ruiz on Jan. 5 in Washington.",
        "Talks ended at noon.",
    ]


def test_quoted_speech_is_marked_with_curly_and_straight_quotes():
    text = '“We will not sign,” she said. He replied, "We will wait." Then ‘Very Strong’ it was.'
    structure = segment(text)
    quoted = [text[q.start : q.end] for q in structure.quotes]
    assert quoted == ["“We will not sign,”", '"We will wait."', "‘Very Strong’"]
    assert structure.in_quote(text.index("sign"), text.index("sign") + 4)
    assert not structure.in_quote(text.index("said"), text.index("said") + 4)


def test_apostrophes_are_not_taken_for_closing_quotes():
    text = "‘It’s over,’ the mayor said."
    quote = segment(text).quotes[0]
    assert text[quote.start : quote.end] == "‘It’s over,’"


def test_line_and_column_are_one_based():
    structure = segment("first line\nsecond line")
    assert structure.line_column(0) == (1, 1)
    assert structure.line_column(11) == (2, 1)
    assert structure.line_column(18) == (2, 8)


def test_match_view_folds_quotes_dashes_and_case_without_moving_offsets():
    text = "It’s a “Deal” — Final"
    view = segment(text).view
    assert view.lower == 'it\'s a "deal" - final'
    assert view.starts is None


def test_decomposed_accents_map_back_to_original_offsets():
    text = unicodedata.normalize("NFD", "Café talks resumed. ") + "Perhaps."
    doc = make_document(text)
    view = doc.structure.view
    assert view.starts is not None
    index = view.lower.index("perhaps")
    start, end = view.to_original(index, index + len("perhaps"))
    assert text[start:end] == "Perhaps"


def test_front_matter_is_left_out_of_blocks():
    text = "---\ntitle: Budget\n---\nThe council met.\n"
    doc = make_document(text, body_start=text.index("The"))
    assert [text[b.start : b.end] for b in doc.structure.blocks] == ["The council met."]


def test_the_lines_that_print_the_title_are_headings_however_long():
    title = (
        "Why the first direct talks in years could matter more than anyone in the region expects"
    )
    text = f"Share\n\n{title}\n\nNegotiators met for six hours on Tuesday, the first session.\n\n{title}\n"
    plain = segment(text)
    assert [b.kind for b in plain.blocks] == ["short", "paragraph", "paragraph", "paragraph"]
    assert plain.title_block is None
    titled = make_document(text, title=title).structure
    assert [b.kind for b in titled.blocks] == ["short", "heading", "paragraph", "heading"]
    assert titled.title_block == 1  # the first that prints it


def test_a_long_line_in_title_case_is_a_heading_and_a_long_plain_line_is_not():
    text = (
        "Behind Closed Doors: Why Ukraine, Russia, and the US Met for Unprecedented Talks in the UAE\n\n"
        "Negotiators from the three countries met for six hours on Tuesday without a mediator present\n"
    )
    assert [b.kind for b in segment(text).blocks] == ["heading", "paragraph"]


def test_sentences_do_not_split_after_plural_titles():
    text = (
        "Sens. Smith and Jones said the bill would pass. Reps. Ann Lee and Bo Park voted against. "
        "Govs. Hill and Ray agreed, and Lt. Col. Ward and Capt. Ruiz spoke. Gens. Ota and Bak left."
    )
    sentences = segment(text).sentences
    assert [text[s.start : s.end] for s in sentences] == [
        "Sens. Smith and Jones said the bill would pass.",
        "Reps. Ann Lee and Bo Park voted against.",
        "Govs. Hill and Ray agreed, and Lt. Col. Ward and Capt. Ruiz spoke.",
        "Gens. Ota and Bak left.",
    ]


def test_a_lower_case_plural_like_reps_still_ends_a_sentence():
    text = "He did ten reps. Then he rested."
    sentences = segment(text).sentences
    assert [text[s.start : s.end] for s in sentences] == ["He did ten reps.", "Then he rested."]


def test_tokens_are_words_with_inner_apostrophes_at_their_offsets():
    structure = segment("Don't stop—rock'n'roll 'til 3:15, x_y ²² ναί")
    tokens, view = structure.tokens, structure.view
    assert tokens.words == ("don't", "stop", "rock'n'roll", "til", "3", "15", "x", "y", "²²", "ναί")
    assert [view.lower[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == list(
        tokens.words
    )


@given(st.text(alphabet="ab'Z9_ é’ᾈ²٣\u0301-.\nǅ"))
def test_tokens_are_the_token_patterns_matches(text):
    structure = segment(text)
    tokens = structure.tokens
    matches = list(TOKEN.finditer(structure.view.lower))
    assert tokens.words == tuple(m.group() for m in matches)
    assert tokens.starts == tuple(m.start() for m in matches)
    assert tokens.ends == tuple(m.end() for m in matches)


@given(st.text(alphabet="ab'Z9_ é’ᾈ²٣\u0301-.\n\r\u00a0ǅ"), st.integers(0, 4))
def test_words_are_the_runs_of_letters_and_digits_a_search_finds(text, body_start):
    words = re.compile(r"[^\W_]+")
    assert count_words(text) == len(words.findall(text))
    plain = fold_chars(text)
    for block in segment(text, min(body_start, len(text))).blocks:
        assert block.words == len(words.findall(plain[block.start : block.end]))


@given(st.text(alphabet='ab. \n\t\u00a0X"('), st.integers(0, 12), st.integers(0, 12))
def test_the_word_before_a_stop_is_what_a_search_for_the_last_run_finds(text, a, b):
    start, stop = sorted((min(a, len(text)), min(b, len(text))))
    found = re.search(r"(\S+)$", text[start:stop])
    assert _last_word(text, start, stop) == (found.group(1) if found else "")
