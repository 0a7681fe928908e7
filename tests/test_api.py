"""The public API of ``import corpus_tools as ct``: complete, lazy and the real objects."""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
import types
from importlib import import_module
from pathlib import Path

import pytest

import corpus_tools as ct

INIT = Path(ct.__file__)
# Modules `import corpus_tools` must leave unloaded: each costs tens to hundreds of ms.
HEAVY = ("pandas", "numpy", "scipy", "pyarrow", "polars", "nltk", "matplotlib", "ftfy", "tqdm")


def _home(target: str):
    """The object a ``"module:qualname"`` entry names, looked up without the facade."""
    module_name, _, qualname = target.partition(":")
    value = import_module(module_name, "corpus_tools")
    for part in qualname.split(".") if qualname else ():
        value = getattr(value, part)
    return value


def _same(a, b) -> bool:
    # A bound classmethod (ct.load_corpus = Corpus.load) is a new object on each
    # look-up; it is the same method when it has the same function and class.
    return a is b or (inspect.ismethod(a) and a == b)


@pytest.mark.parametrize("name", ct.__all__)
def test_api_every_name_is_the_object_of_its_home_module(name):
    value = getattr(ct, name)
    assert _same(value, _home(ct._EXPORTS[name]))
    if isinstance(value, types.ModuleType):
        assert value is sys.modules[value.__name__]
        return
    # Where it is defined (for a re-export, the module that defines it) holds the
    # same object under its qualified name, and that module is inside a subpackage.
    assert value.__module__.startswith("corpus_tools.") and value.__module__ != "corpus_tools"
    defined = import_module(value.__module__)
    for part in value.__qualname__.split("."):
        defined = getattr(defined, part)
    assert _same(defined, value)


def test_api_names_the_verbs_of_the_readme_and_the_brief():
    expected = {
        "build_corpus", "load", "Corpus", "load_corpus", "keyness", "keyness_grid", "read_frequency_list",
        "collocates", "compare_collocates", "ngrams", "ngram_association", "concordance", "kwic_lines",
        "find_query", "to_annotation_csv", "read_annotation_csv", "hedge_rates", "compare_hedging",
        "hedge_hits", "pattern_contributions", "default_lexicon", "load_lexicon", "to_csv", "paper_table",
        "normalize_documents", "NormalizationSettings", "TokenizerSettings", "find_duplicates",
        "drop_duplicates", "period_labels", "period_ranges", "event_split", "parse_period_spec",
        "run_pipeline", "stats", "plot",
    }
    assert expected <= set(ct.__all__)
    assert len(ct.__all__) == len(set(ct.__all__))


def test_api_modules_are_attributes():
    assert ct.stats is import_module("corpus_tools.stats")
    assert ct.plot is import_module("corpus_tools.report.plot")
    assert ct.load_corpus.__self__ is ct.Corpus


def test_api_every_public_function_of_the_analyses_is_there():
    # The analyses are what users call: each function in their __all__ is a ct verb
    # (constants such as KEYNESS_COLUMNS stay in their module).
    for module_name in ("keyness", "collocations", "ngrams", "concordance", "hedging"):
        module = import_module(f"corpus_tools.analyses.{module_name}")
        for name in module.__all__:
            if inspect.isfunction(getattr(module, name)) and name != "check_window":
                assert name in ct.__all__, f"corpus_tools.analyses.{module_name}.{name} is not in ct.__all__"


def test_api_dir_lists_every_name():
    listed = dir(ct)
    assert set(ct.__all__) <= set(listed)
    assert "__version__" in listed
    assert listed == sorted(listed)


def test_api_version_is_the_base_module_one():
    from corpus_tools._version import __version__

    assert ct.__version__ == __version__
    assert isinstance(__version__, str) and __version__


def test_api_unknown_attribute_raises_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="module 'corpus_tools' has no attribute 'keyness_table'") as info:
        ct.keyness_table  # noqa: B018
    assert info.value.name == "keyness_table"
    assert not hasattr(ct, "_not_there")


def test_api_star_import_gives_all():
    namespace: dict = {}
    exec("from corpus_tools import *", namespace)
    assert set(ct.__all__) <= set(namespace)


def test_api_type_checking_block_mirrors_the_exports():
    # Editors see the names through the `if TYPE_CHECKING:` imports; they must
    # say the same as _EXPORTS, which is what runs.
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
    seen = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                assert alias.asname == alias.name, f"line {node.lineno}: write `{alias.name} as {alias.name}`"
                if ":" in ct._EXPORTS.get(alias.name, ":"):
                    seen[alias.name] = f"{module}:{alias.name}"
                else:  # a module: `from . import stats`, `from .report import plot`
                    seen[alias.name] = f"{module}.{alias.name}" if node.module else module + alias.name
        else:  # load_corpus = Corpus.load
            (target,) = node.targets
            owner = node.value.value.id
            seen[target.id] = f"{seen[owner].partition(':')[0]}:{owner}.{node.value.attr}"
    assert seen == ct._EXPORTS


def test_api_import_loads_no_heavy_module():
    # A deterministic stand-in for "import is fast": the wall time is measured by
    # benchmarks/bench_import.py, not here.
    code = ("import json, sys; import corpus_tools as ct; dir(ct); ct.__all__; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [], f"import corpus_tools loaded {out.stdout.strip()}"


def test_api_one_verb_loads_only_what_it_needs():
    code = ("import json, sys; import corpus_tools as ct; ct.period_labels; ct.__version__; "
            "print(json.dumps(sorted(m for m in ('matplotlib', 'scipy', 'nltk') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
