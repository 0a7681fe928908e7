"""The package layout: imports run one way, down the data flow (DESIGN.md, "Layout").

Every module under corpus_tools/ is parsed with ``ast``; every import in it
counts (at the top, inside functions, under ``if TYPE_CHECKING:``), relative
imports are resolved to absolute module names, and each module and each
target is mapped to its layer. A module may import its own folder and any
lower layer; never a higher one, nor a different folder of the same rank.

Layers, lowest first:

====  ==========================================================================
rank  folders
====  ==========================================================================
0     base: ``_compat``, ``_validation``, ``errors``, ``_background``, ``_version``
      (they import only each other)
1     ``text``
2     ``io``
3     ``corpus``
4     ``counts``, ``query``, ``stats`` (three folders of one rank: none imports
      another; ``stats`` imports only base)
5     ``scale`` (the counts per shard; analyses call it for ``engine="dask"``)
6     ``analyses``, ``lexicons`` (data)
7     ``report`` (reads the analyses' column descriptions and queries)
8     ``cli``
====  ==========================================================================

The root ``corpus_tools/__init__.py`` is the facade: it may import anything
(lazily). No module inside the package imports from the root
(``import corpus_tools``; ``from corpus_tools import X``, ``from .. import X``
where X is a name of the root, such as ``__version__`` or ``keyness``); a
subpackage reference such as ``from .. import stats`` is an import of
``corpus_tools.stats`` and follows the layers.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "corpus_tools"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

BASE = ("_compat", "_validation", "errors", "_background", "_version", "_suggest", "_ranges")
RANKS: dict[str, int] = {
    **{name: 0 for name in BASE},
    "text": 1,
    "io": 2,
    "corpus": 3,
    "counts": 4, "query": 4, "stats": 4,
    "scale": 5,
    "analyses": 6, "lexicons": 6,
    "report": 7,
    "cli": 8,
}
# Below-rank folders a folder may not import although their rank would allow it.
ONLY_BASE = {"stats"}


@dataclass(frozen=True)
class Import:
    """One import statement's target, as found in a module."""

    path: Path
    line: int
    importer: str  # the importing module, absolute
    target: str  # the imported module, absolute; for a name of the root, corpus_tools.<name>
    from_root: bool  # a name of the root namespace (the facade), not a module of ours

    @property
    def file(self) -> str:
        return self.path.relative_to(ROOT.parent).as_posix()

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.importer} -> {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def is_module(name: str) -> bool:
    """Whether ``name`` is a module or package of the source tree."""
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def resolve(path: Path, level: int, module: str | None) -> str:
    """The absolute module of ``from <level dots><module> import ...`` in ``path``."""
    if level == 0:
        return module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]  # a plain module's package is its parent
    if level - 1 >= len(package):
        raise ValueError(f"{path}: relative import beyond the top-level package")
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_of(path: Path) -> list[Import]:
    """Every import of one of our modules in ``path``, at any depth of its tree."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    importer = module_name(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    # `import corpus_tools` binds the facade itself
                    found.append(Import(path, node.lineno, importer, alias.name, alias.name == PACKAGE))
        elif isinstance(node, ast.ImportFrom):
            source = resolve(path, node.level, node.module)
            if source != PACKAGE and not source.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                # `from pkg import name` imports the module pkg.name when there is one.
                submodule = f"{source}.{alias.name}"
                if alias.name != "*" and is_module(submodule):
                    found.append(Import(path, node.lineno, importer, submodule, False))
                elif source == PACKAGE:
                    found.append(Import(path, node.lineno, importer, submodule, True))
                else:
                    found.append(Import(path, node.lineno, importer, source, False))
    return found


def folder(name: str) -> str | None:
    """The layer folder of an absolute module name (None for the root)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def violation(imp: Import) -> str | None:
    """Why ``imp`` goes against the direction, or None."""
    here, there = folder(imp.importer), folder(imp.target)
    if here is None:
        return None  # the root facade may import anything
    if imp.from_root:
        return "imports from the package root (the facade); import from the home module instead"
    if here not in RANKS:
        return f"{here!r} has no layer: add it to RANKS in tests/test_layout.py and to DESIGN.md"
    if there not in RANKS:
        return f"imports {there!r}, which has no layer"
    if here == there:
        return None
    if here in ONLY_BASE and RANKS[there] != 0:
        return f"{here} may import only the base modules"
    if RANKS[here] == 0 == RANKS[there]:
        return None  # base modules import each other
    if RANKS[there] > RANKS[here]:
        return f"{here} (rank {RANKS[here]}) imports {there} (rank {RANKS[there]}), a higher layer"
    if RANKS[there] == RANKS[here]:
        return f"{here} and {there} are folders of the same rank ({RANKS[here]})"
    return None


def all_violations() -> list[tuple[Import, str]]:
    return [(imp, why) for path in modules() for imp in imports_of(path) if (why := violation(imp))]


def test_layout_every_folder_has_a_layer():
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith("__")}
    files = {p.stem for p in ROOT.glob("*.py") if p.name != "__init__.py"}
    assert folders | files <= set(RANKS), f"no layer for {sorted((folders | files) - set(RANKS))}"


def test_layout_imports_run_down_the_data_flow():
    found = [f"{imp}: {why}" for imp, why in all_violations()]
    assert not found, f"{len(found)} import(s) against the layout:\n" + "\n".join(found)


@pytest.mark.parametrize("init", sorted(ROOT.rglob("__init__.py")), ids=lambda p: module_name(p))
def test_layout_every_package_says_its_job(init):
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), f"{init.relative_to(ROOT.parent)} has no docstring"


# The checker itself, on hand-written cases.

def _check(tmp_path, monkeypatch, relative: str, source: str) -> list[str]:
    package = tmp_path / PACKAGE
    for rel in ("__init__.py", "text/__init__.py", "io/__init__.py", "corpus/__init__.py", "corpus/build.py",
                "stats/__init__.py", "counts/__init__.py", "query/__init__.py", "analyses/__init__.py",
                "analyses/keyness.py", "report/__init__.py", "errors.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).touch()
    target = package / relative
    target.write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", package)
    return [why for imp in imports_of(target) if (why := violation(imp))]


@pytest.mark.parametrize(("relative", "source", "expected"), [
    ("corpus/build.py", "from ..text import normalize\nfrom . import periods\nfrom .. import errors", []),
    ("corpus/build.py", "def f():\n    from ..analyses.keyness import keyness", ["higher layer"]),
    ("corpus/build.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..report import x",
     ["higher layer"]),
    ("corpus/build.py", "from .. import __version__", ["package root"]),
    ("corpus/build.py", "import corpus_tools", ["package root"]),
    ("analyses/keyness.py", "from .. import stats\nfrom ..counts import x\nfrom ..query import y", []),
    ("counts/__init__.py", "from ..query import lexicon", ["same rank"]),
    ("stats/__init__.py", "from corpus_tools.corpus import build", ["only the base"]),
    ("stats/__init__.py", "from corpus_tools._validation import check_array", []),
    ("errors.py", "from .text import x", ["higher layer"]),
    ("text/__init__.py", "from corpus_tools import text", []),
    ("analyses/keyness.py", "from corpus_tools import keyness", ["package root"]),
    ("query/__init__.py", "from .. import stats", ["same rank"]),
    ("__init__.py", "from .report import plot\nfrom .analyses.keyness import keyness", []),
])
def test_layout_checker_finds_what_it_should(tmp_path, monkeypatch, relative, source, expected):
    found = _check(tmp_path, monkeypatch, relative, source)
    assert len(found) == len(expected), found
    for why, words in zip(found, expected):
        assert words in why
