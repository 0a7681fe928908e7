"""Errors a user can meet, each naming what went wrong and where."""

from __future__ import annotations


class CorpusToolsError(Exception):
    """Base class of every error raised on purpose by corpus_tools."""


class InvalidRecordError(CorpusToolsError, ValueError):
    """A source record cannot be loaded.

    The message names the source file, the record (line number or record
    index) and the problem, so that a user can find and mend it.

    Parameters
    ----------
    problem : str
        What is wrong, in a few words.
    source : str, optional
        The file (or other source) the record came from.
    record : str or int, optional
        Where in the source: ``"line 17"``, a doc_id, an index.
    """

    def __init__(self, problem: str, *, source: str | None = None, record: str | int | None = None):
        self.problem = problem
        self.source = source
        self.record = record
        where = ", ".join(
            part for part in (
                f"{source}" if source else "",
                f"{record}" if record is not None else "",
            ) if part
        )
        super().__init__(f"{where}: {problem}" if where else problem)


class EmptySourceError(CorpusToolsError, ValueError):
    """A source holds no articles at all."""


class DataMissingError(CorpusToolsError, LookupError):
    """Data that must be installed by the user (NLTK data, a corpus folder) is absent."""


class CorpusFolderError(CorpusToolsError, ValueError):
    """A saved corpus folder is damaged: a file that does not read, fails its checksum, or breaks an invariant.

    The message names the file and the problem, in one line.
    """


class OutputError(CorpusToolsError, FileExistsError):
    """An output cannot be written where asked without losing something.

    The destination is a file or a folder that is not ours, holds an earlier
    output that may only be replaced on request (``--force``,
    ``overwrite=True``), or is one of the run's own inputs. Nothing is touched.
    """


class OutputLockedError(CorpusToolsError, BlockingIOError):
    """Another process is writing the same output folder at this moment."""


class UnreadableSourceError(InvalidRecordError):
    """A source file cannot be read as a whole.

    Truncated or corrupt compressed data, a file the user may not read, an
    encoding the file's byte-order mark contradicts, a JSON array saved as
    JSON Lines: no record of it can be skipped, so this is raised in both
    ``on_invalid`` modes. The message names the file and, where known, the
    byte offset or line.
    """


class DateFormatError(InvalidRecordError):
    """The dates of one field cannot be read without guessing.

    Raised when the values of a date field contradict each other (one can
    only be day-first, another only month-first) or when no value tells
    day-first from month-first; ``dayfirst=`` or ``date_format=`` settles it.
    """
