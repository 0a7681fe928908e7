"""Hedge and booster lexicons: the pattern language, loading and combining.

A lexicon is a table with one row per pattern (see ``lexicons/README.md``
for the default one and its sources). Columns:

``pattern``
    Tokens separated by spaces; matched against a corpus's tokens, so write
    them as the tokeniser splits text (``could n't``, ``U.S.``, ``$ NUM``).
    Each token is one of

    - a literal word, ``suggests`` (matched against lower-case forms unless
      ``case_sensitive``);
    - alternatives, ``appear|appears|appeared``;
    - a prefix wildcard, ``suggest*`` (any form that starts with ``suggest``);
      it may be an alternative too, ``allege*|claim``;
    - the number class ``NUM``: numerals such as ``300``, ``1,250``, ``3.5``,
      ``1990s`` and the number words in :data:`NUMBER_WORDS`;
    - any of these followed by ``?``: an optional token (``without a? doubt``
      matches ``without doubt`` and ``without a doubt``). A lone ``?`` is
      the question mark.
``type``
    ``hedge`` or ``booster``.
``category``
    Free text; the default lexicon uses ``epistemic_modal``,
    ``epistemic_verb``, ``adverb``, ``adjective``, ``noun``,
    ``approximator``, ``attribution``, ``conditional``.
``source``
    Where the entry comes from (a key of the README's source table).
``case_sensitive``
    ``true``/``false`` (empty = false): match the pattern's literals against
    surface forms exactly, so ``may`` does not match ``May``.
``exclude_before`` / ``exclude_after``
    Token sequences, separated by ``;``, in the same language, that block a
    match when they stand immediately before / after it in the same
    sentence: ``appears`` with ``exclude_after`` ``in|on|at`` does not
    count *appears in court*. Exclusions always match lower-case forms.
``notes``
    Free text.

Only ``pattern``, ``type`` and ``category`` are required; a dict
``{pattern: category}`` or ``{pattern: {"type": ..., "category": ...}}`` is
accepted too (type defaults to ``hedge``).
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._compat import infer_str
from ..errors import InvalidRecordError

logger = logging.getLogger(__name__)

__all__ = [
    "LEXICON_COLUMNS", "NUMBER_WORDS", "TokenSpec", "LexiconEntry", "Lexicon",
    "parse_pattern", "default_lexicon", "load_lexicon", "combine_lexicons",
]

LEXICON_COLUMNS = ("pattern", "type", "category", "source", "case_sensitive",
                   "exclude_before", "exclude_after", "notes")
TYPES = ("hedge", "booster")
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion billions trillion dozen dozens "
    "half".split()
)
# A numeral token as the tokeniser keeps it: 300, 1,250, 3.5, 10:30, 1990s, 5th.
NUMERAL = re.compile(r"^[0-9]+(?:[.,:][0-9]+)*(?:s|st|nd|rd|th|m|bn|k)?$")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


@dataclass(frozen=True)
class TokenSpec:
    """One token position of a pattern.

    Attributes
    ----------
    words : tuple of str
        Literal alternatives.
    prefixes : tuple of str
        Prefix-wildcard alternatives (without the ``*``).
    number : bool
        Whether the number class ``NUM`` is one of the alternatives.
    optional : bool
        Whether the token may be absent.
    """

    words: tuple = ()
    prefixes: tuple = ()
    number: bool = False
    optional: bool = False

    def indices(self, vocab: np.ndarray, *, numbers: np.ndarray | None = None) -> np.ndarray:
        """Sorted indices of the forms of ``vocab`` (sorted by code point) this token accepts.

        ``numbers`` may pass precomputed ``number_indices(vocab)``.
        """
        parts = []
        for word in self.words:
            i = int(np.searchsorted(vocab, word))
            if i < len(vocab) and vocab[i] == word:
                parts.append(np.array([i], dtype=np.int64))
        for prefix in self.prefixes:
            lo, hi = _prefix_range(vocab, prefix)
            parts.append(np.arange(lo, hi, dtype=np.int64))
        if self.number:
            parts.append(number_indices(vocab) if numbers is None else numbers)
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)

    def table(self, vocab: np.ndarray) -> np.ndarray:
        """Boolean over ``vocab`` (sorted by code point): which forms this token accepts."""
        out = np.zeros(len(vocab), dtype=bool)
        out[self.indices(vocab)] = True
        return out

    def text(self) -> str:
        parts = [*self.words, *(p + "*" for p in self.prefixes), *(["NUM"] if self.number else [])]
        return "|".join(parts) + ("?" if self.optional else "")


def _prefix_range(vocab: np.ndarray, prefix: str) -> tuple:
    # vocab is sorted by code point, so all forms with this prefix are contiguous.
    lo = int(np.searchsorted(vocab, prefix, side="left"))
    hi = int(np.searchsorted(vocab, prefix + "\U0010ffff", side="left"))
    return lo, hi


def number_indices(vocab: np.ndarray) -> np.ndarray:
    """Sorted indices of a sorted vocabulary's numerals and number words (the ``NUM`` class)."""
    lo, hi = _prefix_range(vocab, "0")[0], _prefix_range(vocab, "9")[1]
    found = [i for i in range(lo, hi) if NUMERAL.match(vocab[i])]  # only forms that start with a digit
    for word in NUMBER_WORDS:
        i = int(np.searchsorted(vocab, word))
        if i < len(vocab) and vocab[i] == word:
            found.append(i)
    return np.unique(np.asarray(found, dtype=np.int64))


