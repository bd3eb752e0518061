"""A line rule group runs each pattern only on lines it could match whole, and finds exactly
what one regex of all its patterns finds: the first rule whose pattern matches the line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.rules.kinds import Context, LineKind, Scan
from audit.rules.prefilter import Reading
from audit.rules.registry import load_registry
from audit.rules.safe_regex import compile_pattern
from audit.text.segment import make_document

LINE_RULES = [r for r in load_registry().rules if r.kind == "line"]
WORDS = ["Share", "Tweet", "Email", "comments", "12", "Reply", "Subscribe", "to", "our",
         "newsletter", "We", "use", "cookies", "Getty", "Images", "/", "Reuters", "Photo:",
         "+44", "20", "7946", "0958", "Call", "us", "|", "·", "Background", "Overview:", "the",
         "council", "met", "on", "Monday", "said", "Advertisement", "©", "2025", "Read", "more",
         "Related", "5", "min", "read", "Views:", "18°C", "Sunny", "Politics", "World", "News"]  # fmt: skip


def test_a_pattern_knows_how_long_a_match_can_be():
    assert Reading.of(r"[^\n]{0,60}\bcookies\b[^\n]{0,20}").longest() == 87
    assert Reading.of(r"share(?:\s*\|\s*tweet)*").longest() is None  # unbounded
    assert Reading.of(r"(?:ab){e<=1}").longest() is None  # fuzzy in `regex`: unsure


def _one_regex(rules, text):
    """The group as one regex: what the line rules meant before each pattern ran alone."""
    alternatives = "|".join(
        f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.options['patterns'])})"
        for i, rule in enumerate(rules)
    )
    regex = compile_pattern(alternatives, True)
    scan = Scan(make_document(text))
    found = []
    for start, end, content in scan.lines:
        match = regex.compiled.fullmatch(content)
        if match and not (rules[0].allow_quotes and scan.doc.structure.in_quote(start, end)):
            found.append((rules[int(match.lastgroup[1:])].id, start, end))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), max_size=12))
def test_each_group_finds_what_one_regex_of_its_patterns_finds(lines):
    text = "\n".join(" ".join(words) for words in lines) + "\n"
    for group in LineKind.compile(LINE_RULES, Context({}, {})):
        found = [
            (rule.id, hit.start, hit.end) for rule, hit in group.hits(Scan(make_document(text)))
        ]
        assert found == _one_regex(group.rules, text)


def test_a_long_line_of_prose_is_not_clutter_and_a_short_widget_line_is():
    prose = "The council met on Monday and said it would subscribe to the regional plan. " * 4
    text = f"Headline\n\n{prose}\nSubscribe to our newsletter\n"
    (group,) = [g for g in LineKind.compile(LINE_RULES, Context({}, {})) if "CLT005" in
                {r.id for r in g.rules}]  # fmt: skip
    found = [
        (rule.id, text[hit.start : hit.end]) for rule, hit in group.hits(Scan(make_document(text)))
    ]
    assert found == [("CLT005", "Subscribe to our newsletter")]
