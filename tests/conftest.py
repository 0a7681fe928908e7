"""Shared fixtures: the demo corpus, the seed folder and the ../shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SEEDS = REPO.parent / "shared" / "seeds"
DEMO = REPO / "corpora" / "demo" / "articles.jsonl"

# NLTK_DATA may be given relative to the repo (as in the README); make it
# absolute so that tests that change directory still find it.
if os.environ.get("NLTK_DATA"):
    os.environ["NLTK_DATA"] = os.pathsep.join(
        str((REPO / p).resolve()) if not Path(p).is_absolute() else p
        for p in os.environ["NLTK_DATA"].split(os.pathsep)
    )


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{'/'.join(parts)} (present in CI); not found at {path}")
    return path


@pytest.fixture(scope="session")
def demo_corpus():
    """The bundled demo corpus, built once per test session."""
    from corpus_tools.corpus.build import build_corpus

    return build_corpus(DEMO)


@pytest.fixture(scope="module")
def saved_demo(tmp_path_factory, demo_corpus):
    """The demo corpus saved in a folder of its own, for the command line."""
    folder = tmp_path_factory.mktemp("demo") / "corpus"
    demo_corpus.save(folder)
    return folder
