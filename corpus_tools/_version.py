"""The installed version of corpus_tools, for provenance records.

A base module (it imports nothing of ours) so that any layer can write
``from corpus_tools._version import __version__`` without importing the
package root and its public API.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__: str = version("corpus_tools")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
