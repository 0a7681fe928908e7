"""Tests for corpus_tools.text.normalize."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from normalize_cases import ALL_OFF, ENGINE_SETTINGS, ENGINE_TEXTS, ENGINE_TITLES, only
from corpus_tools.text.normalize import (
    DEFAULT_BOILERPLATE_LINES,
    NormalizationSettings,
    find_subheadings,
    normalize_documents,
    normalize_text,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
CURLY = "\u201c\u201d\u2018\u2019"

def docs_frame(texts, *, outlet="X", titles=None) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "doc_id": [f"d{i:03d}" for i in range(n)],
        "outlet": [outlet] * n if isinstance(outlet, str) else outlet,
        "date": pd.to_datetime(["2020-01-01"] * n),
        "title": titles if titles is not None else [f"Title {i}" for i in range(n)],
        "text": texts,
    })


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_doc() -> pd.DataFrame:
    if not SEEDS:
        pytest.skip(f"seed articles not found in {SHARED / 'seeds'} (CI always has them)")
    raw = SEEDS[0].read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    return pd.DataFrame({"doc_id": ["seed"], "outlet": ["Seed"], "date": pd.to_datetime(["2025-01-01"]),
                         "title": [title], "text": [body]})


def test_normalize_seed_article(seed_doc):
    raw_body = seed_doc["text"].iloc[0]
    result = normalize_documents(seed_doc)
    row = result.documents.iloc[0]
    assert row["title"].endswith('focused on "victory"')
    assert not any(c in row["title"] + row["text"] for c in CURLY)
    assert "Comments are closed" not in row["text"]
    assert row["text"].endswith("at this stage.")
    assert "appears to" in row["text"]
    assert "Russia's continued framing" in row["text"]
    assert row["subheadings"].split("\n") == [
        "Russia signals reduced focus on negotiation timelines",
        "Diplomatic uncertainty continues as conflict narrative hardens",
    ]
    # every paragraph but the boilerplate line is kept, subheadings included
    raw_paragraphs = [p for p in raw_body.split("\n\n") if p.strip()]
    paragraphs = row["text"].split("\n\n")
    assert len(paragraphs) == len(raw_paragraphs) - 1
    assert "Russia signals reduced focus on negotiation timelines" in paragraphs
    assert result.report["removed_boilerplate_lines"] == [
        {"line": "Comments are closed.", "documents": 1}
    ]
    assert seed_doc["text"].iloc[0] == raw_body  # input unchanged


# ---------------------------------------------------------------- each step


@pytest.mark.parametrize("settings, raw, expected", [
    (only(quotes=True), "\u201cWe\u2019re \u2018in\u2019\u201d \u201eja\u201c \u00abnon\u00bb 5\u2032 6\u2033",
     "\"We're 'in'\" \"ja\" \"non\" 5' 6\""),
    (only(dashes=True), "2012\u20132020 and \u22125", "2012-2020 and -5"),
    (only(dashes=True), "candidates\u2014Tim Pawlenty\u2014declined", "candidates - Tim Pawlenty - declined"),
    (only(dashes=True), "one \u2014 two \u2015 three", "one - two - three"),
    (only(whitespace=True), "  a\u00a0\u00a0b\tc \r\nd\u200b e\u00adf  \n\n\n\n\ng  ", "a b c\nd ef\n\ng"),
    (only(whitespace=True), "para one\n \n \npara two", "para one\n\npara two"),
    (only(nfc=True), "cafe\u0301", "caf\u00e9"),
    (only(mojibake=True), "don\u00e2\u20ac\u2122t", "don\u2019t"),
    (only(mojibake=True, quotes=True), "don\u00e2\u20ac\u2122t", "don't"),
    (only(boilerplate_lines=DEFAULT_BOILERPLATE_LINES), "Text.\n\nADVERTISEMENT\n\nMore.", "Text.\n\nMore."),
    (only(boilerplate_lines=DEFAULT_BOILERPLATE_LINES), "Advertisement\nText.", "Text."),
])
def test_normalize_text_each_step(settings, raw, expected):
    assert normalize_text(raw, settings) == expected


@pytest.mark.parametrize("raw", [
    "\u201cWe\u2019re in\u201d",
    "2012\u20132020 \u2014 then",
    "  a\u00a0\u00a0b\t\r\n\n\n\nc  ",
    "cafe\u0301",
    "don\u00e2\u20ac\u2122t",
    "Text.\n\nAdvertisement\n\nComments are closed.",
])
def test_normalize_text_all_steps_off_leaves_text_alone(raw):
    assert normalize_text(raw, ALL_OFF) == raw


@pytest.mark.parametrize("step, raw", [
    ("quotes", "\u201cquoted\u201d"),
    ("dashes", "2012\u20132020"),
    ("whitespace", "a  b\u00a0c"),
    ("nfc", "cafe\u0301"),
    ("mojibake", "don\u00e2\u20ac\u2122t"),
])
def test_normalize_text_one_step_off_keeps_its_characters(step, raw):
    settings = NormalizationSettings(**{step: False})
    assert raw in normalize_text(f"Before. {raw} after.", settings)


def test_boilerplate_needs_a_whole_line():
    text = "See the Advertisement below.\n\nClick here to subscribe\n\nWe said: Comments are closed."
    assert normalize_text(text) == "See the Advertisement below.\n\nWe said: Comments are closed."


def test_mojibake_not_run_on_clean_text():
    # A correct "Â" or "Ã" text must survive (ftfy sees it but leaves it alone).
    assert normalize_text("SÃO PAULO and Âge") == "SÃO PAULO and Âge"


@pytest.mark.parametrize("raw", [
    "Lead \u201cquote\u201d\u2014here.\r\n\r\n\r\nSub head line\n\nAdvertisement\n\nBody\u00a0\u00a0text. ",
    "don\u00e2\u20ac\u2122t \u2013 cafe\u0301\n\n\n  x  ",
    "",
    "   ",
])
def test_normalize_text_is_idempotent(raw):
    once = normalize_text(raw)
    assert normalize_text(once) == once


# ---------------------------------------------------------------- subheadings


@pytest.mark.parametrize("text, expected", [
    ("Lead.\n\nA real subheading\n\nBody.", ["A real subheading"]),
    ("First line no stop\n\nBody.\n\nLast line no stop", []),  # first and last never count
    ("Lead.\n\nEnds with a stop.\n\nBody.", []),
    ("Lead.\n\nAsks a question?\n\nBody.", []),
    ("Lead.\n\nlower case start here\n\nBody.", []),
    ("Lead.\n\nPhoto\n\nBody.", []),  # one word
    ("Lead.\n\nTwo line\nparagraph here\n\nBody.", []),
    ("Lead.\n\nOne\n\nTwo words\n\nThree more words\n\nBody.", ["Two words", "Three more words"]),
    ("Lead.\n\n2020 in review\n\nBody.", ["2020 in review"]),
])
def test_find_subheadings(text, expected):
    assert find_subheadings(text) == expected


def test_find_subheadings_max_words():
    text = "Lead.\n\n" + " ".join(["Word"] * 16) + "\n\nBody."
    assert find_subheadings(text) == []
    assert len(find_subheadings(text, max_words=16)) == 1


# ---------------------------------------------------------------- documents


def test_repeated_lines_removed_per_outlet():
    footer = "Copyright 2020 The Daily Example. All rights reserved"
    texts = [f"Story number {i} begins.\n\nIt goes on at length.\n\n{footer}" for i in range(6)]
    other = [f"Other outlet story {i}.\n\n{footer}" for i in range(2)]
    docs = docs_frame(texts + other, outlet=["X"] * 6 + ["Y"] * 2)
    result = normalize_documents(docs)
    out = result.documents
    assert all(footer not in t for t in out["text"][:6])
    # outlet Y has only 2 documents: below repeated_min_docs, so kept
    assert all(footer in t for t in out["text"][6:])
    # "It goes on at length." repeats in all 6 too: it is short and verbatim, so it goes
    assert result.report["removed_repeated_lines"] == [
        {"outlet": "X", "line": footer, "documents": 6},
        {"outlet": "X", "line": "It goes on at length.", "documents": 6},
    ]
    assert out["text"].iloc[0] == "Story number 0 begins."
    assert result.report["steps"]["repeated_lines"] == 6


def test_repeated_lines_thresholds():
    line = "Read more about this topic"
    only_repeated = NormalizationSettings(template_lines=False)  # templates: test_boilerplate.py
    # in 4 of 12 documents: below repeated_min_docs=5
    texts = [f"Story {i}.\n\n{line}" if i < 4 else f"Story {i}." for i in range(12)]
    out = normalize_documents(docs_frame(texts), only_repeated).documents
    assert sum(line in t for t in out["text"]) == 4
    # in 5 of 40 documents: below repeated_min_share=0.25 (needs 10)
    texts = [f"Story {i}.\n\n{line}" if i < 5 else f"Story {i}." for i in range(40)]
    out = normalize_documents(docs_frame(texts), only_repeated).documents
    assert sum(line in t for t in out["text"]) == 5
    # long lines are never "repeated"
    long_line = " ".join(["word"] * 21)
    texts = [f"Story {i}.\n\n{long_line}" for i in range(10)]
    out = normalize_documents(docs_frame(texts), only_repeated).documents
    assert all(long_line in t for t in out["text"])
    # switched off
    texts = [f"Story {i}.\n\n{line}" for i in range(10)]
    out = normalize_documents(docs_frame(texts), NormalizationSettings(repeated_lines=False, template_lines=False)).documents
    assert all(line in t for t in out["text"])


def test_normalize_documents_returns_new_frame_and_report():
    docs = docs_frame(
        ["Lead \u201cquote\u201d.\n\nSubheading goes here\n\nBody.\n\nAdvertisement",
         "don\u00e2\u20ac\u2122t\u00a0stop", None],
        titles=["A \u2018title\u2019", "Plain\ntitle", None],
    )
    before = docs.copy()
    result = normalize_documents(docs)
    pd.testing.assert_frame_equal(docs, before)
    out = result.documents
    assert list(out.columns) == list(docs.columns) + ["subheadings"]
    assert out["title"].tolist()[:2] == ["A 'title'", "Plain title"]
    assert pd.isna(out["title"].iloc[2]) and pd.isna(out["text"].iloc[2])
    assert out["text"].tolist()[:2] == ['Lead "quote".\n\nSubheading goes here\n\nBody.', "don't stop"]
    assert out["subheadings"].tolist() == ["Subheading goes here", "", ""]
    report = result.report
    json.dumps(report)  # serialisable
    assert report["n_documents"] == 3
    assert report["documents_changed"] == 2
    assert report["steps"]["quotes"] == 2
    assert report["steps"]["mojibake"] == 1
    assert report["steps"]["boilerplate_lines"] == 1
    assert report["subheadings"] == {"documents": 1, "lines": 1}
    assert report["settings"] == NormalizationSettings().to_dict()


def test_normalize_documents_is_idempotent():
    footer = "Story Continued Below"
    texts = [f"Lead {i}.\n\n{footer}\n\nA subheading {i}\n\nBody \u201c{i}\u201d\u2014end." for i in range(8)]
    once = normalize_documents(docs_frame(texts)).documents
    twice = normalize_documents(once.drop(columns="subheadings")).documents
    pd.testing.assert_frame_equal(once, twice)


def test_normalize_documents_empty():
    result = normalize_documents(docs_frame([]))
    assert len(result.documents) == 0
    assert "subheadings" in result.documents.columns
    assert result.report["documents_changed"] == 0


# ---------------------------------------------------------------- errors


def test_normalize_documents_rejects_missing_columns():
    with pytest.raises(ValueError, match=r"must have the columns .*Missing: \['outlet'\]"):
        normalize_documents(pd.DataFrame({"title": ["a"], "text": ["b"]}))


def test_normalize_documents_rejects_non_frame():
    with pytest.raises(TypeError, match="'documents' parameter of normalize_documents"):
        normalize_documents(["text"])


def test_settings_validation():
    with pytest.raises(TypeError, match="'quotes' parameter of NormalizationSettings"):
        NormalizationSettings(quotes="yes")
    with pytest.raises(ValueError, match="valid regular expressions"):
        NormalizationSettings(boilerplate_lines=("(unclosed",))
    with pytest.raises(TypeError, match="tuple of str"):
        NormalizationSettings(boilerplate_lines="Advertisement")
    with pytest.raises(ValueError, match=r"'repeated_min_share' parameter .* range \[0, 1\]"):
        NormalizationSettings(repeated_min_share=1.5)
    with pytest.raises(TypeError, match="'settings' parameter of normalize_text"):
        normalize_text("x", settings={"quotes": False})


def test_settings_to_dict_is_json():
    settings = NormalizationSettings(boilerplate_lines=["Read more"])
    assert settings.boilerplate_lines == ("Read more",)
    assert json.loads(json.dumps(settings.to_dict()))["boilerplate_lines"] == ["Read more"]


# ---------------------------------------------------------------- the two engines

DATA = SHARED / "data" / "allsides_article_bias"

def engine_frame() -> pd.DataFrame:
    footer = "Copyright 2020 The Daily Example. All rights reserved"
    texts = ENGINE_TEXTS + [f"Story {i}.\n\nIt goes on.\n\n{footer}" for i in range(6)]
    texts += [f"{footer}\n{footer}\nStory {i}.\n\n\n{footer}" for i in range(3)]
    n = len(texts)
    titles = [ENGINE_TITLES[i % len(ENGINE_TITLES)] for i in range(n)]
    outlets = [["X", "Y", None][i % 3] for i in range(n)]
    return docs_frame(texts, outlet=outlets, titles=titles)


def assert_same_result(docs: pd.DataFrame, settings: NormalizationSettings | None = None) -> None:
    polars = normalize_documents(docs, settings, engine="polars")
    python = normalize_documents(docs, settings, engine="python")
    pd.testing.assert_frame_equal(polars.documents, python.documents)
    assert polars.report == python.report


@pytest.mark.parametrize("settings", ENGINE_SETTINGS)
def test_engines_agree_on_constructed_cases(settings):
    docs = engine_frame()
    assert_same_result(docs, settings)
    # per document, the Polars engine agrees with normalize_text (no repeated lines here)
    settings = dataclasses.replace(settings, repeated_lines=False, template_lines=False)
    out = normalize_documents(docs, settings)
    for raw, new in zip(docs["text"], out.documents["text"]):
        if isinstance(raw, str):
            assert new == normalize_text(raw, settings)


def test_engines_agree_on_allsides_sample():
    path = DATA / "sample_12outlets_2012-2020.jsonl.gz"
    if not path.exists():
        pytest.skip(f"AllSides sample not found at {path} (CI always has it)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    docs = pd.DataFrame({
        "doc_id": [str(r["id"]) for r in records], "outlet": [r["source"] for r in records],
        "title": [r["title"] for r in records], "text": [r["text"] for r in records],
    })
    assert_same_result(docs)
    assert_same_result(docs, NormalizationSettings(whitespace=False, repeated_min_docs=2))


def test_engine_option_is_checked():
    with pytest.raises(ValueError, match="'engine' parameter of normalize_documents"):
        normalize_documents(docs_frame(["a"]), engine="rust")


def test_python_whitespace_list_is_complete():
    from corpus_tools.text.normalize import _PY_WHITESPACE

    assert _PY_WHITESPACE == "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def test_case_insensitive_extras_are_complete():
    from corpus_tools.text.normalize import _PY_CASE_EXTRAS

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    extras = {}
    for letter in string.ascii_lowercase:
        found = set(re.findall(letter, every, re.IGNORECASE)) - {letter, letter.upper()}
        if found:
            extras[letter] = "".join(sorted(found))
    assert extras == {k: "".join(sorted(v)) for k, v in _PY_CASE_EXTRAS.items()}
    for char in string.printable:  # no other ASCII character matches anything else
        if not char.isalpha():
            assert set(re.findall(re.escape(char), every, re.IGNORECASE)) == {char}


def test_engines_agree_when_texts_are_cut_into_slices():
    # enough rows for the Polars engine to cut the columns into slices and
    # gather/scatter the rows that need the whitespace, NFC and boilerplate work
    texts = [t for t in ENGINE_TEXTS if t is not None]
    rows = [f"Row {i}.\n\n{texts[i % len(texts)]}\n\n{texts[(7 * i) % len(texts)]}" for i in range(2400)]
    rows[5] = None
    docs = docs_frame(rows, outlet=[["X", "Y", None][i % 3] for i in range(len(rows))])
    for settings in (NormalizationSettings(), NormalizationSettings(whitespace=False)):
        assert_same_result(docs, settings)


def test_spacing_flag_is_exact():
    # the cleanup chain runs only on flagged texts: the flag must hold exactly
    # for the texts that the chain changes
    import polars as pl

    from corpus_tools.text.normalize import _needs_spacing, _spaced

    probes = ["", " ", "\n", "a", "a  b", "a \nb", "a\n b", "a\n\nb", "a\n\n\nb", " a", "a ",
              "\na", "a\n", "a b\nc d", "a\x85 b", "a \x1c", "a\n\n \nb"]
    frame = pl.DataFrame({"s": probes}).select(
        flag=_needs_spacing(pl.col("s")), changed=_spaced(pl.col("s")) != pl.col("s"))
    assert frame["flag"].to_list() == frame["changed"].to_list()
