"""Derived indices belong to the Corpus: one cache per instance, listed and droppable, none elsewhere."""

from __future__ import annotations

import ast
import gc
import threading
import weakref
from pathlib import Path

import numpy as np
import pytest

import corpus_tools as ct
from corpus_tools.corpus.cache import DerivedCache
from small_corpora import make_corpus

PACKAGE = Path(ct.__file__).resolve().parent


def _analysed():
    corpus = make_corpus("It may rain, perhaps. Rain appears to fall.", "Sun and rain, said the harbour master.",
                         "The harbour said it may close.", outlets=["X", "Y", "Y"],
                         dates=["2020-01-01", "2020-02-01", "2020-02-02"])
    ct.keyness(corpus, target={"outlet": "X"})
    ct.collocates(corpus, "rain", window=2)
    ct.ngram_association(corpus, 2)
    ct.concordance(corpus, "may")
    ct.hedge_rates(corpus, by=["outlet"])
    return corpus


def test_cache_lists_what_the_analyses_built_and_drops_it():
    corpus = _analysed()
    listed = corpus.cached()
    assert list(listed.columns) == ["index", "bytes"]
    names = listed["index"].tolist()
    for expected in ("word_counts", "term x document counts lower 1", "character spans"):
        assert expected in names
    assert any(name.startswith("stream ") for name in names)
    assert (listed["bytes"] >= 0).all() and listed["bytes"].sum() > 0
    before = ct.keyness(corpus, target={"outlet": "X"})
    assert corpus.drop_cached() == len(names)
    assert corpus.cached().empty
    # Rebuilt on next use, with the same result.
    after = ct.keyness(corpus, target={"outlet": "X"})
    assert before.equals(after)


def test_each_corpus_has_its_own_cache_and_nothing_keeps_a_corpus_alive():
    corpus = _analysed()
    other = make_corpus("It may rain.")
    assert other.cached().empty and not corpus.cached().empty
    ref = weakref.ref(corpus)
    del corpus
    gc.collect()
    assert ref() is None, "something outside the corpus holds on to it (a module-level cache?)"


def test_derived_cache_builds_once_across_threads():
    cache, calls = DerivedCache(), []

    def build():
        calls.append(1)
        return np.arange(3)

    threads = [threading.Thread(target=cache.get, args=(("x",), build)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and cache.nbytes(("x",)) == 24
    assert cache.peek(("y",)) is None and ("y",) not in cache
    assert cache.drop(("x",)) == 1 and cache.drop(("x",)) == 0


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_level_cache(path):
    """No weak-keyed dictionaries, and no dict or list at module level filled in by functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("WeakKeyDictionary", "WeakValueDictionary"):
            pytest.fail(f"{path.name}:{node.lineno}: a module-level weak cache; keep it in corpus.cache")
    module_dicts = {t.id for stmt in tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                    for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                    if isinstance(t, ast.Name)
                    and isinstance(stmt.value, (ast.Dict, ast.List, ast.Call)) and t.id.startswith("_")
                    and (not isinstance(stmt.value, ast.Call) or getattr(stmt.value.func, "id", "") in ("dict", "list"))}
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            target = None
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                target = next((t.value for t in targets if isinstance(t, ast.Subscript)), None)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("setdefault", "append", "update", "__setitem__"):
                target = node.func.value
            if isinstance(target, ast.Name) and target.id in module_dicts:
                pytest.fail(f"{path.name}:{node.lineno}: {func.name}() fills the module-level {target.id}")
