"""Run a function in a thread while the caller goes on.

The libraries doing the heavy work (Arrow, Polars, numpy, hashlib, lzma)
release the GIL, so a second step really runs beside the first.
"""

from __future__ import annotations

import threading

__all__ = ["in_background"]


def in_background(function, *args):
    """Start ``function(*args)`` in a thread; return a callable that waits for
    its result (and raises its exception, if any)."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = function(*args)
        except BaseException as exc:  # raised in the caller by result()
            box["error"] = exc

    thread = threading.Thread(target=run, name="corpus_tools-background", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]

    return result
