"""Keep corpora/demo/articles.jsonl well-formed and its documented properties true.

Plain json and re only, so this test does not depend on any corpus_tools
module: it checks the data file itself. The properties checked here are the
ones tabled in corpora/demo/README.md; tests and notebooks elsewhere may rely
on them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
PATH = DEMO / "articles.jsonl"
FIELDS = ["doc_id", "outlet", "date", "title", "section", "text"]
HL, ND, CW = "The Harbour Ledger", "Northgate Daily", "Civic Wire"
EVENT = dt.date(2024, 6, 15)
EARLY = (dt.date(2024, 2, 1), dt.date(2024, 4, 30))
LATE = (dt.date(2024, 9, 1), dt.date(2024, 11, 30))

# The phrase lists of corpora/demo/README.md (counted case-sensitively, whole words).
HEDGES = ["appears to", "appear to", "appeared to", "suggests", "suggest", "suggested", "may",
          "analysts say", "reportedly", "is believed to", "are believed to",
          "according to officials", "could", "possibly", "likely", "seem to", "seems to",
          "seemed to", "probably"]
BOOSTERS = ["clearly", "certainly", "undoubtedly", "will", "definitely", "plainly", "obviously", "obvious"]


@pytest.fixture(scope="module")
def raw() -> bytes:
    return PATH.read_bytes()


@pytest.fixture(scope="module")
def records(raw) -> list[dict]:
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def by_outlet(records) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["outlet"], []).append(r)
    return out


def count(phrase: str, text: str) -> int:
    return len(re.findall(r"(?<![\w’'])" + re.escape(phrase) + r"(?![\w’'])", text))


def outlet_text(by_outlet, outlet: str) -> str:
    return "\n\n".join(r["text"] for r in by_outlet[outlet])


# --------------------------------------------------------------------------- well-formed

def test_demo_file_is_utf8_jsonl_without_bom(raw):
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\n") and b"\r" not in raw
    for number, line in enumerate(raw.decode("utf-8").split("\n")[:-1], start=1):
        assert line.strip(), f"line {number} is blank"
        assert isinstance(json.loads(line), dict), f"line {number} is not a JSON object"


def test_demo_records_have_the_documented_fields(records):
    for r in records:
        assert list(r) == FIELDS, r.get("doc_id")
        assert all(isinstance(r[f], str) and r[f].strip() for f in FIELDS), r["doc_id"]
        assert unicodedata.is_normalized("NFC", r["text"] + r["title"]), r["doc_id"]


def test_demo_ids_outlets_and_sizes(records, by_outlet):
    ids = [r["doc_id"] for r in records]
    assert len(records) == 24 and len(set(ids)) == 24
    assert {o: len(rs) for o, rs in by_outlet.items()} == {HL: 8, ND: 8, CW: 8}
    prefix = {HL: "hl-", ND: "nd-", CW: "cw-"}
    assert all(r["doc_id"].startswith(prefix[r["outlet"]]) for r in records)
    assert {r["section"] for r in records} == {"Business", "Transport", "Politics", "Environment"}


def test_demo_two_periods_around_the_event(by_outlet):
    for outlet, rs in by_outlet.items():
        days = [dt.date.fromisoformat(r["date"]) for r in rs]
        assert all(len(r["date"]) == 10 for r in rs)
        early = [d for d in days if EARLY[0] <= d <= EARLY[1]]
        late = [d for d in days if LATE[0] <= d <= LATE[1]]
        assert len(early) == 4 and len(late) == 4, outlet
        assert max(early) < EVENT < min(late)
    every = sorted(r["date"] for rs in by_outlet.values() for r in rs)
    assert (every[0], every[11], every[12], every[-1]) == ("2024-02-06", "2024-04-19", "2024-09-12", "2024-11-15")


def test_demo_word_counts_and_paragraphs(records, by_outlet):
    per_outlet = {o: sum(len(r["text"].split()) for r in rs) for o, rs in by_outlet.items()}
    assert per_outlet == {HL: 1686, ND: 1727, CW: 1680}
    for r in records:
        n = len(r["text"].split())
        assert 150 <= n <= 350, (r["doc_id"], n)
        paras = r["text"].split("\n\n")
        assert len(paras) >= 4, r["doc_id"]
        assert all(p == p.strip() and p and "\n" not in p for p in paras), r["doc_id"]


def test_demo_file_matches_its_build_script(raw):
    spec = importlib.util.spec_from_file_location("demo_build_articles", DEMO / "build_articles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render().encode("utf-8") == raw, "run corpora/demo/build_articles.py"


# --------------------------------------------------------------------------- deliberate properties

def test_demo_hedging_and_boosting_by_outlet(by_outlet):
    hedges = {o: sum(count(p, outlet_text(by_outlet, o)) for p in HEDGES) for o in by_outlet}
    boosters = {o: sum(count(p, outlet_text(by_outlet, o)) for p in BOOSTERS) for o in by_outlet}
    assert hedges == {HL: 122, ND: 1, CW: 0}
    assert boosters == {HL: 2, ND: 80, CW: 0}
    assert all(sum(count(p, r["text"]) for p in HEDGES) >= 5 for r in by_outlet[HL])


def test_demo_per_cent_spelling(by_outlet):
    per_cent = {o: count("per cent", outlet_text(by_outlet, o)) for o in by_outlet}
    assert per_cent == {HL: 4, ND: 2, CW: 0}


def test_demo_modal_may_and_month_may(records):
    month = [r["doc_id"] for r in records if re.search(r"\bMay\b", r["text"])]
    modal = {r["doc_id"] for r in records if re.search(r"\bmay\b", r["text"])}
    assert month == ["cw-04"]
    assert modal == {f"hl-0{i}" for i in range(1, 9)}
    assert not any(re.search(r"\bMAY\b", r["text"]) for r in records)


@pytest.mark.parametrize(
    ("word", "outlet"),
    [("quay", HL), ("berths", HL), ("dredging", HL), ("tonnage", HL), ("stevedores", HL),
     ("ratepayers", ND), ("fiasco", ND), ("bungling", ND), ("hardworking", ND), ("docks", ND),
     ("terminals", CW), ("percent", CW)],
)
def test_demo_distinctive_words_occur_in_one_outlet_only(by_outlet, word, outlet):
    counts = {o: count(word, outlet_text(by_outlet, o).lower()) for o in by_outlet}
    assert counts[outlet] >= 3
    assert all(v == 0 for o, v in counts.items() if o != outlet), counts


def test_demo_harbour_collocates_differ_by_outlet(by_outlet):
    right = {o: Counter(re.findall(r"\bharbour\s+(\w+)", outlet_text(by_outlet, o).lower()))
             for o in by_outlet}
    assert right[HL]["dredging"] == 5 and right[HL]["master"] == 5 and right[HL]["pilots"] == 2
    assert right[ND]["jobs"] == 7 and right[ND]["fiasco"] == 3
    assert right[CW]["authority"] == 14
    assert right[HL]["authority"] == 0 and right[ND]["master"] == 0 and right[CW]["jobs"] == 0
    # "harbour" is frequent everywhere, so only its company differs.
    assert all(count("harbour", outlet_text(by_outlet, o).lower()) >= 20 for o in by_outlet)


def test_demo_quote_styles(by_outlet):
    curly = re.compile("[“”’]")
    straight = re.compile("[\"']")
    for r in by_outlet[HL] + by_outlet[ND]:
        assert curly.search(r["text"]) and not straight.search(r["text"]), r["doc_id"]
    for r in by_outlet[CW]:
        assert straight.search(r["text"]) and not curly.search(r["text"]), r["doc_id"]


def test_demo_comments_footer_once(records):
    hits = [r["doc_id"] for r in records if "Comments are closed." in r["text"]]
    assert hits == ["nd-06"]
    assert next(r for r in records if r["doc_id"] == "nd-06")["text"].endswith("\n\nComments are closed.")


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def test_demo_one_syndicated_pair(records):
    sets = {r["doc_id"]: shingles(r["text"]) for r in records}
    sim = {(a, b): len(sets[a] & sets[b]) / len(sets[a] | sets[b])
           for a, b in itertools.combinations(sorted(sets), 2)}
    assert sim[("cw-05", "nd-05")] > 0.95
    others = [v for pair, v in sim.items() if pair != ("cw-05", "nd-05")]
    assert max(others) < 0.1
    nd05 = next(r for r in records if r["doc_id"] == "nd-05")
    assert nd05["date"] == "2024-09-12" and nd05["text"].endswith("Reporting by Civic Wire.")


def test_demo_abbreviation_and_number_traps(records):
    us = {r["doc_id"] for r in records if "U.S." in r["text"]}
    assert us == {"hl-03", "hl-08", "nd-03", "nd-08", "cw-03", "cw-08"}
    # Always mid-sentence: the next word is lowercase or a verb, never a new sentence.
    assert not any(re.search(r"U\.S\.\s+[A-Z]", r["text"]) for r in records)
    big = {r["doc_id"] for r in records if "1,250" in r["text"]}
    assert big == {"hl-01", "hl-06", "nd-01", "nd-04", "nd-06", "cw-01", "cw-06"}