def parse_pattern(text: str, *, case_sensitive: bool = False) -> tuple:
    """Parse one pattern into a tuple of :class:`TokenSpec`.

    Parameters
    ----------
    text : str
        Space-separated tokens in the pattern language (module docstring).
    case_sensitive : bool, default=False
        Keep literals as written; otherwise they are lower-cased.

    Returns
    -------
    tuple of TokenSpec

    Raises
    ------
    ValueError
        For an empty pattern, an empty alternative, a bare ``*`` or a
        pattern whose tokens are all optional.

    Examples
    --------
    >>> [t.text() for t in parse_pattern("About $? NUM")]
    ['about', '$?', 'NUM']
    """
    tokens = str(text).split()
    if not tokens:
        raise ValueError("the pattern is empty")
    specs = []
    for token in tokens:
        optional = len(token) > 1 and token.endswith("?")
        body = token[:-1] if optional else token
        words, prefixes, number = [], [], False
        for alt in body.split("|"):
            if alt == "":
                raise ValueError(f"empty alternative in token {token!r} (a stray '|')")
            if alt == "NUM":
                number = True
            elif alt.endswith("*") and len(alt) > 1 and "*" not in alt[:-1]:
                prefixes.append(alt[:-1] if case_sensitive else alt[:-1].lower())
            elif "*" in alt:
                raise ValueError(f"'*' may only end a word, as in suggest*; got {alt!r}")
            else:
                words.append(alt if case_sensitive else alt.lower())
        specs.append(TokenSpec(tuple(words), tuple(prefixes), number, optional))
    if all(s.optional for s in specs):
        raise ValueError("every token of the pattern is optional")
    return tuple(specs)


def expand_optional(specs: tuple) -> list:
    """Every sequence a pattern with optional tokens stands for, longest first."""
    variants = [()]
    for spec in specs:
        fixed = TokenSpec(spec.words, spec.prefixes, spec.number, False)
        if spec.optional:
            variants = [v + (fixed,) for v in variants] + variants
        else:
            variants = [v + (fixed,) for v in variants]
    return sorted({v: None for v in variants if v}, key=len, reverse=True)


