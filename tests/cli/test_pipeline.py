"""The reproducible pipeline: ``corpus-tools run analysis.toml`` (issue 6)."""

from __future__ import annotations

import hashlib
import json
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.errors import CorpusToolsError
from corpus_tools.cli.pipeline import ANALYSES, ConfigError, read_config, run_pipeline

REPO = Path(__file__).resolve().parents[2]
DEMO_CONFIG = REPO / "corpora" / "demo" / "analysis.toml"


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    """The demo config run twice, into two folders."""
    first = tmp_path_factory.mktemp("run_a")
    second = tmp_path_factory.mktemp("run_b") / "nested"
    return run_pipeline(DEMO_CONFIG, out=first), run_pipeline(DEMO_CONFIG, out=second)


# --------------------------------------------------------------------------- the demo config

def test_pipeline_demo_config_runs_every_kind(demo_runs):
    manifest, _ = demo_runs
    kinds = {a["kind"] for a in manifest.data["analyses"]}
    assert kinds == set(ANALYSES)
    for analysis in manifest.data["analyses"]:
        table = analysis["outputs"][0]
        assert table["path"] == f"{analysis['name']}.csv"
        assert table["rows"] > 0, analysis["name"]
        assert len(pd.read_csv(manifest.folder / table["path"])) == table["rows"]
    assert manifest.path.is_file()
    assert (manifest.folder / "corpus" / "corpus.json").is_file()


def test_pipeline_demo_tables_hold_the_demo_facts(demo_runs):
    manifest, _ = demo_runs
    folder = manifest.folder
    rates = pd.read_csv(folder / "hedge_rates_by_outlet.csv")
    assert rates["outlet"].tolist() == ["Civic Wire", "Northgate Daily", "The Harbour Ledger"]
    assert rates["documents"].tolist() == [8, 8, 8]
    # The Ledger is the hedging outlet of the demo corpus.
    assert rates.set_index("outlet")["rate"].idxmax() == "The Harbour Ledger"
    by_month = pd.read_csv(folder / "hedge_rates_by_outlet_month.csv")
    assert list(by_month.columns[:2]) == ["outlet", "month"]
    assert by_month["documents"].sum() == 24
    grid = pd.read_csv(folder / "keyness_by_outlet.csv")
    ledger = grid[(grid["outlet"] == "The Harbour Ledger") & (grid["term"] == "dredging")]
    assert ledger["freq_target"].tolist() == [7]
    bigrams = pd.read_csv(folder / "bigrams_by_election.csv")
    assert set(bigrams["election"]) == {"before", "after"}  # the named period's column
    lines = pd.read_csv(folder / "concordance_appears_to.csv")
    assert set(lines["node"].str.lower()) == {"appears to"}
    collocates = pd.read_csv(folder / "harbour_collocates_by_outlet.csv")
    assert list(collocates.columns[:2]) == ["outlet", "collocate"]
    ledger_collocates = collocates[collocates["outlet"] == "The Harbour Ledger"]
    assert "dredging" in set(ledger_collocates["collocate"])


def test_pipeline_manifest_records_inputs_parameters_outputs(demo_runs):
    manifest, _ = demo_runs
    data = json.loads(manifest.path.read_text(encoding="utf-8"))
    assert data == manifest.data
    assert data["config"] == {"path": "analysis.toml", "bytes": DEMO_CONFIG.stat().st_size,
                              "sha256": hashlib.sha256(DEMO_CONFIG.read_bytes()).hexdigest()}
    source = REPO / "corpora" / "demo" / "articles.jsonl"
    assert [(i["path"], i["sha256"]) for i in data["inputs"]] == [
        ("articles.jsonl", hashlib.sha256(source.read_bytes()).hexdigest())]
    assert data["corpus"]["documents"] == 24
    assert data["periods"]["election"]["kind"] == "event"
    by_name = {a["name"]: a for a in data["analyses"]}
    # Parameters are resolved: the defaults not written in the config are there.
    grid = by_name["keyness_by_outlet"]["parameters"]
    assert grid["min_freq"] == 3 and grid["correction"] == "fdr_bh" and grid["unit"] == "lower"
    assert by_name["hedge_rates_by_outlet"]["parameters"]["confidence"] == 0.95
    for analysis in data["analyses"]:
        for out in analysis["outputs"]:
            path = manifest.folder / out["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == out["sha256"]
    assert data["versions"]["corpus_tools"]


def test_pipeline_writes_no_absolute_path_or_time(demo_runs):
    manifest, _ = demo_runs
    machine = [str(REPO), str(REPO.parent), str(manifest.folder), str(Path.home())]
    for name, content in _files(manifest.folder).items():
        if name.endswith((".json", ".csv")):
            text = content.decode("utf-8")
            assert not any(m in text for m in machine), name


def test_pipeline_run_twice_gives_identical_bytes(demo_runs):
    first, second = demo_runs
    a, b = _files(first.folder), _files(second.folder)
    assert sorted(a) == sorted(b)
    assert any(name.startswith("corpus/") for name in a)
    for name in a:
        assert a[name] == b[name], name


# --------------------------------------------------------------------------- small configs

NEWS = [
    {"id": f"d{i}", "outlet": "AB"[i % 2], "date": f"2020-0{i % 4 + 1}-15",
     "text": ("The port may close. Analysts say the port appears to struggle." if i % 2 else
              "The port will reopen. The harbour port is busy today.")}
    for i in range(8)
]

GOOD = """\
[corpus]
source = "news.jsonl"

[periods]
half = "ranges:first=2020-01-01..2020-02-29,second=2020-03-01.."

[output]
folder = "out"

[[analysis]]
name = "grid"
kind = "keyness_grid"
by = ["outlet", "half"]
correction = "none"

[[analysis]]
name = "rates"
kind = "hedge_rates"
by = "outlet"
n_boot = 100
"""


@pytest.fixture()
def news(tmp_path):
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in NEWS), encoding="utf-8")
    return tmp_path


