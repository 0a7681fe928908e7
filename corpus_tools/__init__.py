"""corpus_tools: corpus-linguistic analysis of news text."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpus_tools")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
