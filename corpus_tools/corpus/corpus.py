"""The Corpus: a documents table, a compact token store and provenance.

A corpus is built once from normalised documents (see :mod:`corpus_tools.corpus.build`)
and is never changed in place: :meth:`Corpus.subset` returns a new corpus
that shares the vocabulary. Saved as a folder of Parquet files plus
``corpus.json``; :meth:`Corpus.load` gives back identical arrays and tables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE, infer_str
from ..errors import CorpusFolderError
from ..io.store import (corpus_folder, documents_table, meta_digest, read_corpus_folder, read_document_columns,
                        store_counts, store_tables, write_meta, write_tables)
from .cache import DerivedCache
from ..text.tokenize import TokenStream, lower_map, word_mask

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("doc_id", "outlet", "date", "title", "text")
SKIPPED_COLUMNS = ("source", "record", "doc_id", "reason")
PERIOD_FREQS = ("day", "week", "month", "quarter", "year")
DEFERRED_COLUMNS = ("text",)
"""Documents columns :meth:`Corpus.load` reads only when ``corpus.documents`` is first used."""


@dataclass(frozen=True)
class TokenStore:
    """Token ids of every document, in one flat array (the DESIGN.md layout).

    Attributes
    ----------
    ids : numpy.ndarray of int32
        Surface-form ids, all documents one after another.
    offsets : numpy.ndarray of int64
        ``ids[offsets[i]:offsets[i + 1]]`` is document ``i``.
    vocab : numpy.ndarray of object (str)
        Surface forms, sorted by code point.
    lower : numpy.ndarray of int32
        For each surface id, the id of its lower-case form in ``lower_vocab``.
    lower_vocab : numpy.ndarray of object (str)
        Lower-case forms, sorted.
    is_word : numpy.ndarray of bool
        For each surface id: does it count as a word (has a letter or digit)?
    sentence_starts : numpy.ndarray of int64
        Positions in ``ids`` where sentences begin, ascending.
    """

    ids: np.ndarray
    offsets: np.ndarray
    vocab: np.ndarray
    lower: np.ndarray
    lower_vocab: np.ndarray
    is_word: np.ndarray
    sentence_starts: np.ndarray

    @classmethod
    def from_stream(cls, stream: TokenStream) -> "TokenStore":
        """Add the lower-case map and word flags to a tokeniser's output."""
        vocab = np.asarray(stream.vocab, dtype=object)
        lower, lower_vocab = lower_map(stream.vocab)  # once per distinct form
        return cls(
            ids=np.asarray(stream.ids, dtype=np.int32),
            offsets=np.asarray(stream.offsets, dtype=np.int64),
            vocab=vocab,
            lower=lower,
            lower_vocab=np.asarray(lower_vocab, dtype=object),
            is_word=word_mask(stream.vocab),
            sentence_starts=np.asarray(stream.sentence_starts, dtype=np.int64),
        )

    @property
    def n_documents(self) -> int:
        return len(self.offsets) - 1

    def nbytes(self) -> int:
        """Bytes held by the numeric arrays (the vocabulary's strings excluded)."""
        return sum(a.nbytes for a in (self.ids, self.offsets, self.lower, self.is_word,
                                      self.sentence_starts))

    def take(self, rows: np.ndarray) -> "TokenStore":
        """A store with only the documents at ``rows`` (in that order); same vocabulary."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        lengths = ends - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if len(rows) == 0 or (len(rows) == self.n_documents and (rows == np.arange(len(rows))).all()):
            if len(rows) == 0:
                return TokenStore(np.empty(0, np.int32), offsets, self.vocab, self.lower,
                                  self.lower_vocab, self.is_word, np.empty(0, np.int64))
            return self
        # Gather index: each kept token's old position.
        shift = np.repeat(starts - offsets[:-1], lengths)
        old_pos = np.arange(offsets[-1], dtype=np.int64) + shift
        ids = self.ids[old_pos]
        # Sentence starts: keep those inside kept documents, moved with them.
        doc_of = np.searchsorted(self.offsets, self.sentence_starts, side="right") - 1
        new_row = np.full(self.n_documents, -1, dtype=np.int64)
        new_row[rows] = np.arange(len(rows))
        kept = new_row[doc_of] >= 0
        sent = self.sentence_starts[kept]
        moved = sent - self.offsets[doc_of[kept]] + offsets[new_row[doc_of[kept]]]
        return TokenStore(ids, offsets, self.vocab, self.lower, self.lower_vocab, self.is_word,
                          np.sort(moved))


class Corpus:
    """Documents, their tokens and the record of how they were made.

    Build one with :func:`corpus_tools.corpus.build.build_corpus` (from files) or
    :meth:`Corpus.from_documents` (from a DataFrame); reload a saved one
    with :meth:`Corpus.load`.

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document: ``doc_id`` (unique str), ``outlet``, ``date``
        (datetime64, may be NaT), ``title``, ``text`` and any metadata.
    tokens : TokenStore
        Row ``i`` of ``documents`` owns ``tokens.ids[offsets[i]:offsets[i+1]]``.
    provenance : dict
        Sources with sha256, settings, versions, skipped records.

    Notes
    -----
    Token-count convention: the token store covers each document's title
    followed by its text (the title is its own sentence). Word tokens are
    tokens with at least one letter or digit; punctuation is stored but not
    counted. See :mod:`corpus_tools.text.tokenize`.
    """

    def __init__(self, documents: pd.DataFrame, tokens: TokenStore, provenance: dict | None = None):
        missing = [c for c in REQUIRED_COLUMNS if c not in documents.columns]
        if missing:
            raise ValueError(f"documents lack the required column(s) {missing}")
        if documents["doc_id"].duplicated().any():
            dup = documents.loc[documents["doc_id"].duplicated(), "doc_id"].iloc[0]
            raise ValueError(f"doc_id must be unique; {dup!r} appears more than once")
        if len(documents) != tokens.n_documents:
            raise ValueError(
                f"documents has {len(documents)} rows but the token store {tokens.n_documents} documents"
            )
        # Text columns as pandas 3 infers them, also from a pandas 2.3 table of Python strings.
        self._documents = infer_str(documents.reset_index(drop=True))
        # (columns, loader) of documents columns not read yet (Corpus.load defers the texts).
        self._deferred: tuple | None = None
        self._order: list | None = None
        self.tokens = tokens
        self.provenance = provenance if provenance is not None else {}
        self._cache = DerivedCache()
        self._folder: Path | None = None

    # ------------------------------------------------------------------ build
    @classmethod
    def from_documents(
        cls,
        documents: pd.DataFrame,
        *,
        tokenizer=None,
        provenance: dict | None = None,
        progress: bool = False,
    ) -> "Corpus":
        """Tokenise a documents table (already normalised) into a corpus.

        Parameters
        ----------
        documents : pandas.DataFrame
            Columns ``doc_id, outlet, date, title, text`` and any metadata.
        tokenizer : TokenizerSettings, optional
            Defaults to ``TokenizerSettings()``.
        provenance : dict, optional
            Merged into the corpus provenance.
        progress : bool, default=False
            Show a progress bar.

        Returns
        -------
        Corpus

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
        ...     "date": pd.to_datetime(["2020-01-05", "2020-02-01"]),
        ...     "title": ["Rain", ""], "text": ["It may rain.", "Sun, sun."]})
        >>> corpus = ct.Corpus.from_documents(docs)
        >>> corpus.word_counts().tolist()
        [4, 2]
        """
        from .._version import __version__
        from ..text.tokenize import TokenizerSettings, load_punkt_parameters, tokenize_texts

        settings = tokenizer or TokenizerSettings()
        punkt = load_punkt_parameters(settings.language)
        titles, texts = _titles_and_texts(documents)
        stream = tokenize_texts(texts, titles=titles, settings=settings, punkt=punkt, progress=progress)
        record = dict(provenance or {})
        record.setdefault("corpus_tools_version", __version__)
        record["tokenizer"] = {**settings.to_dict(), "punkt": punkt.source,
                               "covers": "title + blank line + text"}
        return cls(documents, TokenStore.from_stream(stream), record)

    # ------------------------------------------------------------- documents
    @property
    def documents(self) -> pd.DataFrame:
        """One row per document: ``doc_id``, ``outlet``, ``date``, ``title``, ``text`` and any metadata.

        A loaded corpus reads its texts (most of the folder's bytes) only
        when this table is first asked for; analyses that need only the
        token store and the metadata never read them.
        """
        if self._deferred is not None:
            self._read_deferred()
        return self._documents

    def _read_deferred(self) -> None:
        names, loader = self._deferred
        # doc_id comes along: texts that no longer belong to these documents are refused.
        columns = infer_str(loader(("doc_id", *names)).reset_index(drop=True))
        if not columns["doc_id"].equals(self._documents["doc_id"]):
            raise CorpusFolderError(f"{self._folder / 'documents.parquet'}: changed since the corpus was loaded; "
                                    "load it again")
        full = pd.concat([self._documents, columns[list(names)]], axis=1)
        order = [c for c in self._order if c in full.columns] + [c for c in full.columns if c not in self._order]
        self._documents = full[order]
        self._deferred = None

    def _metadata(self, column=None) -> pd.DataFrame:
        """The documents table as far as read (every column but deferred ones), or all of it for ``column``."""
        if self._deferred is not None and column is not None and column in self._deferred[0]:
            return self.documents
        return self._documents

    # ------------------------------------------------------------- measures
    def __len__(self) -> int:
        return len(self._documents)

    def __repr__(self) -> str:
        return (f"<Corpus: {len(self)} documents, {self.n_words:,} word tokens, "
                f"{len(self.tokens.vocab):,} types>")

    def token_counts(self) -> np.ndarray:
        """Tokens per document, punctuation included (int64)."""
        return np.diff(self.tokens.offsets)

    def word_counts(self) -> np.ndarray:
        """Word tokens per document (int64): the denominators of every rate."""
        return self._cache.get(("word_counts",), self._count_words)

    def _count_words(self) -> np.ndarray:
        from .stored import stored_arrays

        # A pass over every token: kept in the corpus folder for the next process.
        counts = stored_arrays(self, "word_counts", {}, lambda: {"counts": self._count_words_now()})["counts"]
        counts.flags.writeable = False  # cached: callers get the same array
        return counts

    def _count_words_now(self) -> np.ndarray:
        t = self.tokens
        words = t.is_word[t.ids]
        starts = t.offsets[:-1]
        nonempty = np.diff(t.offsets) > 0
        counts = np.zeros(len(starts), dtype=np.int64)
        if nonempty.any():
            counts[nonempty] = np.add.reduceat(words, starts[nonempty], dtype=np.int64)
        return counts

    # ------------------------------------------------------- derived indices
    @property
    def cache(self) -> DerivedCache:
        """The indices derived from this corpus so far (built on first use, kept here).

        Analyses keep what they derive from the token store (word streams,
        term x document counts, character spans, ...) in this one object, so
        that a second analysis of the same corpus is fast and nothing outlives
        the corpus. See :meth:`cached` and :meth:`drop_cached`.
        """
        return self._cache

    def cached(self) -> pd.DataFrame:
        """The derived indices held by this corpus: one row each, with its bytes.

        Returns
        -------
        pandas.DataFrame
            Columns ``index`` (str: the index's name and parameters) and
            ``bytes`` (int64: bytes of its arrays), in the order they were built.

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
        ...                      "title": [""], "text": ["Rain, rain."]})
        >>> corpus = ct.Corpus.from_documents(docs)
        >>> corpus.cached().empty
        True
        >>> _ = corpus.word_counts()
        >>> corpus.cached()["index"].tolist()
        ['word_counts']
        >>> corpus.drop_cached()
        1
        """
        keys = self._cache.keys()
        names = [" ".join(map(str, key)) if isinstance(key, tuple) else str(key) for key in keys]
        return pd.DataFrame({"index": pd.array(names, dtype=STR_DTYPE),
                             "bytes": np.array([self._cache.nbytes(k) for k in keys], dtype=np.int64)})

    @property
    def folder(self) -> Path | None:
        """The folder this corpus was loaded from (:meth:`load`), else None.

        Derived indices that are slow to build are stored there on first use
        (see :mod:`corpus_tools.corpus.stored`); a corpus built in memory or
        made by :meth:`subset` has no folder and keeps its indices in memory only.
        """
        return self._folder

    def fingerprint(self) -> str:
        """sha256 over the doc_ids and token ids (with the vocabulary): :func:`corpus_fingerprint`, kept."""
        return self._cache.get(("fingerprint",), lambda: corpus_fingerprint(self))

    def drop_cached(self, key=None) -> int:
        """Free the derived indices (all, or the one named ``key``); returns how many were dropped.

        They are rebuilt on next use, so this changes no result, only memory and time.
        """
        return self._cache.drop(key)

    @property
    def n_words(self) -> int:
        """Word tokens in the corpus (the size every per-million rate uses)."""
        return int(self.word_counts().sum())

    @property
    def skipped(self) -> pd.DataFrame:
        """The load report: every record skipped at load time and why."""
        rows = self.provenance.get("skipped", [])
        return infer_str(pd.DataFrame(rows, columns=list(SKIPPED_COLUMNS)))

    def summary(self) -> dict:
        """Documents, word tokens, outlets, date range and skipped records.

        Returns
        -------
        dict
            JSON-serialisable: ``documents``, ``word_tokens``, ``tokens``,
            ``types``, ``sentences``, ``outlets`` (name -> documents),
            ``date_min``, ``date_max``, ``undated``, ``skipped``.
        """
        dates = pd.to_datetime(self._documents["date"])
        outlets = self._documents["outlet"].astype(STR_DTYPE).value_counts(sort=False).sort_index()
        return {
            "documents": int(len(self)),
            "word_tokens": self.n_words,
            "tokens": int(len(self.tokens.ids)),
            "types": int(len(self.tokens.vocab)),
            "sentences": int(len(self.tokens.sentence_starts)),
            "outlets": {str(k): int(v) for k, v in outlets.items()},
            "date_min": None if dates.isna().all() else dates.min().date().isoformat(),
            "date_max": None if dates.isna().all() else dates.max().date().isoformat(),
            "undated": int(dates.isna().sum()),
            "skipped": int(len(self.provenance.get("skipped", []))),
        }

    # ------------------------------------------------------------- selecting
    def subset(self, mask=None, *, date: tuple | None = None, **criteria) -> "Corpus":
        """A new corpus with the documents that match.

        Parameters
        ----------
        mask : array-like of bool or callable, optional
            A boolean per document, or a function of ``documents`` that
            returns one.
        date : tuple of (start, end), optional
            Inclusive calendar dates as strings or timestamps; either may be
            None for an open end. Undated documents never match.
        **criteria
            ``column=value`` (equality) or ``column=[v1, v2]`` (membership),
            for any metadata column, or a period label such as
            ``month="2016-03"`` (see :meth:`group_labels`).

        Returns
        -------
        Corpus

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
        ...     "date": pd.to_datetime(["2020-01-05", "2020-02-01"]),
        ...     "title": ["", ""], "text": ["One two.", "Three."]})
        >>> ct.Corpus.from_documents(docs).subset(outlet="Y").documents["doc_id"].tolist()
        ['b']
        """
        keep = np.ones(len(self), dtype=bool)
        if mask is not None:
            keep &= self.select(mask, name="mask", caller="subset")
        if date is not None:
            keep &= self._date_mask(date)
        if criteria:
            keep &= self.select(criteria, name="criteria", caller="subset")
        rows = np.flatnonzero(keep)
        return self._take(rows, {"subset": _describe_subset(mask, date, criteria)})

    def select(self, selector, *, name: str = "selector", caller: str = "select") -> np.ndarray:
        """Boolean mask of the documents a selector picks (the one selection rule).

        Parameters
        ----------
        selector : dict, callable or array-like of bool
            ``{field: value}`` or ``{field: [values]}`` for any metadata
            column or period label (see :meth:`group_labels`), with
            ``{"date": (start, end)}`` for an inclusive date range; a
            function of ``documents`` returning booleans; or one boolean per
            document.
        name, caller : str
            The parameter and function named in error messages.

        Returns
        -------
        numpy.ndarray of bool
            One value per document.

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
        ...     "date": pd.to_datetime(["2020-01-05", "2020-02-01"]),
        ...     "title": ["", ""], "text": ["One.", "Two."]})
        >>> ct.Corpus.from_documents(docs).select({"outlet": "Y"}).tolist()
        [False, True]
        """
        n = len(self)
        if callable(selector):
            chosen = np.asarray(selector(self.documents), dtype=bool)
        elif isinstance(selector, Mapping):
            chosen = np.ones(n, dtype=bool)
            for key, wanted in selector.items():
                if key == "date":
                    chosen &= self._date_mask(wanted)
                    continue
                try:
                    labels = self.group_labels(key)
                except (ValueError, TypeError) as error:
                    raise ValueError(f"The {name!r} parameter of {caller}(): unknown selector field "
                                     f"{key!r}. {error}") from None
                if isinstance(wanted, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
                    chosen &= labels.isin(list(wanted)).to_numpy(dtype=bool)
                else:
                    chosen &= (labels == wanted).fillna(False).to_numpy(dtype=bool)
        elif isinstance(selector, (np.ndarray, pd.Series, list)):
            chosen = np.asarray(selector, dtype=bool)
        else:
            raise TypeError(f"The {name!r} parameter of {caller}() must be a dict of selectors "
                            f"(e.g. {{'outlet': 'X'}}), a callable or a boolean mask. "
                            f"Got {selector!r} instead.")
        if chosen.shape != (n,):
            raise ValueError(f"The {name!r} parameter of {caller}() gave {chosen.shape[0] if chosen.ndim else 1} "
                             f"booleans for {n} documents.")
        return chosen

    def _take(self, rows: np.ndarray, note: dict) -> "Corpus":
        provenance = dict(self.provenance)
        provenance["derived"] = [*provenance.get("derived", []), note]
        docs = self.documents.iloc[rows].reset_index(drop=True)
        return Corpus(docs, self.tokens.take(rows), provenance)

    def _date_mask(self, date) -> np.ndarray:
        if not (isinstance(date, (tuple, list)) and len(date) == 2):
            raise ValueError(f"The 'date' parameter of subset() must be a (start, end) pair. Got {date!r} instead.")
        start, end = (None if d is None else pd.Timestamp(d) for d in date)
        dates = pd.to_datetime(self._documents["date"])
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        keep = dates.notna().to_numpy(copy=True)
        if start is not None:
            keep &= (dates >= start.normalize()).fillna(False).to_numpy(dtype=bool)
        if end is not None:
            keep &= (dates < end.normalize() + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
        return keep

    def group_labels(self, by: str | Callable | Mapping) -> pd.Series:
        """One label per document, for grouping or selecting.

        Parameters
        ----------
        by : str, mapping or callable
            A metadata column (``"outlet"``); a period of the date
            (``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"``, or
            ``"period=month"``, ``"event:2016-11-08"``,
            ``"ranges:early=2012-01-01..2015-12-31,late=2016-01-01..2020-12-31"``);
            a mapping of named date ranges; or a function of ``documents``.

        Returns
        -------
        pandas.Series
            Labels aligned with ``documents`` (missing where a document has
            no date or falls in no range).
        """
        from . import periods

        docs = self._metadata(by if isinstance(by, str) else None)
        if callable(by):
            docs = self.documents
            return pd.Series(by(docs), index=docs.index)
        if isinstance(by, Mapping):
            return periods.period_ranges(docs["date"], by).set_axis(docs.index)
        if not isinstance(by, str):
            raise TypeError(f"The 'by' parameter must be a str, mapping or callable. Got {by!r} instead.")
        if by in docs.columns:
            return docs[by]
        spec = by.split("=", 1)[1] if by.startswith("period=") else by
        if spec in PERIOD_FREQS or spec.startswith(("event:", "ranges:")):
            return periods.parse_period_spec(spec).labeller(docs["date"]).set_axis(docs.index)
        raise ValueError(
            f"The 'by' parameter must be a documents column {list(docs.columns)}, a period "
            f"{list(PERIOD_FREQS)}, 'event:DATE' or 'ranges:...'. Got {by!r} instead."
        )

    # ------------------------------------------------------------- views
    def token_frame(self) -> pd.DataFrame:
        """The long token table, built on demand (one row per token).

        Returns
        -------
        pandas.DataFrame
            ``doc_id`` (str), ``sent`` (int, sentence number within the
            document, from 0), ``position`` (int, token number within the
            document, from 0), ``token`` (surface form), ``lower``,
            ``is_punct`` (bool: not counted as a word).
        """
        t = self.tokens
        n = len(t.ids)
        lengths = np.diff(t.offsets)
        doc_index = np.repeat(np.arange(len(self)), lengths)
        position = np.arange(n, dtype=np.int64) - np.repeat(t.offsets[:-1], lengths)
        sentence_no = np.searchsorted(t.sentence_starts, np.arange(n), side="right") - 1
        first_sentence = np.searchsorted(t.sentence_starts, t.offsets[:-1], side="left")
        sent = sentence_no - np.repeat(first_sentence, lengths)
        return infer_str(pd.DataFrame({
            "doc_id": self._documents["doc_id"].to_numpy()[doc_index],
            "sent": sent,
            "position": position,
            "token": t.vocab[t.ids],
            "lower": t.lower_vocab[t.lower[t.ids]],
            "is_punct": ~t.is_word[t.ids],
        }), columns=["doc_id", "token", "lower"])

    def document_tokens(self, i: int, *, lower: bool = False) -> list:
        """The tokens of document number ``i`` as strings."""
        t = self.tokens
        ids = t.ids[t.offsets[i]:t.offsets[i + 1]]
        return list(t.lower_vocab[t.lower[ids]] if lower else t.vocab[ids])

    def document_term_matrix(self, *, lower: bool = True, words_only: bool = True):
        """Counts of every term in every document, as a sparse matrix.

        Parameters
        ----------
        lower : bool, default=True
            Count lower-case forms together ("May" and "may" as one term).
        words_only : bool, default=True
            Leave punctuation out (its column stays, with zero counts).

        Returns
        -------
        matrix : scipy.sparse.csr_matrix of int64, shape (documents, terms)
        terms : numpy.ndarray of str
            Column labels (``lower_vocab`` or ``vocab``).
        """
        from scipy import sparse

        t = self.tokens
        cols = t.lower[t.ids] if lower else t.ids
        terms = t.lower_vocab if lower else t.vocab
        rows = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(t.offsets))
        if words_only:
            keep = t.is_word[t.ids]
            rows, cols = rows[keep], cols[keep]
        data = np.ones(len(cols), dtype=np.int64)
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(self), len(terms)))
        matrix.sum_duplicates()
        return matrix, terms

    # ------------------------------------------------------------- storage
    def save(self, path, *, overwrite: bool = False) -> Path:
        """Write the corpus to a folder of Parquet files plus ``corpus.json``, atomically.

        Files: ``documents.parquet``, ``tokens.parquet`` (every token id,
        one flat ``int32`` column), ``offsets.parquet`` (each document's first
        token, plus the total), ``sentences.parquet``,
        ``vocab.parquet`` (form, lower_id, is_word), ``lower_vocab.parquet``
        and ``corpus.json`` (format version, provenance, row counts and
        checksums). The same corpus always gives the same bytes.

        The files are written into a temporary sibling folder, moved into
        place only when complete; a corpus it replaces is moved aside first
        and deleted last, so a failure leaves the old corpus or the new one.

        Parameters
        ----------
        path : str or Path
            The folder; created if absent (its parent must exist). An empty
            folder may be used; a folder holding anything but a saved corpus
            is refused.
        overwrite : bool, default=False
            Replace a corpus already saved at ``path``.

        Returns
        -------
        pathlib.Path

        Raises
        ------
        OutputError
            When ``path`` is a file, a non-empty folder that is not a corpus,
            or a corpus and ``overwrite`` is False. Nothing is touched.
        OutputLockedError
            When another process is writing ``path``.
        """
        folder = Path(path)
        with corpus_folder(folder, overwrite=overwrite) as tmp:
            write_tables(tmp, {"documents": documents_table(self.documents), **store_tables(self.tokens)})
            write_meta(tmp, self.provenance, store_counts(len(self), self.tokens))
        return folder

    @classmethod
    def load(cls, path) -> "Corpus":
        """Read a corpus written by :meth:`save`, checking every file and invariant.

        The texts are checked (the whole-file CRC32 in ``corpus.json``) but
        decoded only when :attr:`documents` is first used, so an analysis of
        the token store and metadata never pays for them.

        Raises
        ------
        DataMissingError
            When the folder or one of its files is absent.
        CorpusFolderError
            When a file is damaged (checksums, sizes, row counts) or the
            arrays break an invariant; the message names the file.
        CorpusToolsError
            When ``corpus.json`` is not a corpus of a known format version.
        """
        documents, arrays, provenance = read_corpus_folder(path, defer=DEFERRED_COLUMNS)
        store = TokenStore(**arrays)
        deferred = tuple(name for name in DEFERRED_COLUMNS if name not in documents.columns)
        # The texts are read on first use of corpus.documents; a placeholder passes the column check.
        placeholder = documents.assign(**{name: "" for name in deferred})
        try:
            corpus = cls(placeholder, store, provenance)
        except ValueError as error:  # a duplicate doc_id, a missing column
            raise CorpusFolderError(f"{Path(path) / 'documents.parquet'}: {error}") from None
        if deferred:
            corpus._documents = corpus._documents.drop(columns=list(deferred))
            corpus._order = _stored_column_order(path)
            digest = meta_digest(path)
            corpus._deferred = (deferred, lambda names: read_document_columns(path, names, expect=digest))
        corpus._folder = Path(path)
        return corpus


def _stored_column_order(path) -> list:
    """The column order of a saved documents table (its Parquet schema; footer only)."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(Path(path) / "documents.parquet").names)


