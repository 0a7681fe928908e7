"""Tests of corpus_tools.report.tables: rounding, marks, renaming, escaping, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.report.tables import PaperTable, paper_table


@pytest.fixture
def raw():
    return pd.DataFrame({
        "term": ["R&D_cost", "100%", "a|b", "plain"],
        "freq_target": np.array([30, 12, 4, 1], dtype=np.int64),
        "log_ratio": [2.675, -0.0004, 1.0005, np.nan],
        "p": [1e-9, 0.001, 0.05, 0.2],
        "p_adjusted": [0.0009999, 0.0099, 0.05, 0.04999],
    })


def test_tables_raw_table_unchanged(raw):
    before = raw.copy(deep=True)
    out = paper_table(raw, rename={"log_ratio": "LR"}, max_rows=2)
    out.frame.iloc[0, 0] = "changed"
    pd.testing.assert_frame_equal(raw, before)
    assert out.frame is not raw


@pytest.mark.parametrize("value, digits, expected", [
    (2.675, 2, "2.68"),       # the CSV's decimal, half away from zero (binary 2.67499...)
    (-2.675, 2, "-2.68"),
    (-0.0004, 3, "0.000"),    # no negative zero
    (1.0005, 3, "1.001"),
    (12.0, 0, "12"),
    (1e20, 1, "100000000000000000000.0"),
    (np.inf, 3, "inf"),
    (-np.inf, 3, "-inf"),
    (np.nan, 3, ""),
])
def test_tables_rounding(value, digits, expected):
    t = paper_table(pd.DataFrame({"x": [value]}), digits=digits, marks=None)
    assert t.frame["x"].tolist() == [expected]


def test_tables_digits_per_column_and_ints(raw):
    t = paper_table(raw, columns=["freq_target", "log_ratio"], digits={"log_ratio": 1}, marks=None)
    assert t.frame["freq_target"].tolist() == ["30", "12", "4", "1"]
    assert t.frame["log_ratio"].tolist() == ["2.7", "0.0", "1.0", ""]
    assert t.numeric == ("freq_target", "log_ratio")


def test_tables_p_values_below_floor(raw):
    t = paper_table(raw, columns=["p", "p_adjusted"], marks=None)
    assert t.frame["p"].tolist() == ["<0.001", "0.001", "0.050", "0.200"]
    assert t.frame["p_adjusted"].tolist() == ["<0.001", "0.010", "0.050", "0.050"]
    t4 = paper_table(raw, columns=["p"], digits=4, marks=None)
    assert t4.frame["p"].tolist() == ["<0.0001", "0.0010", "0.0500", "0.2000"]


def test_tables_marks_strict_thresholds(raw):
    t = paper_table(raw, columns=["term", "p_adjusted"])
    # 0.0009999 < 0.001; 0.0099 < 0.01; 0.05 is not < 0.05; 0.04999 is.
    assert t.frame["sig"].tolist() == ["***", "**", "", "*"]
    assert list(t.frame.columns) == ["term", "p_adjusted", "sig"]
    assert t.notes == ("*** p < 0.001, ** p < 0.01, * p < 0.05 (p_adjusted).",)
    on_p = paper_table(raw, columns=["term", "p"], p_column="p")
    assert on_p.frame["sig"].tolist() == ["***", "**", "", ""]  # p = 0.001 exactly: "**", not "***"


def test_tables_marks_on_a_column_and_sig_last(raw):
    t = paper_table(raw, columns=["term", "log_ratio"], mark_column="log_ratio")
    assert t.frame["log_ratio"].tolist() == ["2.675***", "0.000**", "1.001", "*"]
    t2 = paper_table(raw, columns=["term", "log_ratio"])
    assert list(t2.frame.columns) == ["term", "log_ratio", "sig"]


def test_tables_custom_marks_sorted(raw):
    t = paper_table(raw, columns=["p_adjusted"], marks=[(0.05, "+"), (0.01, "++")])
    assert t.frame["sig"].tolist() == ["++", "++", "", "+"]
    assert t.notes[0] == "++ p < 0.01, + p < 0.05 (p_adjusted)."


def test_tables_max_rows_noted(raw):
    t = paper_table(raw, max_rows=2, marks=None)
    assert len(t.frame) == 2
    assert t.notes == ("First 2 of 4 rows.",)


@pytest.mark.parametrize("kwargs, match", [
    ({"columns": ["term", "nope"]}, r"'columns' parameter of paper_table\(\) names columns not in the table: \['nope'\]"),
    ({"columns": ["term", "term"]}, r"repeats columns: \['term'\]"),
    ({"columns": []}, r"at least one column"),
    ({"rename": {"bogus": "B"}}, r"'rename' parameter of paper_table\(\) names columns that are not shown: \['bogus'\]"),
    ({"rename": {"p": "term"}}, r"same header"),
    ({"digits": {"bogus": 2}}, r"'digits' parameter .* \['bogus'\]"),
    ({"digits": -1}, r"'digits' parameter of paper_table\(\) must be an int in the range"),
    ({"p_column": "q"}, r"'p_column' parameter of paper_table\(\) names a column not in the table: 'q'"),
    ({"marks": [(0, "*")]}, r"'marks' parameter"),
    ({"marks": [(0.05, "*"), (0.05, "+")]}, r"repeats a threshold"),
    ({"mark_column": "nope"}, r"'mark_column' parameter"),
    ({"max_rows": 0}, r"'max_rows' parameter"),
])
def test_tables_bad_arguments(raw, kwargs, match):
    with pytest.raises(ValueError, match=match):
        paper_table(raw, **kwargs)


def test_tables_type_errors(raw):
    with pytest.raises(TypeError, match=r"'table' parameter of paper_table\(\) must be a pandas DataFrame"):
        paper_table([1, 2])
    with pytest.raises(TypeError, match=r"'columns' parameter"):
        paper_table(raw, columns="term")


def test_tables_all_missing_p_column_is_refused(raw):
    no_p = raw.assign(p_adjusted=np.nan)
    with pytest.raises(ValueError, match=r"'p_adjusted', which has no p-value"):
        paper_table(no_p)


def test_tables_existing_sig_column_is_not_overwritten(raw):
    with pytest.raises(ValueError, match="already has a 'sig' column"):
        paper_table(raw.assign(sig="x"))


def test_tables_latex_escaping(raw):
    t = paper_table(raw, columns=["term", "log_ratio", "p_adjusted"],
                    rename={"log_ratio": "log ratio"})
    tex = t.to_latex(caption="Top 5% & more", label="tab:kw")
    assert r"R\&D\_cost" in tex and r"100\%" in tex
    assert r"\caption{Top 5\% \& more}" in tex and r"\label{tab:kw}" in tex
    assert r"\textless{}0.001" in tex
    assert r"\begin{tabular}{lrrl}" in tex
    assert "2.675 & 0.001" not in tex
    assert r"R\&D\_cost & 2.675 & \textless{}0.001 & *** \\" in tex
    neg = paper_table(pd.DataFrame({"x": [-1.5]}), marks=None).to_latex()
    assert r"$-$1.500 \\" in neg


def test_tables_latex_bad_label(raw):
    with pytest.raises(ValueError, match=r"'label' parameter of to_latex\(\)"):
        paper_table(raw).to_latex(label="a b")


def test_tables_markdown_escapes_pipes(raw):
    md = paper_table(raw, columns=["term", "freq_target"], marks=None).to_markdown()
    lines = md.splitlines()
    assert lines[0] == "| term | freq\\_target |"
    assert lines[1] == "| :--- | ---: |"
    assert "| a\\|b | 4 |" in lines
    # Every row has the same number of unescaped pipes.
    import re
    assert {len(re.findall(r"(?<!\\)\|", line)) for line in lines} == {3}


def test_tables_deterministic_files(raw, tmp_path):
    outputs = []
    for k in range(2):
        t = paper_table(raw, rename={"p_adjusted": "p (BH)"})
        t.to_latex(tmp_path / f"t{k}.tex", caption="c")
        t.to_markdown(tmp_path / f"t{k}.md")
        outputs.append(((tmp_path / f"t{k}.tex").read_bytes(), (tmp_path / f"t{k}.md").read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"\r\n" not in outputs[0][0]
    assert isinstance(t, PaperTable) and str(t) == t.to_markdown()


def test_tables_on_keyness_of_demo(demo_corpus):
    from corpus_tools.analyses.keyness import keyness

    table = keyness(demo_corpus, target={"outlet": "Civic Wire"})
    before = table.copy(deep=True)
    t = paper_table(table, columns=["term", "freq_target", "log_likelihood", "p_adjusted"], max_rows=5)
    pd.testing.assert_frame_equal(table, before)
    assert t.frame["term"].tolist() == table["term"].head(5).tolist()
    assert t.frame["freq_target"].tolist() == [str(v) for v in table["freq_target"].head(5)]
    expected = [f"{v:.3f}" for v in table["log_likelihood"].head(5)]
    assert t.frame["log_likelihood"].tolist() == expected
    assert t.notes[-1] == f"First 5 of {len(table)} rows."