@dataclass(frozen=True)
class LexiconEntry:
    """One row of a lexicon, parsed."""

    pattern: str
    type: str
    category: str
    source: str = ""
    case_sensitive: bool = False
    exclude_before: str = ""
    exclude_after: str = ""
    notes: str = ""
    tokens: tuple = field(default=(), compare=False, repr=False)
    before: tuple = field(default=(), compare=False, repr=False)
    after: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Lexicon:
    """An ordered collection of :class:`LexiconEntry` (one per pattern).

    Build it with :func:`default_lexicon`, :func:`load_lexicon` or
    :func:`combine_lexicons`.
    """

    entries: tuple
    name: str = "custom"

    def __len__(self) -> int:
        return len(self.entries)

    def to_frame(self) -> pd.DataFrame:
        """The lexicon as a table with :data:`LEXICON_COLUMNS`."""
        rows = [{c: getattr(e, c) for c in LEXICON_COLUMNS} for e in self.entries]
        return infer_str(pd.DataFrame(rows, columns=list(LEXICON_COLUMNS)))

    def select(self, *, type: str | None = None) -> "Lexicon":
        """Only the entries of one type (``"hedge"`` or ``"booster"``)."""
        if type is None:
            return self
        return Lexicon(tuple(e for e in self.entries if e.type == type), self.name)


def _as_bool(value, where) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"case_sensitive must be true or false; got {value!r}")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _entry(row: Mapping, *, source: str | None, record) -> LexiconEntry:
    """Parse and check one row; errors name the source and the record."""
    try:
        pattern = _text(row.get("pattern"))
        kind = _text(row.get("type")).lower() or "hedge"
        category = _text(row.get("category"))
        if not pattern:
            raise ValueError("the pattern is empty")
        if kind not in TYPES:
            raise ValueError(f"type must be one of {list(TYPES)}; got {kind!r}")
        if not category:
            raise ValueError("the category is empty")
        case_sensitive = _as_bool(row.get("case_sensitive"), record)
        tokens = parse_pattern(pattern, case_sensitive=case_sensitive)
        before_text, after_text = _text(row.get("exclude_before")), _text(row.get("exclude_after"))
        before = tuple(parse_pattern(p) for p in before_text.split(";") if p.strip())
        after = tuple(parse_pattern(p) for p in after_text.split(";") if p.strip())
        if any(s.optional for seq in (*before, *after) for s in seq):
            raise ValueError("optional tokens are not allowed in exclusions")
    except ValueError as error:
        raise InvalidRecordError(f"{error} (pattern {row.get('pattern')!r})", source=source,
                                 record=record) from None
    return LexiconEntry(pattern, kind, category, _text(row.get("source")), case_sensitive,
                        before_text, after_text, _text(row.get("notes")), tokens, before, after)


