"""Run the ``conc`` peer library in its own virtual environment, from our benchmarks.

conc (PyPI ``conc`` 0.1.13) is measured beside corpus_tools but is never a
dependency of it: ``setup_peers.sh`` installs it into a separate venv and
``conc_peer.py`` runs inside that venv. This module uses the standard library
only, so it imports in our venv whether or not the peer venv exists.

Example
-------
>>> import json, tempfile
>>> from pathlib import Path
>>> out = Path(tempfile.mkdtemp()) / "slice.jsonl"
>>> write_slice(out, [{"doc_id": "a1", "outlet": "X", "date": "2020-01-02",
...                    "title": "T", "text": "Some text."}])
1
>>> json.loads(out.read_text(encoding="utf-8"))["outlet"]
'X'
>>> run_conc(["ingest", "--input", str(out)], python=str(out.parent / "no-python"))["skipped"][:22]
'peer python not found:'
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PEER_SCRIPT = HERE / "conc_peer.py"
DEFAULT_PYTHON = HERE / ".venv-peers" / "bin" / "python"
ENV_VAR = "CORPUS_TOOLS_PEER_PYTHON"
FIELDS = ("doc_id", "outlet", "date", "title", "text")


def find_peer_python(python: str | os.PathLike[str] | None = None) -> Path:
    """Return the peer venv's interpreter: argument, then $CORPUS_TOOLS_PEER_PYTHON, then the default venv.

    Parameters
    ----------
    python : str or path-like, optional
        Explicit interpreter path; wins over the environment variable.

    Returns
    -------
    pathlib.Path
        The chosen path (it may not exist; `run_conc` checks).

    Examples
    --------
    >>> find_peer_python("/opt/x/bin/python").name
    'python'
    """
    if python is not None:
        return Path(python)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return DEFAULT_PYTHON


def run_conc(
    command: list[str],
    *,
    python: str | os.PathLike[str] | None = None,
    timeout: float | None = 3600.0,
) -> dict:
    """Run ``conc_peer.py COMMAND...`` with the peer venv's python and return its JSON result.

    Parameters
    ----------
    command : list of str
        Arguments for ``conc_peer.py``, e.g. ``["keyness", "--target-input", "a.jsonl",
        "--reference-input", "b.jsonl"]``.
    python : str or path-like, optional
        Peer interpreter; default ``$CORPUS_TOOLS_PEER_PYTHON`` or
        ``benchmarks/peers/.venv-peers/bin/python``.
    timeout : float or None, keyword-only
        Seconds before the peer run is abandoned (default one hour).

    Returns
    -------
    dict
        The peer's JSON result (last stdout line). ``{"skipped": reason}`` when the
        peer interpreter is absent, so a benchmark can report "not measured" rather
        than a made-up number.

    Raises
    ------
    RuntimeError
        If the peer runs but fails (non-zero exit, or no JSON on stdout); the
        message carries the peer's stderr tail.

    Examples
    --------
    >>> run_conc(["ingest"], python="/nonexistent/python")
    {'skipped': 'peer python not found: /nonexistent/python (run benchmarks/peers/setup_peers.sh)'}
    """
    interpreter = find_peer_python(python)
    if not interpreter.exists():
        reason = f"peer python not found: {interpreter} (run benchmarks/peers/setup_peers.sh)"
        logger.warning("conc peer skipped: %s", reason)
        return {"skipped": reason}
    argv = [str(interpreter), str(PEER_SCRIPT), *command]
    logger.info("running conc peer: %s", " ".join(argv))
    # A clean environment for the peer: our venv's PYTHONPATH must not leak into its imports.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"conc peer failed (exit {proc.returncode}) for {command!r}:\n{proc.stderr[-4000:]}"
        )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"conc peer printed no result for {command!r}:\n{proc.stderr[-4000:]}")
    return json.loads(lines[-1])


def write_slice(path: str | os.PathLike[str], documents: Iterable[Mapping] ) -> int:
    """Write documents as the peer's JSONL input: one ``{doc_id, outlet, date, title, text}`` per line.

    Parameters
    ----------
    path : str or path-like
        Output file (UTF-8, overwritten).
    documents : iterable of mappings
        Records with at least the five fields; a pandas DataFrame's
        ``.to_dict("records")`` works. Dates become ISO strings; missing
        dates and titles become ``""``.

    Returns
    -------
    int
        Number of records written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> p = Path(tempfile.mkdtemp()) / "s.jsonl"
    >>> write_slice(p, [{"doc_id": 1, "outlet": "A", "date": None, "title": None, "text": "x"}])
    1
    >>> p.read_text(encoding="utf-8")
    '{"doc_id": "1", "outlet": "A", "date": "", "title": "", "text": "x"}\\n'
    """
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for doc in documents:
            record = {}
            for field in FIELDS:
                value = doc.get(field)
                if value is None or value != value:  # None, NaN, NaT
                    value = ""
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()[:10] if field == "date" else value.isoformat()
                record[field] = str(value)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


if __name__ == "__main__":  # pragma: no cover - convenience: python run_peer.py ingest --input x.jsonl
    logging.basicConfig(level=logging.INFO)
    sys.stdout.write(json.dumps(run_conc(sys.argv[1:])) + "\n")
