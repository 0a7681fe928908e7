"""The research notebooks: committed clean, and each one runs top to bottom.

Every notebook in notebooks/ is executed with nbclient in a fresh kernel, with
``notebooks/`` as the working directory (the notebooks refer to their data by
paths relative to it) and the environment of this process (so ``NLTK_DATA``
reaches the kernel). A notebook lists the ``../shared/data`` files it needs in
its metadata, ``metadata["corpus_tools"]["needs"]`` (paths under
``../shared/data``); when one is absent the notebook is skipped with a message
naming it. CI always has the shared data.

The kernel is pinned to the interpreter running the tests: the "python3" spec
is taken from the ipykernel installed here (``sys.executable``), never from a
kernelspec folder that could point at another Python.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO / "notebooks"
SHARED_DATA = REPO.parent / "shared" / "data"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
EXPECTED = ("01_quickstart", "02_outlets_compared", "03_periods_compared", "04_validation")
CELL_TIMEOUT = 120  # seconds per cell


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _needs(nb) -> list[str]:
    return list(nb.metadata.get("corpus_tools", {}).get("needs", []))


def test_notebooks_the_four_stories_are_there():
    assert [p.stem for p in NOTEBOOKS] == list(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {i} has outputs; clear them before committing"
            assert cell.execution_count is None, f"{path.name}: cell {i} has an execution count"
        assert "attachments" not in cell or not cell.attachments, f"{path.name}: cell {i} has attachments"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_only_consume_the_public_api(path):
    nb = _read(path)
    code = "\n".join(_code(nb))
    # Nothing reusable is defined in a notebook: it belongs in the package.
    assert not re.search(r"^\s*(def|class)\s", code, flags=re.MULTILINE), f"{path.name} defines a function or class"
    # Only public names of corpus_tools.
    assert not re.search(r"corpus_tools(\.\w+)*\._", code), f"{path.name} uses a private module"
    assert not re.search(r"from corpus_tools[\w.]* import [^\n]*\b_\w", code), f"{path.name} imports a private name"
    assert "corpus_tools" in code
    # Through the facade, as the README shows: `import corpus_tools as ct`, then ct.<verb>.
    assert re.search(r"^import corpus_tools as ct$", code, flags=re.MULTILINE), f"{path.name}: no `import corpus_tools as ct`"
    assert not re.search(r"^\s*(from corpus_tools|import corpus_tools\.)", code, flags=re.MULTILINE), \
        f"{path.name} imports from a corpus_tools module; use ct.<name>"
    # Shared data only by relative paths (from notebooks/ to open it, from the repo root in
    # messages), never a machine path.
    for match in re.finditer(r"[^\s\"'(]*shared/data", code):
        assert match.group(0) in ("../../shared/data", "../shared/data"), \
            f"{path.name}: shared data referred to as {match.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_declare_the_data_they_check(path):
    nb = _read(path)
    code = "\n".join(_code(nb))
    for need in _needs(nb):
        # The notebook's own first check names the same file, with the error message of the brief.
        assert f"../../shared/data/{need}" in code, f"{path.name} does not check for {need}"
        assert f"This notebook needs ../shared/data/{need}" in code
    if "shared/data" in code:
        assert _needs(nb), f"{path.name} reads ../shared/data but declares no metadata corpus_tools.needs"


def _python_kernel_manager() -> AsyncKernelManager:
    # kernel_dirs=[]: only the native spec of the ipykernel installed with this
    # interpreter, whose argv starts with sys.executable.
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))


@pytest.mark.shared_data
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_run_top_to_bottom(path):
    nb = _read(path)
    missing = [need for need in _needs(nb) if not (SHARED_DATA / need).exists()]
    if missing:
        pytest.skip(f"{path.name} needs ../shared/data/{', ../shared/data/'.join(missing)} "
                    f"(present in CI); not found under {SHARED_DATA}")
    client = NotebookClient(nb, km=_python_kernel_manager(), timeout=CELL_TIMEOUT, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError naming the cell on any error
    seconds = time.perf_counter() - started
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error"]
    assert not errors
    # Every code cell ran, in order.
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    # The notebooks are meant to be quick; a slowdown this large is a regression somewhere.
    assert seconds < 120, f"{path.name} took {seconds:.0f} s"