def _read_csv(path: Path) -> list:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise InvalidRecordError("the lexicon file is empty", source=str(path), record="line 1") from None
        missing = [c for c in ("pattern", "category") if c not in header]
        if missing:
            raise InvalidRecordError(f"the header lacks the column(s) {missing}; it is {header}",
                                     source=str(path), record="line 1")
        unknown = [c for c in header if c not in LEXICON_COLUMNS]
        if unknown:
            raise InvalidRecordError(f"unknown column(s) {unknown}; allowed: {list(LEXICON_COLUMNS)}",
                                     source=str(path), record="line 1")
        entries, seen = [], {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InvalidRecordError(f"{len(row)} fields where the header has {len(header)}",
                                         source=str(path), record=f"line {line}")
            entry = _entry(dict(zip(header, row)), source=str(path), record=f"line {line}")
            if entry.pattern in seen:
                raise InvalidRecordError(f"pattern {entry.pattern!r} appears twice (also line {seen[entry.pattern]})",
                                         source=str(path), record=f"line {line}")
            seen[entry.pattern] = line
            entries.append(entry)
    return entries


def _check_unique(entries: list, source) -> None:
    seen = {}
    for i, e in enumerate(entries):
        if e.pattern in seen:
            raise InvalidRecordError(f"pattern {e.pattern!r} appears twice (also entry {seen[e.pattern] + 1})",
                                     source=source, record=f"entry {i + 1}")
        seen[e.pattern] = i


def default_lexicon() -> Lexicon:
    """The default English hedge and booster lexicon shipped with corpus_tools.

    Returns
    -------
    Lexicon
        Read from ``corpus_tools/lexicons/hedges.csv``; sources and every
        choice are in ``corpus_tools/lexicons/README.md``.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> lex = ct.default_lexicon()
    >>> sorted({e.type for e in lex.entries})
    ['booster', 'hedge']
    """
    with resources.as_file(resources.files("corpus_tools") / "lexicons" / "hedges.csv") as path:
        entries = _read_csv(Path(path))
    return Lexicon(tuple(entries), "default")


def load_lexicon(source, *, with_default: bool = False) -> Lexicon:
    """Load a user lexicon from a CSV file, a DataFrame, a dict or a list of dicts.

    Parameters
    ----------
    source : str, Path, pandas.DataFrame, mapping or list of mappings
        A CSV file with the columns of :data:`LEXICON_COLUMNS` (``pattern``
        and ``category`` required); a DataFrame with those columns; a dict
        ``{pattern: category}`` or ``{pattern: {"type": ..., "category": ...}}``;
        or a list of row dicts. ``type`` defaults to ``hedge``.
    with_default : bool, default=False
        Put the default lexicon first (see :func:`combine_lexicons`).

    Returns
    -------
    Lexicon

    Raises
    ------
    InvalidRecordError
        For a malformed row, naming the file and line (or the entry number).

    Examples
    --------
    >>> import corpus_tools as ct
    >>> lex = ct.load_lexicon({"it is feared": "attribution", "sure": {"type": "booster",
    ...                     "category": "adjective"}})
    >>> [(e.pattern, e.type) for e in lex.entries]
    [('it is feared', 'hedge'), ('sure', 'booster')]
    """
    if isinstance(source, Lexicon):
        lexicon = source
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"lexicon file not found: {path}")
        entries = _read_csv(path)
        lexicon = Lexicon(tuple(entries), path.name)
    else:
        if isinstance(source, pd.DataFrame):
            rows = source.to_dict("records")
        elif isinstance(source, Mapping):
            rows = [dict(value, pattern=key) if isinstance(value, Mapping)
                    else {"pattern": key, "category": value} for key, value in source.items()]
        elif isinstance(source, Iterable):
            rows = [dict(r) for r in source]
        else:
            raise TypeError(f"The 'source' parameter of load_lexicon() must be a path, DataFrame, "
                            f"mapping or list of mappings. Got {type(source).__name__} instead.")
        entries = [_entry(r, source=None, record=f"entry {i + 1}") for i, r in enumerate(rows)]
        _check_unique(entries, None)
        lexicon = Lexicon(tuple(entries))
    return combine_lexicons(default_lexicon(), lexicon) if with_default else lexicon


def combine_lexicons(*lexicons: Lexicon) -> Lexicon:
    """Join lexicons; where a pattern occurs twice, the later lexicon's row wins.

    The row keeps the position of its first occurrence, so the order of
    patterns (which breaks ties between equally long matches) is stable.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> a = ct.load_lexicon({"may": "epistemic_modal"})
    >>> b = ct.load_lexicon({"may": "modal", "might": "modal"})
    >>> [(e.pattern, e.category) for e in ct.combine_lexicons(a, b).entries]
    [('may', 'modal'), ('might', 'modal')]
    """
    merged: dict = {}
    for lexicon in lexicons:
        for entry in load_lexicon(lexicon).entries if not isinstance(lexicon, Lexicon) else lexicon.entries:
            merged[entry.pattern] = entry
    return Lexicon(tuple(merged.values()), "+".join(lx.name for lx in lexicons if isinstance(lx, Lexicon)))

