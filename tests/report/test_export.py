"""CSV export: exact floats, fixed bytes, the sidecar."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from corpus_tools._compat import READ_CSV_EXACT
from corpus_tools.report.export import sidecar_path, to_csv


def test_floats_round_trip_exactly(tmp_path):
    values = np.array([0.1, 1 / 3, 1e-300, 5e-324, 2.5e20, -0.0, np.inf, -np.inf, np.nan, 123456789.0,
                       0.30000000000000004])
    table = pd.DataFrame({"term": [f"t{i}" for i in range(len(values))], "x": values})
    path = to_csv(table, tmp_path / "f.csv")
    text = path.read_text(encoding="utf-8")
    assert "t0,0.1\n" in text and "t8,\n" in text and "t9,123456789\n" in text  # shortest repr; NaN is an empty field
    back = pd.read_csv(path, **READ_CSV_EXACT)["x"].to_numpy(dtype=float)
    np.testing.assert_array_equal(back, values)  # NaN == NaN here; every bit otherwise


def test_bytes_sidecar_and_dates(tmp_path):
    table = pd.DataFrame({"month": ["2016-03"], "day": pd.to_datetime(["2016-03-01"]),
                          "term": ["naïve"], "n": [3], "range_target": pd.array([pd.NA], dtype="Int64")})
    table.attrs["measures"] = ["log_likelihood"]
    table.attrs["by"] = ["month"]
    first = to_csv(table, tmp_path / "a.csv", parameters={"note": ("x", 1)}).read_bytes()
    second = to_csv(table, tmp_path / "a.csv", parameters={"note": ("x", 1)}).read_bytes()
    assert first == second == "month,day,term,n,range_target\n2016-03,2016-03-01,naïve,3,\n".encode("utf-8")
    meta_text = sidecar_path(tmp_path / "a.csv").read_text(encoding="utf-8")
    meta = json.loads(meta_text)
    assert meta_text == json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert meta["parameters"] == {"by": ["month"], "measures": ["log_likelihood"], "note": ["x", 1]}
    assert meta["columns"]["range_target"].startswith("number of target documents")
    assert meta["columns"]["month"] == "group label (month)"
    assert meta["rows"] == 1 and "corpus" not in meta


def test_every_column_of_every_analysis_is_described(demo_corpus):
    from corpus_tools.analyses import collocations
    from corpus_tools.analyses import concordance
    from corpus_tools.analyses import hedging
    from corpus_tools.analyses import keyness
    from corpus_tools.analyses import ngrams
    from corpus_tools.report.export import column_descriptions

    ledger, wire = "The Harbour Ledger", "Civic Wire"
    tables = [
        keyness.keyness_grid(demo_corpus, by="outlet"),
        collocations.collocates(demo_corpus, "harbour", by="outlet"),
        collocations.compare_collocates(demo_corpus, "harbour", groups=("outlet", ledger, wire)),
        ngrams.ngrams(demo_corpus, 2, by="outlet"),
        ngrams.ngram_association(demo_corpus, 2),
        concordance.concordance(demo_corpus, "appears to"),
        hedging.hedge_rates(demo_corpus, by="outlet"),
        hedging.compare_hedging(demo_corpus, ledger, wire),
        hedging.pattern_contributions(demo_corpus, ledger, wire),
        hedging.hedge_booster_ratio(demo_corpus, by="outlet"),
    ]
    for table in tables:
        missing = [c for c, d in column_descriptions(table).items() if d.startswith("not described")]
        assert missing == [], (table.attrs.get("analysis") or table.attrs.get("function"), missing)


def test_rows_keep_their_floats_whatever_the_index(tmp_path):
    table = pd.DataFrame({"term": ["a", "b", "c"], "p": [0.1, 0.2, 0.3]}, index=[7, 7, 3])
    subset = table.iloc[[2, 0]]  # reordered, index labels not 0..n-1
    text = to_csv(subset, tmp_path / "s.csv").read_text(encoding="utf-8")
    assert text == "term,p\nc,0.3\na,0.1\n"
    filtered = pd.DataFrame({"term": ["a", "b", "c"], "p": [0.1, 0.2, 0.3]}).query("term != 'a'")
    assert to_csv(filtered, tmp_path / "f.csv").read_text(encoding="utf-8") == "term,p\nb,0.2\nc,0.3\n"
