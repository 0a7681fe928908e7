"""A whole analysis from one TOML file: ``corpus-tools run analysis.toml``.

The config names a corpus (a source to build, or a saved corpus folder),
named periods, an output folder and a list of analyses, each one a call of a
public function of corpus_tools with its keyword arguments. Running it
builds (or loads) the corpus once, saves it into ``<output>/corpus/``, writes
every table with :func:`corpus_tools.report.export.to_csv` (CSV + ``.meta.json``),
an optional figure per table, and ``manifest.json``: the inputs with their
sha256, every analysis's resolved parameters (defaults included), the
library versions, and every output with its sha256 (and rows for tables).

Reproducibility conventions:

- Nothing written holds a timestamp or an absolute path. Inputs are named
  relative to the config file's folder, outputs relative to the output
  folder, so two runs of the same config on the same machine give
  byte-identical tables, sidecars, manifest, saved corpus and PNG figures
  (saved without the "Software" metadata; Agg rendering is deterministic).
- Paths in the config (``source``, ``path``, ``[output] folder``, a
  ``lexicon`` CSV, a keyness ``reference`` CSV) are relative to the config
  file's folder, never to the working directory.
- TOML has no null: the string ``"none"`` means Python ``None`` for a
  parameter whose default is None or whose type admits None
  (``correction = "none"``, ``sort = "none"``).
- A named period (``[periods] election = "event:2024-06-15"``) becomes a
  documents column of that name in the analysed corpus (not in the saved
  one), so ``by = ["outlet", "election"]`` and selectors such as
  ``target = { election = "after" }`` work in every analysis and the
  output column is called ``election``.

Config errors (TOML syntax, unknown section or key, unknown analysis kind or
parameter, a missing required value, a bad period spec, a duplicate analysis
name, a parameter value an analysis refuses) raise :class:`ConfigError`,
whose message starts with the config file and line where known:
``analysis.toml:23: [[analysis]] #2 (name "x"): unknown parameter 'mesure'
for keyness_grid; allowed: ...``.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusToolsError, OutputError
from ..io.atomic import atomic_file, atomic_folder, file_sha256, has_marker

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)

__all__ = ["ANALYSES", "ConfigError", "Manifest", "PipelineConfig", "read_config", "run_pipeline"]

#: Analysis kind -> (module, function). The config's keys of an analysis
#: are checked against the function's signature.
ANALYSES: dict[str, tuple[str, str]] = {
    "keyness": ("corpus_tools.analyses.keyness", "keyness"),
    "keyness_grid": ("corpus_tools.analyses.keyness", "keyness_grid"),
    "collocates": ("corpus_tools.analyses.collocations", "collocates"),
    "compare_collocates": ("corpus_tools.analyses.collocations", "compare_collocates"),
    "ngrams": ("corpus_tools.analyses.ngrams", "ngrams"),
    "ngram_association": ("corpus_tools.analyses.ngrams", "ngram_association"),
    "concordance": ("corpus_tools.analyses.concordance", "concordance"),
    "hedge_rates": ("corpus_tools.analyses.hedging", "hedge_rates"),
    "compare_hedging": ("corpus_tools.analyses.hedging", "compare_hedging"),
    "pattern_contributions": ("corpus_tools.analyses.hedging", "pattern_contributions"),
}

MANIFEST_FORMAT = "corpus_tools pipeline manifest"
MANIFEST_FORMAT_VERSION = 1
_SECTIONS = ("corpus", "periods", "output", "analysis")
_ANALYSIS_KEYS = ("name", "kind", "plot", "description")  # the rest are the function's parameters
_NOT_IN_CONFIG = ("hits",)  # Python objects, not config values
_BUILD_KEYS = ("source", "format", "fields", "outlet", "on_invalid", "normalize", "normalization",
               "dedupe", "tokenizer")
_LOADERS = ("load_table", "load_txt_folder", "load_html", "load_reuters_sgml", "load_nltk")
_FIGURE_DPI = 150
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ConfigError(CorpusToolsError, ValueError):
    """A pipeline config that cannot be run; the message names the file and place."""


# --------------------------------------------------------------------------- config

@dataclass(frozen=True)
class AnalysisSpec:
    """One ``[[analysis]]`` entry, checked against its function's signature."""

    number: int
    name: str
    kind: str
    parameters: dict
    plot: dict | None
    description: str | None
    where: str  # 'analysis.toml:23: [[analysis]] #2 (name "x")' for messages
    places: dict = field(default_factory=dict, repr=False)  # key -> the same, at the key's line

    def at(self, message: str) -> str:
        """``message`` prefixed with the place of the parameter it names, if any."""
        m = re.search(r"The '(\w+)' parameter", message)
        return f"{self.places.get(m.group(1) if m else None, self.where)}: {message}"