def corpus_fingerprint(corpus: Corpus) -> str:
    """sha256 over the doc_ids and the token ids (with the vocabulary) of a corpus.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": pd.to_datetime(["2020-01-01"]),
    ...     "title": [""], "text": ["rain"]})
    >>> len(corpus_fingerprint(ct.Corpus.from_documents(docs)))
    64
    """
    import hashlib

    digest = hashlib.sha256()
    for doc_id in corpus._documents["doc_id"].astype(STR_DTYPE):
        digest.update(doc_id.encode("utf-8") + b"\0")
    t = corpus.tokens
    # memoryview, not tobytes(): the same bytes hashed without a copy of 170 MB.
    digest.update(memoryview(np.ascontiguousarray(t.offsets, dtype="<i8")).cast("B"))
    digest.update(memoryview(np.ascontiguousarray(t.ids, dtype="<i4")).cast("B"))
    # Ids mean nothing without the forms they stand for.
    digest.update("\0".join(map(str, t.vocab)).encode("utf-8"))
    return digest.hexdigest()


def _titles_and_texts(documents: pd.DataFrame):
    """The title and text columns as Polars Series (missing values as "").

    Built from the Arrow buffers behind the pandas columns where they exist,
    so no Python string is made per document.
    """
    import polars as pl
    import pyarrow as pa

    def column(name):
        values = documents[name]
        try:
            array = pa.array(values, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array(values.astype(STR_DTYPE).tolist(), type=pa.large_string(), from_pandas=True)
        return pl.from_arrow(array).fill_null("")

    return column("title"), column("text")


def _describe_subset(mask, date, criteria) -> dict:
    described = {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in criteria.items()}
    if date is not None:
        described["date"] = [None if d is None else str(d) for d in date]
    if mask is not None:
        described["mask"] = "callable" if callable(mask) else "boolean array"
    return described