def _config(folder: Path, text: str, name: str = "analysis.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pipeline_output_folder_is_relative_to_the_config(news, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    manifest = run_pipeline(_config(news, GOOD))
    assert manifest.folder == news / "out"
    assert (news / "out" / "grid.csv").is_file()


def test_pipeline_none_and_named_periods(news):
    manifest = run_pipeline(_config(news, GOOD))
    grid = manifest.data["analyses"][0]
    assert grid["parameters"]["correction"] is None
    table = pd.read_csv(news / "out" / "grid.csv")
    assert list(table.columns[:2]) == ["outlet", "half"]
    assert table["p_adjusted"].isna().all()  # no correction
    assert set(table["half"]) == {"first", "second"}


def test_pipeline_loads_a_saved_corpus(news):
    run_pipeline(_config(news, GOOD))
    text = GOOD.replace('source = "news.jsonl"', 'path = "out/corpus"').replace('"out"', '"out2"')
    manifest = run_pipeline(_config(news, text, "saved.toml"))
    assert (news / "out2" / "grid.csv").read_bytes() == (news / "out" / "grid.csv").read_bytes()
    assert "out/corpus/corpus.json" in [i["path"] for i in manifest.data["inputs"]]


def _figure_module():
    """A stand-in for corpus_tools.report.plot (written by another engineer)."""
    from matplotlib.figure import Figure

    def keyness_bars(table, *, top=5):
        figure = Figure(figsize=(4, 3))
        axes = figure.add_subplot()
        head = table.head(top)
        axes.barh(head["term"].astype(str), head["log_likelihood"])
        return figure

    def dispersion_plot(corpus, term):
        figure = Figure(figsize=(4, 2))
        figure.add_subplot().plot(range(len(corpus)), [len(term)] * len(corpus))
        return figure.axes[0]

    module = types.ModuleType("corpus_tools.report.plot")
    module.keyness_bars = keyness_bars
    module.dispersion_plot = dispersion_plot
    module.__all__ = ["keyness_bars", "dispersion_plot"]
    return module


def test_pipeline_figures_are_byte_identical(news, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setitem(sys.modules, "corpus_tools.report.plot", _figure_module())
    text = GOOD + '\nplot = { function = "dispersion_plot", term = "port" }\n'
    text = text.replace('correction = "none"', 'correction = "none"\nplot = "keyness_bars"')
    config = _config(news, text)
    first = run_pipeline(config, out=news / "a")
    second = run_pipeline(config, out=news / "b")
    assert first.outputs == ["grid.csv", "grid.csv.meta.json", "grid.png",
                             "rates.csv", "rates.csv.meta.json", "rates.png"]
    for name in first.outputs + ["manifest.json"]:
        assert (news / "a" / name).read_bytes() == (news / "b" / name).read_bytes(), name
    assert (news / "a" / "grid.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pipeline_unknown_plot_is_a_config_error(news, monkeypatch):
    monkeypatch.setitem(sys.modules, "corpus_tools.report.plot", _figure_module())
    config = _config(news, GOOD + 'plot = "keyness_barz"\n')
    with pytest.raises(ConfigError, match=r'#2 \(name "rates"\): unknown plot \'keyness_barz\'; '
                                          r'allowed: dispersion_plot, keyness_bars'):
        run_pipeline(config)
    assert not (news / "out").exists()  # found before anything was computed


# --------------------------------------------------------------------------- config errors

BAD = {
    "unknown_kind": (
        GOOD.replace('kind = "hedge_rates"', 'kind = "hedge_ratez"'),
        r'analysis\.toml:18: \[\[analysis\]\] #2 \(name "rates"\): unknown analysis kind '
        r"'hedge_ratez'; allowed: keyness, keyness_grid, .*pattern_contributions"),
    "unknown_parameter": (
        GOOD.replace("correction =", "mesure = \"x\"\ncorrection ="),
        r'analysis\.toml:14: \[\[analysis\]\] #1 \(name "grid"\): unknown parameter \'mesure\' '
        r"for keyness_grid; allowed: by, reference, measures, "),
    "missing_source": (
        GOOD.replace('source = "news.jsonl"', 'outlet = "X"'),
        r"analysis\.toml:1: \[corpus\]: missing field 'source'"),
    "bad_period_spec": (
        GOOD.replace("half = ", 'fortnight = "fortnight"\nhalf = '),
        r"analysis\.toml:5: \[periods\] fortnight: bad period spec: .*fortnight"),
    "duplicate_name": (
        GOOD.replace('name = "rates"', 'name = "grid"'),
        r'analysis\.toml:17: \[\[analysis\]\] #2 \(name "grid"\): duplicate analysis name '
        r"'grid' \(also \[\[analysis\]\] #1\)"),
    "toml_syntax": (
        GOOD.replace("n_boot = 100", "n_boot 100"),
        r"analysis\.toml:20: TOML syntax error: .*line 20"),
    "missing_required": (
        GOOD + '\n[[analysis]]\nname = "kwic"\nkind = "concordance"\n',
        r'analysis\.toml:22: \[\[analysis\]\] #3 \(name "kwic"\): missing parameter \'query\' '
        r"for concordance"),
    "missing_name": (
        GOOD.replace('name = "rates"\n', ""),
        r"analysis\.toml:16: \[\[analysis\]\] #2: missing field 'name'"),
    "unknown_section": (
        GOOD + "\n[outptu]\nfolder = 'x'\n",
        r"analysis\.toml:22: unknown section 'outptu'; allowed: corpus, periods, output, analysis"),
    "unknown_corpus_option": (
        GOOD.replace('source = "news.jsonl"', 'source = "news.jsonl"\ndedup = "near"'),
        r"analysis\.toml:3: \[corpus\]: unknown option 'dedup'; allowed: .*dedupe"),
    "single_table": (
        GOOD.split("[[analysis]]")[0] + '[analysis]\nname = "x"\nkind = "ngrams"\n',
        r"analysis\.toml:10: write each analysis as \[\[analysis\]\]"),
    "no_analyses": (
        GOOD.split("[[analysis]]")[0],
        r"analysis\.toml: no analyses: add at least one \[\[analysis\]\]"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_pipeline_config_error_names_its_place(news, case):
    text, message = BAD[case]
    config = _config(news, text)
    with pytest.raises(ConfigError, match=message) as caught:
        read_config(config)
    assert str(caught.value).startswith(str(config))
    assert isinstance(caught.value, CorpusToolsError) and isinstance(caught.value, ValueError)
    with pytest.raises(ConfigError, match=message):
        run_pipeline(config)
    assert not (news / "out").exists()  # nothing was written


def test_pipeline_refused_value_names_the_analysis(news):
    config = _config(news, GOOD.replace('correction = "none"', 'measures = ["ll"]'))
    with pytest.raises(ConfigError, match=r'analysis\.toml:14: \[\[analysis\]\] #1 \(name "grid"\): '
                                          r"The 'measures' parameter of keyness_grid\(\) .*Got 'll'"):
        run_pipeline(config)


def test_pipeline_missing_source_file(news):
    config = _config(news, GOOD.replace("news.jsonl", "nope.jsonl"))
    with pytest.raises(ConfigError, match=r"\[corpus\]: source 'nope.jsonl': no such file or folder"):
        run_pipeline(config)


def test_pipeline_period_name_clashing_with_a_column(news):
    config = _config(news, GOOD.replace("half =", "outlet ="))
    with pytest.raises(ConfigError, match=r"\[periods\] outlet: the name is already a documents column"):
        run_pipeline(config)
