"""A cheap search that must find something before a costly one runs never skips a match."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.features.attribution import _OF_FOR_ON, _ORGANISATION_OF

_PIECES = st.sampled_from(
    ["Association", "university", "Bank", "of", "for", "on", "the", "Environmental",
     "Professionals", "and", " ", "\n", "\u00a0", ",", "O'Neill", "x"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=10).map(" ".join))
def test_an_organisation_named_as_x_of_y_holds_of_for_or_on_between_spaces(subject):
    assert _OF_FOR_ON.search(subject) or not _ORGANISATION_OF.search(subject)
