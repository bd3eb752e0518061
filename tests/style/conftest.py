"""Shared fixtures for the style-estimator tests: two hand-written paragraphs and the
location of the shared development data (beside the repository; tests skip without it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MACHINE_LIKE = (
    "The decision marks a pivotal moment for the local community, highlighting the growing "
    "importance of sustainable transport. Moreover, officials emphasized that the initiative "
    "will play a crucial role in fostering economic growth and enhancing the quality of life "
    "for residents. The project, which has garnered significant support, underscores the "
    "council's commitment to innovation. Additionally, experts believe that the scheme could "
    "serve as a model for other regions, paving the way for a more sustainable future. "
    "Overall, the move represents a significant step forward, and it is important to note "
    "that further consultations will be held to ensure that the needs of all stakeholders "
    "are addressed."
)

HUMAN_NEWS = (
    "Police were called to the High Street at 23:40 GMT on Saturday. A 34-year-old man was "
    "taken to hospital with head injuries, where he remains in a stable condition. Two men, "
    'aged 19 and 22, have been arrested. Det Insp Sarah Jones said: "We know there were a lot '
    'of people in the area at the time. If you saw what happened, call us." The street was '
    "closed for six hours. A cordon remained in place outside a bar on Sunday morning, and "
    "forensic officers were seen at the scene. Anyone with information should call 101, "
    "quoting incident 1045."
)


@pytest.fixture
def machine_like() -> str:
    return MACHINE_LIKE


@pytest.fixture
def human_news() -> str:
    return HUMAN_NEWS


@pytest.fixture(scope="session")
def aitext_path(shared) -> Path:
    return shared("data/aitext/dev.jsonl")


@pytest.fixture(scope="session")
def aitext_rows(aitext_path) -> list[dict]:
    with aitext_path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