@dataclass(frozen=True)
class PipelineConfig:
    """A config file, read and checked (see :func:`read_config`)."""

    path: Path
    text: bytes
    corpus: dict
    periods: dict
    output: Path
    analyses: tuple

    @property
    def folder(self) -> Path:
        """The config file's folder: every relative path in it starts here."""
        return self.path.parent


class _Locator:
    """Line numbers of sections and keys, for messages (tomllib gives none)."""

    def __init__(self, label: str, text: str):
        self.label = label
        self.lines = text.splitlines()
        self.headers = []  # (line number, header text)
        for i, line in enumerate(self.lines, start=1):
            # A table header: [name] or [[name]] alone on its line (not an array value).
            m = re.match(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$", line)
            if m:
                self.headers.append((i, m.group(2).strip(), m.group(1) == "[["))

    def section(self, name: str, nth: int = 1) -> tuple[int | None, int | None]:
        """(first line, last line) of the nth table named ``name``."""
        seen = 0
        for k, (line, header, _) in enumerate(self.headers):
            if header == name:
                seen += 1
                if seen == nth:
                    end = self.headers[k + 1][0] - 1 if k + 1 < len(self.headers) else len(self.lines)
                    return line, end
        return None, None

    def line(self, section: str, key: str | None = None, nth: int = 1) -> int | None:
        start, end = self.section(section, nth)
        if start is None or key is None:
            return start
        pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return start

    def at(self, line: int | None) -> str:
        return f"{self.label}:{line}" if line else self.label


def _error(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _function(kind: str):
    module, name = ANALYSES[kind]
    return getattr(importlib.import_module(module), name)


def _allows_none(param: inspect.Parameter) -> bool:
    return param.default is None or "None" in str(param.annotation)


def _loader_options() -> set:
    names = set()
    loaders = importlib.import_module("corpus_tools.io.loaders")
    for name in _LOADERS:
        func = getattr(loaders, name)
        names.update(p.name for p in inspect.signature(func).parameters.values()
                     if p.kind is p.KEYWORD_ONLY)
    return names - {"on_invalid", "progress"}


def read_config(path) -> PipelineConfig:
    """Read and check a pipeline config without running anything.

    Parameters
    ----------
    path : str or Path
        The TOML file. Messages name it as given.

    Returns
    -------
    PipelineConfig

    Raises
    ------
    ConfigError
        For any problem in the file, with its place (file:line where known).
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.toml").write_text('''
    ... [corpus]
    ... source = "news.jsonl"
    ... [[analysis]]
    ... name = "rates"
    ... kind = "hedge_rates"
    ... mesure = "x"
    ... ''')
    >>> read_config(folder / "a.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corpus_tools.cli.pipeline.ConfigError: ...a.toml:7: [[analysis]] #1 (name "rates"): unknown parameter 'mesure' for hedge_rates; allowed: ...
    """
    from ..corpus.periods import parse_period_spec

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such config file: {str(path)!r}")
    raw = path.read_bytes()
    label = str(path)
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise ConfigError(f"{label}: not UTF-8 text ({error})") from None
    except tomllib.TOMLDecodeError as error:
        m = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = f":{m.group(1)}" if m else ""
        raise ConfigError(f"{label}{line}: TOML syntax error: {error}") from None
    where = _Locator(label, text)

    unknown = [k for k in data if k not in _SECTIONS]
    if unknown:
        raise _error(where.at(where.line(unknown[0])),
                     f"unknown section {unknown[0]!r}; allowed: {', '.join(_SECTIONS)}")
    for name in ("corpus", "periods", "output"):
        if name in data and not isinstance(data[name], dict):
            raise _error(where.label, f"{name!r} must be a table ([{name}])")

    # [corpus]
    corpus = dict(data.get("corpus", {}))
    at_corpus = where.at(where.line("corpus"))
    if "corpus" not in data:
        raise _error(where.label, "missing section [corpus] (give source = \"...\" or path = \"...\")")
    if "path" in corpus:
        extra = sorted(set(corpus) - {"path"})
        if extra:
            raise _error(where.at(where.line("corpus", extra[0])),
                         f"[corpus]: {extra[0]!r} cannot go with path = (a saved corpus is already built); "
                         "give either path or source and its options")
    elif "source" not in corpus:
        raise _error(at_corpus, "[corpus]: missing field 'source' (a file or folder, relative to this "
                                "config file, or \"nltk:NAME\"); or give path = \"SAVED_CORPUS_FOLDER\"")
    else:
        allowed = set(_BUILD_KEYS) | _loader_options()
        for key in corpus:
            if key not in allowed:
                raise _error(where.at(where.line("corpus", key)),
                             f"[corpus]: unknown option {key!r}; allowed: {', '.join(sorted(allowed))}")
    for key in ("source", "path"):
        if key in corpus and not isinstance(corpus[key], str):
            raise _error(where.at(where.line("corpus", key)), f"[corpus]: {key} must be a string")

    # [periods]
    periods = dict(data.get("periods", {}))
    for name, spec in periods.items():
        at = where.at(where.line("periods", name))
        if not isinstance(spec, str):
            raise _error(at, f"[periods] {name}: a period spec is a string such as \"month\" or "
                             f"\"event:2024-06-15\". Got {spec!r}")
        try:
            parse_period_spec(spec)
        except (ValueError, TypeError) as error:
            raise _error(at, f"[periods] {name}: bad period spec: {error}") from None

    # [output]
    output = data.get("output", {})
    extra = sorted(set(output) - {"folder"})
    if extra:
        raise _error(where.at(where.line("output", extra[0])), f"[output]: unknown option {extra[0]!r}; allowed: folder")
    if not isinstance(output.get("folder", ""), str):
        raise _error(where.at(where.line("output", "folder")), "[output]: folder must be a string")
    folder = output.get("folder")

    # [[analysis]]
    entries = data.get("analysis", [])
    if isinstance(entries, dict):
        raise _error(where.at(where.line("analysis")), "write each analysis as [[analysis]] (an array "
                                                        "of tables), not [analysis]")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise _error(where.label, "no analyses: add at least one [[analysis]] table")
    analyses, names = [], {}
    for number, entry in enumerate(entries, start=1):
        analyses.append(_check_analysis(entry, number, where, names))
    return PipelineConfig(path=path, text=raw, corpus=corpus, periods=periods,
                          output=Path(os.path.normpath(path.parent / folder)) if folder else Path(),
                          analyses=tuple(analyses))


def _check_analysis(entry: dict, number: int, where: _Locator, names: dict) -> AnalysisSpec:
    name = entry.get("name")
    shown = f'[[analysis]] #{number}' + (f' (name "{name}")' if isinstance(name, str) else "")

    def at(key=None):
        return f"{where.at(where.line('analysis', key, nth=number))}: {shown}"

    if not isinstance(name, str) or not name:
        raise _error(at(), "missing field 'name' (the output file stem, unique)")
    if not _NAME_RE.match(name):
        raise _error(at("name"), f"name {name!r} must be a file stem: letters, digits, '_', '-', '.'")
    if name in names:
        raise _error(at("name"), f"duplicate analysis name {name!r} (also [[analysis]] #{names[name]})")
    names[name] = number
    kind = entry.get("kind")
    if kind is None:
        raise _error(at(), f"missing field 'kind'; one of: {', '.join(ANALYSES)}")
    if kind not in ANALYSES:
        raise _error(at("kind"), f"unknown analysis kind {kind!r}; allowed: {', '.join(ANALYSES)}")
    signature = inspect.signature(_function(kind))
    params = list(signature.parameters.values())[1:]  # the first is the corpus
    allowed = {p.name: p for p in params if p.name not in _NOT_IN_CONFIG
               and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    parameters = {}
    for key, value in entry.items():
        if key in _ANALYSIS_KEYS:
            continue
        if key not in allowed:
            raise _error(at(key), f"unknown parameter {key!r} for {kind}; allowed: {', '.join(allowed)}")
        if value == "none" and _allows_none(allowed[key]):
            value = None
        parameters[key] = value
    missing = [p for p in allowed if allowed[p].default is inspect.Parameter.empty and p not in parameters]
    if missing:
        raise _error(at(), f"missing parameter {missing[0]!r} for {kind}")
    plot = entry.get("plot")
    if plot is not None:
        if isinstance(plot, str):
            plot = {"function": plot}
        if not isinstance(plot, dict) or not isinstance(plot.get("function"), str):
            raise _error(at("plot"), "plot must be a function name of corpus_tools.report.plot, or a table "
                                     "{ function = \"NAME\", ...keyword arguments }")
    description = entry.get("description")
    return AnalysisSpec(number=number, name=name, kind=kind, parameters=parameters, plot=plot,
                        description=description, where=at(), places={key: at(key) for key in entry})


# --------------------------------------------------------------------------- running

@dataclass(frozen=True)
class Manifest:
    """What a run read and wrote; ``data`` is the content of ``manifest.json``.

    Attributes
    ----------
    folder : Path
        The output folder.
    data : dict
        ``format``, ``format_version``, ``config`` (file name, sha256),
        ``inputs`` (path relative to the config's folder, sha256, bytes),
        ``corpus`` (folder, fingerprint, sizes, how it was made),
        ``periods``, ``analyses`` (name, kind, function, parameters,
        outputs), ``versions``.
    """

    folder: Path
    data: dict = field(repr=False)

    @property
    def path(self) -> Path:
        """The manifest file."""
        return self.folder / "manifest.json"

    @property
    def outputs(self) -> list:
        """Every file written for the analyses, relative to :attr:`folder`."""
        return [out["path"] for a in self.data["analyses"] for out in a["outputs"]]


def _relative(path, start: Path) -> str:
    """``path`` relative to ``start``, with forward slashes (``..`` allowed)."""
    return Path(os.path.relpath(Path(path).resolve(), start.resolve())).as_posix()


def _file_record(path: Path, start: Path) -> dict:
    return {"path": _relative(path, start), "sha256": file_sha256(path), "bytes": path.stat().st_size}


def _build(config: PipelineConfig, progress: bool):
    """The corpus, its inputs, and how it was made (relative paths only)."""
    from ..corpus.corpus import Corpus

    options = dict(config.corpus)
    where = f"{config.path}: [corpus]"
    if "path" in options:
        folder = config.folder / options["path"]
        try:
            corpus = Corpus.load(folder)
        except CorpusToolsError as error:
            raise ConfigError(f"{where}: path = {options['path']!r}: {error}") from error
        inputs = [_file_record(f, config.folder) for f in sorted(folder.iterdir()) if f.is_file()]
        return corpus, inputs, {"path": options["path"]}

    from ..corpus.build import build_corpus

    source = options.pop("source")
    is_nltk = source.startswith("nltk:") or options.get("format") == "nltk"
    where_source = source if is_nltk else config.folder / source
    if not is_nltk and not Path(where_source).exists():
        raise ConfigError(f"{where}: source {source!r}: no such file or folder "
                          f"(paths are relative to the config file's folder)")
    from ..text.normalize import NormalizationSettings
    from ..text.tokenize import TokenizerSettings

    try:
        # TOML tables for the settings objects: [corpus.normalization], [corpus.tokenizer].
        for key, settings in (("normalization", NormalizationSettings), ("tokenizer", TokenizerSettings)):
            if isinstance(options.get(key), Mapping):
                given = dict(options[key])
                if isinstance(given.get("boilerplate_lines"), list):
                    given["boilerplate_lines"] = tuple(given["boilerplate_lines"])
                options[key] = settings(**given)
        corpus = build_corpus(where_source, progress=progress, **options)
    except TypeError as error:
        raise ConfigError(f"{where}: {error}") from error
    # Provenance names the source as given; make it relative to the config,
    # so the saved corpus holds no machine path.
    prov = corpus.provenance
    prov["loader"] = {**prov.get("loader", {}), "source": source}
    inputs = []
    for record in prov.get("sources", []):
        given = Path(record.get("path", ""))
        if not is_nltk and given.exists():
            record["path"] = _relative(given, config.folder)
        inputs.append({"path": record["path"], "sha256": record.get("sha256"), "bytes": record.get("bytes")})
    return corpus, inputs, {"source": source, **{k: v for k, v in config.corpus.items() if k != "source"}}


def _with_periods(corpus, periods: dict, config: PipelineConfig):
    """The corpus with one documents column per named period."""
    from ..corpus.corpus import Corpus

    if not periods:
        return corpus
    docs = corpus.documents.copy()
    for name, spec in periods.items():
        if name in docs.columns:
            raise ConfigError(f"{config.path}: [periods] {name}: the name is already a documents column "
                              f"of the corpus ({list(corpus.documents.columns)}); choose another")
        docs[name] = corpus.group_labels(spec).to_numpy()
    return Corpus(docs, corpus.tokens, corpus.provenance)


def _resolve(spec: AnalysisSpec, config: PipelineConfig, inputs: list) -> tuple[dict, dict]:
    """(arguments for the call, parameters to record), defaults filled in."""
    call = dict(spec.parameters)
    record = dict(spec.parameters)
    for key in ("lexicon", "reference"):
        value = call.get(key)
        if isinstance(value, str) and (key == "lexicon" or value.lower().endswith(".csv")):
            file = config.folder / value
            if not file.is_file():
                raise ConfigError(f"{spec.where}: {key} {value!r}: no such file "
                                  "(paths are relative to the config file's folder)")
            call[key] = file
            record_entry = _file_record(file, config.folder)
            if record_entry not in inputs:
                inputs.append(record_entry)
    signature = inspect.signature(_function(spec.kind))
    bound = signature.bind_partial(**record)
    bound.apply_defaults()
    resolved = {k: v for k, v in bound.arguments.items() if k not in _NOT_IN_CONFIG}
    return call, resolved


def _plot_function(spec: AnalysisSpec, *, warn: bool = True):
    """The plot function an analysis names; None when corpus_tools.report.plot cannot be imported."""
    try:
        plot = importlib.import_module("corpus_tools.report.plot")
    except ImportError as error:
        if warn:
            logger.warning("%s: no figure: corpus_tools.report.plot cannot be imported (%s)", spec.where, error)
        return None
    name = spec.plot["function"]
    func = getattr(plot, name, None)
    if name.startswith("_") or not callable(func):
        public = sorted(n for n in getattr(plot, "__all__", dir(plot)) if not n.startswith("_"))
        raise ConfigError(f"{spec.where}: unknown plot {name!r}; allowed: {', '.join(public)}")
    return func


def _figure(spec: AnalysisSpec, table, corpus, path: Path):
    """Draw and save the analysis's figure; None when corpus_tools.report.plot is absent."""
    func = _plot_function(spec)
    if func is None:
        return None
    options = {k: v for k, v in spec.plot.items() if k != "function"}
    first = next(iter(inspect.signature(func).parameters), None)
    try:
        drawn = func(corpus, **options) if first == "corpus" else func(table, **options)
    except (ValueError, TypeError) as error:
        raise ConfigError(f"{spec.where}: plot {spec.plot['function']}: {error}") from error
    figure = drawn if hasattr(drawn, "savefig") else getattr(drawn, "figure", None)
    if figure is None:
        raise CorpusToolsError(f"{spec.where}: plot {spec.plot['function']} returned {type(drawn).__name__}, "
                               "not a matplotlib Figure or Axes")
    # No "Software" entry and no dates: the same figure gives the same bytes.
    figure.savefig(path, format="png", dpi=_FIGURE_DPI, metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(figure)
    return path


def run_pipeline(config_path, *, out=None, overwrite: bool = False, progress: bool = False) -> Manifest:
    """Run every analysis of a config and write tables, figures and a manifest.

    Parameters
    ----------
    config_path : str or Path
        The TOML config (see the module docstring and
        ``corpora/demo/analysis.toml``).
    out : str or Path, optional
        Output folder, instead of the config's ``[output] folder`` (which is
        relative to the config file). Created if absent. It is written
        atomically: into a temporary sibling folder (tables, figures, the
        corpus, ``manifest.json`` last), moved into place when complete. An
        existing folder must be empty or an earlier run's output (it holds
        our ``manifest.json``), and the latter is replaced only with
        ``overwrite``; a failed run leaves it as it was.
    overwrite : bool, default=False
        Replace an earlier run's output folder (``corpus-tools run --force``).
    progress : bool, default=False
        Progress bars while building the corpus, and an INFO log line per
        analysis.

    Returns
    -------
    Manifest
        Also written as ``<out>/manifest.json``.

    Raises
    ------
    ConfigError
        For a problem in the config, before anything is computed where it
        can be found by reading the file; a value an analysis refuses is
        reported with the analysis's place when it runs.
    OutputError
        When the output folder is not ours, is ours and ``overwrite`` is
        False, or holds (or lies inside) one of the run's inputs.
    OutputLockedError
        When another run is writing the same output folder.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [{"id": f"d{i}", "outlet": "AB"[i % 2], "date": f"2020-0{i % 3 + 1}-01",
    ...          "text": "It may rain. Rain appears to fall." if i % 2 else "Sun will shine."}
    ...         for i in range(6)]
    >>> _ = (folder / "news.jsonl").write_text("\\n".join(map(json.dumps, rows)) + "\\n")
    >>> _ = (folder / "a.toml").write_text('''
    ... [corpus]
    ... source = "news.jsonl"
    ... [output]
    ... folder = "out"
    ... [[analysis]]
    ... name = "rates"
    ... kind = "hedge_rates"
    ... by = ["outlet"]
    ... n_boot = 200
    ... ''')
    >>> manifest = run_pipeline(folder / "a.toml")
    >>> manifest.outputs
    ['rates.csv', 'rates.csv.meta.json']
    >>> manifest.data["analyses"][0]["outputs"][0]["rows"]
    2
    """
    config = read_config(config_path)
    folder = Path(out) if out is not None else config.output
    if out is None and not config.output.parts:
        raise ConfigError(f"{config.path}: [output]: missing field 'folder' (or pass out=)")
    for spec in config.analyses:  # plot names are checked before the long steps
        if spec.plot is not None:
            _plot_function(spec, warn=False)

    _check_inputs_outside(config, folder)
    with atomic_folder(folder, overwrite=overwrite, is_ours=is_run_folder, what="run output",
                       force_hint="pass --force (overwrite=True)") as tmp:
        data = _run_into(tmp, config, progress)
    logger.info("wrote %d tables and manifest.json to %s", len(data["analyses"]), folder)
    return Manifest(folder, data)


def is_run_folder(folder) -> bool:
    """Does ``folder`` hold a run's output (a ``manifest.json`` of ours)?"""
    return has_marker(Path(folder), "manifest.json", MANIFEST_FORMAT)


def _config_inputs(config: PipelineConfig) -> list:
    """``(what, path)`` of every file or folder the run reads, known from the config alone."""
    found = []
    corpus = config.corpus
    if "path" in corpus:
        found.append(("[corpus] path", config.folder / corpus["path"]))
    elif not (corpus["source"].startswith("nltk:") or corpus.get("format") == "nltk"):
        found.append(("[corpus] source", config.folder / corpus["source"]))
    for name in ("metadata",):
        if isinstance(corpus.get(name), str):
            found.append((f"[corpus] {name}", config.folder / corpus[name]))
    for spec in config.analyses:
        for key in ("lexicon", "reference"):
            value = spec.parameters.get(key)
            if isinstance(value, str) and (key == "lexicon" or value.lower().endswith(".csv")):
                found.append((f"{spec.where}: {key}", config.folder / value))
    return found + [("the config", config.path)]


def _check_inputs_outside(config: PipelineConfig, folder: Path) -> None:
    """Refuse an output folder that holds an input, or lies inside an input folder: a run never writes over its inputs."""
    out = Path(os.path.abspath(folder))
    for what, path in _config_inputs(config):
        given = Path(os.path.abspath(path))
        if given == out or out in given.parents or given in out.parents:
            raise OutputError(f"{config.path}: the output folder {folder} would write over {what} {path}; "
                              "choose another [output] folder (or --out)")


def _run_into(folder: Path, config: PipelineConfig, progress: bool) -> dict:
    """Build the corpus and run every analysis into ``folder`` (a temporary one); the manifest's data."""
    from ..corpus.build import library_versions
    from ..report.export import sidecar_path, to_csv

    corpus, inputs, corpus_settings = _build(config, progress)
    corpus.save(folder / "corpus")
    corpus_files = [_file_record(f, folder) for f in sorted((folder / "corpus").iterdir()) if f.is_file()]
    analysed = _with_periods(corpus, config.periods, config)
    fingerprint = corpus.fingerprint()

    records = []
    for spec in config.analyses:
        if progress:
            logger.info("analysis %d/%d: %s (%s)", spec.number, len(config.analyses), spec.name, spec.kind)
        call, resolved = _resolve(spec, config, inputs)
        try:
            table = _function(spec.kind)(analysed, **call)
        except (ValueError, TypeError) as error:
            raise ConfigError(spec.at(str(error))) from error
        csv = to_csv(table, folder / f"{spec.name}.csv", corpus=corpus,
                     parameters={"analysis": spec.name, "kind": spec.kind, **resolved})
        outputs = [{**_file_record(csv, folder), "rows": int(len(table))},
                   _file_record(sidecar_path(csv), folder)]
        if spec.plot is not None:
            png = _figure(spec, table, analysed, folder / f"{spec.name}.png")
            if png is not None:
                outputs.append(_file_record(png, folder))
        module, function = ANALYSES[spec.kind]
        entry = {"name": spec.name, "kind": spec.kind, "function": f"{module}.{function}",
                 "parameters": resolved, "plot": spec.plot, "outputs": outputs}
        if spec.description:
            entry["description"] = spec.description
        records.append(entry)

    from ..report.export import _jsonable
    from ..corpus.periods import parse_period_spec

    data = {
        "format": MANIFEST_FORMAT,
        "format_version": MANIFEST_FORMAT_VERSION,
        "config": {"path": config.path.name, "sha256": hashlib.sha256(config.text).hexdigest(),
                   "bytes": len(config.text)},
        "inputs": inputs,
        "corpus": {"folder": "corpus", "settings": corpus_settings, "fingerprint_sha256": fingerprint,
                   "documents": int(len(corpus)), "word_tokens": int(corpus.n_words),
                   "skipped": int(len(corpus.provenance.get("skipped", []))), "files": corpus_files},
        "periods": {name: parse_period_spec(spec).description for name, spec in config.periods.items()},
        "analyses": records,
        "versions": library_versions(),
    }
    data = _jsonable(data)
    # Last, and whole or not at all: the file that makes the folder a run's output.
    with atomic_file(folder / "manifest.json") as tmp:
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                       encoding="utf-8", newline="\n")
    return data
