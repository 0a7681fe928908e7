"""The installed version of corpus_tools (a base module: any layer may import it)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpus_tools")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
