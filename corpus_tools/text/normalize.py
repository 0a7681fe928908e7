"""Text normalisation and boilerplate removal for news articles.

Each step is a switch in :class:`NormalizationSettings` and all are on by
default. The steps run in this order, on the title and on the body:

1. ``mojibake``: repair UTF-8 read as cp1252/latin-1 ("donâ€™t") with
   :func:`ftfy.fix_text`, run only on texts that contain a typical marker
   (``Ã``, ``Â`` or ``â€``), because ftfy on every text is far too slow.
2. ``nfc``: Unicode NFC composition.
3. ``quotes``: curly, low-9, reversed, angle (guillemets), prime and
   full-width quotation marks become ``"`` (double) or ``'`` (single). The
   grave accent, the acute accent and the ellipsis character are left alone.
4. ``dashes``: hyphen-like characters (hyphen U+2010, non-breaking hyphen,
   figure dash, en dash, minus sign) become ``-``, so "2012–2020" reads
   "2012-2020"; dash-like punctuation (em dash, horizontal bar, two- and
   three-em dashes) becomes `` - `` with one space each side, so that
   "candidates—Tim" does not turn into the compound "candidates-Tim".
5. ``whitespace``: ``\\r\\n`` and ``\\r`` become ``\\n``; tabs, no-break and
   other Unicode spaces become a space; invisible characters (zero-width
   space, word joiner, byte-order mark, soft hyphen, left-to-right and
   right-to-left marks) are deleted; runs of spaces become one; lines are
   stripped; three or more newlines become one blank line; the text is
   stripped. Paragraphs therefore stay separated by exactly ``"\\n\\n"``.
   Zero-width (non-)joiners are kept: they change how some scripts and emoji
   render. A title becomes a single line.
6. ``boilerplate_lines``: lines that match one of the regular expressions
   *as a whole line* are removed from the body (never from the title).
7. ``repeated_lines`` (only in :func:`normalize_documents`): short lines that
   recur verbatim in many documents of the same outlet are removed from the
   body; see :class:`NormalizationSettings`.
8. ``inline_furniture``: page labels inside a line ("Enlarge this image
   toggle caption <credit>", "hide caption", "Image copyright <credit>",
   CNN's "JUST WATCHED ... MUST WATCH ..." video blocks) are cut out and
   the prose around them kept; see
   :data:`corpus_tools.text.boilerplate.INLINE_FURNITURE`.
9. ``template_lines`` (only in :func:`normalize_documents`): per outlet,
   lines made of a fixed first or last few words (an affix shared by many
   of the outlet's documents) and a short varying part, such as caption
   credits, newsletter and related-link lines, are removed from the body;
   see :mod:`corpus_tools.text.boilerplate`.

:func:`normalize_documents` also lists the body's subheadings (see
:func:`find_subheadings`); they stay in the text, because they are part of
what was published.

Speed: every step tests cheaply whether it has anything to do (an O(1)
ASCII check, the set of non-ASCII characters from one C-level pass,
substring tests, regexes anchored on a literal newline) and works on whole
texts with :meth:`str.replace`; there is no per-character Python loop. The
37,554 AllSides articles (223 M characters) take about 4 s with the Python
engine and 3 s with the Polars one (2 cores) without steps 8 and 9; those
two about double the CPU time (``benchmarks/bench_normalize.py
--compare-furniture``: 7.0 s -> 15.6 s CPU with the Polars engine on a
busy machine), most of it the per-outlet affix counting in Python.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import ftfy
import pandas as pd

from corpus_tools._compat import STR_DTYPE
from corpus_tools._validation import check_number, check_option
from corpus_tools.text.boilerplate import cut_inline_furniture, remove_furniture

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_BOILERPLATE_LINES",
    "NormalizationResult",
    "NormalizationSettings",
    "find_subheadings",
    "normalize_documents",
    "normalize_text",
]

#: Whole-line patterns removed by default (matched case-insensitively,
#: against one line after whitespace normalisation). Each one is a page
#: element, not prose:
#:
#: - ``Comments are closed.``: the closing line of a blog comment form.
#: - ``Advertisement`` (and the New York Times' "Advertisement Continue
#:   reading the main story"): the label of an ad slot.
#: - ``Share this`` / ``Share this article`` / ``Share this story``: a share bar.
#: - ``Click here to ...`` / ``Click here for ...``: a link prompt standing as
#:   its own line (at most 100 more characters).
#: - ``Sign up for ... newsletter(s) ...``: a newsletter box.
#: - ``Follow us on ...``: a social-media prompt (at most 80 more characters).
DEFAULT_BOILERPLATE_LINES: tuple[str, ...] = (
    r"Comments are closed\.",
    r"Advertisement(?: Continue reading the main story)?",
    r"Share this(?: article| story)?",
    r"Click here (?:to|for)\b.{0,100}",
    r"Sign up for .{0,80}\bnewsletters?\b.{0,60}",
    r"Follow us on .{0,80}",
)

_STEPS = ("mojibake", "nfc", "quotes", "dashes", "whitespace", "boilerplate_lines")
_BIT = {name: 1 << i for i, name in enumerate(_STEPS)}
_BIT["repeated_lines"] = 1 << len(_STEPS)
_BIT["inline_furniture"] = 1 << (len(_STEPS) + 1)
_BIT["template_lines"] = 1 << (len(_STEPS) + 2)

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\uff07"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
_DASHES = "\u2014\u2015\u2e3a\u2e3b\ufe58"
_SPACES = ("\t\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
           "\u200a\u202f\u205f\u3000")
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u200e\u200f"
_MOJIBAKE_MARKERS = ("\u00c3", "\u00c2", "\u00e2\u20ac", "\u00e2\x80")

# ftfy restricted to encoding repair: quotes, NFC and line breaks are our
# own steps, and HTML entities are left as they are.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
    restore_byte_a0=True, replace_lossy_sequences=True, decode_inconsistent_utf8=True,
    fix_c1_controls=True, fix_latin_ligatures=False, fix_character_width=False,
    uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=True,
    remove_control_chars=False, normalization=None, explain=False,
)

_BLANK_LINES = re.compile("\n\n\n+")
_EDGE_NEWLINE = re.compile(r"\n(?:(?<= \n)| |\n\n)")  # " \n", "\n " or "\n\n\n"
# A subheading candidate: a one-line paragraph between two blank lines that
# starts and ends with a letter or digit (the first is checked in Python).
# The lookahead-and-backreference pair acts as an atomic group (no
# backtracking), which keeps the scan linear.
_SUBHEADING = re.compile(r"\n\n(?=([^\W_][^\n]{0,298}[^\W_]))\1(?=\n\n)")


@dataclass(frozen=True)
class NormalizationSettings:
    """Which normalisation steps to run; everything is on by default.

    Parameters
    ----------
    mojibake : bool, default=True
        Repair mojibake with ftfy in texts that contain a marker.
    nfc : bool, default=True
        Compose to Unicode NFC.
    quotes : bool, default=True
        Straighten quotation marks and primes to ``"`` and ``'``.
    dashes : bool, default=True
        Hyphens, en dashes and minus signs to ``-``; em dashes and horizontal
        bars to `` - ``.
    whitespace : bool, default=True
        Normalise spaces, line ends and blank lines (see the module notes).
    boilerplate_lines : tuple of str, default=DEFAULT_BOILERPLATE_LINES
        Regular expressions (Python ``re`` syntax, case-insensitive) that a
        whole body line must match to be removed. ``.`` does not cross line
        ends. An empty tuple switches the step off.
    repeated_lines : bool, default=True
        Remove body lines that recur verbatim within an outlet.
    repeated_min_docs : int, default=5
        A line is "repeated" only if it occurs in at least this many
        documents of the outlet ...
    repeated_min_share : float, default=0.25
        ... and in at least this share of the outlet's documents ...
    repeated_max_words : int, default=20
        ... and has at most this many words. Real sentences rarely recur
        verbatim in a quarter of an outlet's articles; page furniture
        ("Story Continued Below", copyright lines, newsletter boxes) does.
        With the defaults, an outlet with 12 articles needs a line in 5 of
        them, and one with 1,000 articles in 250 of them.
    inline_furniture : bool, default=True
        Cut page labels and their photo credits out of body lines (see
        :data:`corpus_tools.text.boilerplate.INLINE_FURNITURE`).
    template_lines : bool, default=True
        Remove body lines that fit a template of their outlet: an *affix*
        (the first or the last 1 to ``template_max_affix_words`` words,
        joined by spaces) followed or preceded by a short varying *slot*.
    template_min_docs : int, default=5
        An affix is a template only if lines with it and a short slot occur
        in at least this many documents of the outlet ...
    template_min_share : float, default=0.05
        ... and in at least this share of the outlet's documents ...
    template_max_affix_words : int, default=6
        ... the affix has at most this many words ...
    template_min_affix_chars : int, default=10
        ... and at least this many characters, and is not made of function
        words only ("What is the") ...
    template_max_slot_words : int, default=12
        ... where a short slot has at most this many words ...
    template_min_purity : float, default=0.8
        ... and at least this share of the outlet's lines that start (or
        end) with the affix have a short slot. A prose sentence that merely
        starts like a template is kept (its slot is long), and an affix that
        often starts prose is no template at all.
    subheading_max_words : int, default=15
        Longest one-line paragraph, in words, that counts as a subheading.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> settings = ct.NormalizationSettings(dashes=False)
    >>> settings.to_dict()["dashes"]
    False
    """

    mojibake: bool = True
    nfc: bool = True
    quotes: bool = True
    dashes: bool = True
    whitespace: bool = True
    boilerplate_lines: tuple[str, ...] = DEFAULT_BOILERPLATE_LINES
    repeated_lines: bool = True
    repeated_min_docs: int = 5
    repeated_min_share: float = 0.25
    repeated_max_words: int = 20
    inline_furniture: bool = True
    template_lines: bool = True
    template_min_docs: int = 5
    template_min_share: float = 0.05
    template_max_affix_words: int = 6
    template_min_affix_chars: int = 10
    template_max_slot_words: int = 12
    template_min_purity: float = 0.8
    subheading_max_words: int = 15

    def __post_init__(self) -> None:
        caller = "NormalizationSettings"
        for name in ("mojibake", "nfc", "quotes", "dashes", "whitespace", "repeated_lines",
                     "inline_furniture", "template_lines"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(
                    f"The {name!r} parameter of {caller}() must be a bool. Got {value!r} instead."
                )
        patterns = self.boilerplate_lines
        if isinstance(patterns, str) or not isinstance(patterns, (tuple, list)) or not all(
            isinstance(p, str) for p in patterns
        ):
            raise TypeError(
                f"The 'boilerplate_lines' parameter of {caller}() must be a tuple of str. "
                f"Got {patterns!r} instead."
            )
        object.__setattr__(self, "boilerplate_lines", tuple(patterns))
        for pattern in self.boilerplate_lines:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"The 'boilerplate_lines' parameter of {caller}() must hold valid regular "
                    f"expressions. Got {pattern!r} instead ({exc})."
                ) from None
        check_number(self.repeated_min_docs, "repeated_min_docs", caller, low=1, integer=True)
        check_number(self.repeated_min_share, "repeated_min_share", caller, low=0, high=1)
        check_number(self.repeated_max_words, "repeated_max_words", caller, low=1, integer=True)
        check_number(self.template_min_docs, "template_min_docs", caller, low=1, integer=True)
        check_number(self.template_min_share, "template_min_share", caller, low=0, high=1)
        check_number(self.template_max_affix_words, "template_max_affix_words", caller, low=1,
                     integer=True)
        check_number(self.template_min_affix_chars, "template_min_affix_chars", caller, low=1,
                     integer=True)
        check_number(self.template_max_slot_words, "template_max_slot_words", caller, low=0,
                     integer=True)
        check_number(self.template_min_purity, "template_min_purity", caller, low=0, high=1)
        check_number(self.subheading_max_words, "subheading_max_words", caller, low=1, integer=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-serialisable dict (for provenance).

        Examples
        --------
        >>> import corpus_tools as ct
        >>> ct.NormalizationSettings().to_dict()["repeated_min_docs"]
        5
        """
        out = dataclasses.asdict(self)
        out["boilerplate_lines"] = list(self.boilerplate_lines)
        return out


@dataclass(frozen=True)
class NormalizationResult:
    """What :func:`normalize_documents` returns.

    Attributes
    ----------
    documents : pandas.DataFrame
        A new table with normalised ``title`` and ``text`` and a
        ``subheadings`` column.
    report : dict
        JSON-serialisable account of what changed (see
        :func:`normalize_documents`).
    """

    documents: pd.DataFrame
    report: dict[str, Any]


# --------------------------------------------------------------------------
# the per-string machinery


@dataclass(frozen=True)
class _Plan:
    mojibake: bool
    nfc: bool
    whitespace: bool
    # non-ASCII character -> (replacement, step bit)
    char_map: dict[str, tuple[str, int]]
    # (old, new) ASCII control characters of the whitespace step, in order
    ascii_replacements: tuple[tuple[str, str], ...]
    line_re: re.Pattern | None  # a boilerplate line after a newline
    first_line_re: re.Pattern | None  # a boilerplate line at the start


@functools.lru_cache(maxsize=32)
def _plan(settings: NormalizationSettings) -> _Plan:
    char_map: dict[str, tuple[str, int]] = {}
    ascii_replacements: tuple[tuple[str, str], ...] = ()
    if settings.whitespace:
        bit = _BIT["whitespace"]
        ascii_replacements = (("\r\n", "\n"), ("\r", "\n"), ("\t", " "), ("\x0b", " "), ("\x0c", " "))
        char_map.update({"\u2028": ("\n", bit), "\u2029": ("\n\n", bit)})
        char_map.update({c: (" ", bit) for c in _SPACES if not c.isascii()})
        char_map.update({c: ("", bit) for c in _INVISIBLE})
    if settings.quotes:
        char_map.update({c: ('"', _BIT["quotes"]) for c in _DOUBLE_QUOTES})
        char_map.update({c: ("'", _BIT["quotes"]) for c in _SINGLE_QUOTES})
    if settings.dashes:
        char_map.update({c: ("-", _BIT["dashes"]) for c in _HYPHENS})
        char_map.update({c: (" - ", _BIT["dashes"]) for c in _DASHES})
    line_re = first_line_re = None
    if settings.boilerplate_lines:
        body = "|".join(f"(?:{p})" for p in settings.boilerplate_lines)
        # "\n" first gives the regex engine a literal to scan for, which is
        # much faster than trying every position with "^" and re.MULTILINE.
        line_re = re.compile(rf"\n[^\S\n]*(?:{body})[^\S\n]*(?=\n|\Z)", re.IGNORECASE)
        first_line_re = re.compile(rf"[^\S\n]*(?:{body})[^\S\n]*(?=\n|\Z)", re.IGNORECASE)
    return _Plan(
        mojibake=settings.mojibake, nfc=settings.nfc, whitespace=settings.whitespace,
        char_map=char_map, ascii_replacements=ascii_replacements,
        line_re=line_re, first_line_re=first_line_re,
    )


# every ASCII byte except the control characters of the whitespace step
_PLAIN_ASCII_BYTES = bytes(b for b in range(128) if b not in b"\t\x0b\x0c\r")


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``, plus any of \\t \\v \\f \\r.

    Dropping the ASCII bytes from the UTF-8 encoding is a C loop; the
    Python-level alternatives (set(text), a regex, one ``in`` test per
    character of interest) are 3-10x slower on news text.
    """
    raw = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII_BYTES)
    return set(raw.decode("utf-8", "surrogatepass"))


@functools.lru_cache(maxsize=4096)
def _nfc_safe(char: str) -> bool:
    """Whether ``char`` can never make a text non-NFC.

    True for characters that are their own canonical decomposition, have
    combining class 0, and lie in Latin-1/Latin Extended (below U+0300) or
    General Punctuation/currency (U+2000-U+20CF): no such character composes
    with a neighbour, so a text made only of them and ASCII is NFC.
    """
    code = ord(char)
    return ((code < 0x300 or 0x2000 <= code < 0x20D0)
            and unicodedata.combining(char) == 0
            and unicodedata.normalize("NFD", char) == char)


def _fix_chars(text: str, plan: _Plan) -> tuple[str, int]:
    """Run steps 1-5 on one string; return it and the bits of the steps that changed it."""
    flags = 0
    if not text.isascii():  # O(1): all-ASCII text skips the Unicode steps
        present = _non_ascii(text)
        if plan.mojibake and not present.isdisjoint("\u00c3\u00c2\u00e2") and any(
            m in text for m in _MOJIBAKE_MARKERS
        ):
            fixed = ftfy.fix_text(text, _FTFY_CONFIG)
            if fixed != text:
                text, flags = fixed, flags | _BIT["mojibake"]
                present = _non_ascii(text)
        if plan.nfc and not all(_nfc_safe(c) for c in present) and not unicodedata.is_normalized(
            "NFC", text
        ):
            text, flags = unicodedata.normalize("NFC", text), flags | _BIT["nfc"]
            present = _non_ascii(text)
        # sorted: a fixed order whatever the set's order; once the last
        # non-ASCII character is replaced, CPython stores the text in one
        # byte per character, which makes every later scan faster
        for char in sorted(present.intersection(plan.char_map)):
            new, bit = plan.char_map[char]
            if char in _DASHES:  # the usual spaced form first: no double spaces to mend
                text = text.replace(f" {char} ", new)
            text, flags = text.replace(char, new), flags | bit
        controls = not present.isdisjoint("\t\x0b\x0c\r")
    else:
        controls = True  # one memchr per character below: cheap on 1-byte text
    if controls:
        for old, new in plan.ascii_replacements:
            if old in text:
                text, flags = text.replace(old, new), flags | _BIT["whitespace"]
    if flags & _BIT["dashes"] and not plan.whitespace:
        # " - " from an em dash that already had spaces around it
        text = text.replace("  - ", " - ").replace(" -  ", " - ")
    if plan.whitespace:
        before = text
        while "  " in text:  # str.replace is several times faster than re.sub here
            text = text.replace("  ", " ")
        # After the line above a line's edge holds at most one space.
        # _EDGE_NEWLINE starts with a literal "\n", so one regex scan is
        # faster than three substring tests.
        if _EDGE_NEWLINE.search(text) is not None:
            text = text.replace(" \n", "\n").replace("\n ", "\n")
            if "\n\n\n" in text:
                text = _BLANK_LINES.sub("\n\n", text)
        text = text.strip(" \n")
        if text != before:
            flags |= _BIT["whitespace"]
    return text, flags


def _drop_lines(text: str, line_re: re.Pattern, first_line_re: re.Pattern | None,
                removed: set[str]) -> str:
    """Remove whole lines matched by the patterns, adding each to ``removed``."""
    def record(match: re.Match) -> str:
        removed.add(match.group().strip())
        return ""

    if first_line_re is not None:
        first = first_line_re.match(text)
        if first is not None:
            removed.add(first.group().strip())
            text = text[first.end():]
    if line_re.search(text) is not None:
        text = line_re.sub(record, text)
    if removed:
        text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    return text


def _normalize_body(text: str, plan: _Plan) -> tuple[str, int, set[str]]:
    text, flags = _fix_chars(text, plan)
    removed: set[str] = set()
    if plan.line_re is not None:
        text = _drop_lines(text, plan.line_re, plan.first_line_re, removed)
        if removed:
            flags |= _BIT["boilerplate_lines"]
    return text, flags, removed


def _normalize_title(text: str, plan: _Plan) -> tuple[str, int]:
    text, flags = _fix_chars(text, plan)
    if plan.whitespace and "\n" in text:
        text, flags = " ".join(text.split()), flags | _BIT["whitespace"]
    return text, flags


def normalize_text(text: str, settings: NormalizationSettings | None = None) -> str:
    """Normalise one string (a title or a body).

    Runs every step of ``settings`` except ``repeated_lines`` and
    ``template_lines``, which need a whole outlet (use
    :func:`normalize_documents`).

    Parameters
    ----------
    text : str
        The text.
    settings : NormalizationSettings, optional
        Defaults to ``NormalizationSettings()``.

    Returns
    -------
    str
        The normalised text.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> ct.normalize_text("It\\u2019s \\u201cfine\\u201d\\u2014mostly.\\n\\n\\n\\nComments are closed.")
    'It\\'s "fine" - mostly.'
    >>> ct.normalize_text("2012\\u20132020,\\u00a0 donâ€™t")
    "2012-2020, don't"
    """
    if not isinstance(text, str):
        raise TypeError(f"The 'text' parameter of normalize_text() must be a str. Got {text!r} instead.")
    settings = _check_settings(settings, "normalize_text")
    text = _normalize_body(text, _plan(settings))[0]
    if settings.inline_furniture:
        text = cut_inline_furniture(text)[0]
    return text


def find_subheadings(text: str, *, max_words: int = 15) -> list[str]:
    """Return the paragraphs of a normalised body that look like subheadings.

    A subheading is a paragraph that (a) is a single line with a blank line
    before and after it, so it is never the first or the last paragraph
    (those are leads, datelines, bylines and credits), (b) starts with an
    upper-case letter or a digit, (c) ends with a letter or digit, i.e.
    without terminal punctuation or a closing quote, and (d) has 2 to
    ``max_words`` words. This is a heuristic: a one-line paragraph such as
    an author's name between two paragraphs also qualifies.

    Parameters
    ----------
    text : str
        A body normalised with the whitespace step (paragraphs separated by
        ``"\\n\\n"``).
    max_words : int, default=15
        Longest subheading, in words.

    Returns
    -------
    list of str
        The subheadings in text order.

    Examples
    --------
    >>> find_subheadings("Lead paragraph.\\n\\nWhat comes next\\n\\nBody text.")
    ['What comes next']
    """
    check_number(max_words, "max_words", "find_subheadings", low=1, integer=True)
    return [
        line for line in _SUBHEADING.findall(text)
        if (line[0].isupper() or line[0].isdigit()) and 2 <= len(line.split()) <= max_words
    ]


def _check_settings(settings: Any, caller: str) -> NormalizationSettings:
    if settings is None:
        return NormalizationSettings()
    if not isinstance(settings, NormalizationSettings):
        raise TypeError(
            f"The 'settings' parameter of {caller}() must be a NormalizationSettings. "
            f"Got {settings!r} instead."
        )
    return settings


# --------------------------------------------------------------------------
# the Polars engine
#
# The Polars engine runs the character steps, whitespace, repeated lines and
# subheadings over whole Arrow columns (Rust, multi-threaded, no GIL). It
# never re-implements a Python-only rule approximately: wherever Rust and
# Python semantics could differ (ftfy, NFC, user regexes, str.isalnum ...),
# Polars only *selects candidate rows or lines* with a pattern that matches
# at least everything the Python rule could match, and the Python reference
# code decides on those few. The results are therefore the same as the
# Python engine's, which the tests check on the test cases and on real text.

#: Every character for which ``str.isspace()`` is true (Python's ``\s`` and
#: ``str.split()``/``str.strip()`` whitespace); a test checks the list.
_PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                  "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_ANY = r"[\s\S]"
#: The non-ASCII characters that Python's case-insensitive ``re`` matches with
#: an ASCII letter (a test recomputes this by brute force).
_PY_CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_NON_ASCII = r"\x{80}-\x{10FFFF}"


def _rx_chars(chars: str) -> str:
    """``chars`` escaped for use inside a Rust regex character class."""
    return "".join(f"\\x{{{ord(c):X}}}" for c in chars)


class _Unsupported(Exception):
    """A Python regex construct with no Rust superset translation here."""



def _re_constants():
    """The ``re`` module's opcode constants (``re._constants``; ``sre_constants`` before 3.11)."""
    try:
        from re import _constants
    except ImportError:  # Python 3.10
        import sre_constants as _constants
    return _constants

def _rx_superset(items, dotall: bool) -> str:
    """Translate parsed Python regex items to a Rust regex that matches a superset.

    Matching is case-insensitive (as for boilerplate lines). Every
    translation is a widening: zero-width assertions are dropped, an ASCII
    letter matches both cases and what Python also matches with it (Python's
    case-insensitive matching pairs a few of them with a non-ASCII character,
    such as "k" with the Kelvin sign: ``_PY_CASE_EXTRAS``), and any
    class that is negated or uses a category is widened to all non-ASCII
    characters or to every character.
    """
    c = _re_constants()  # the parse tree of the Python regex

    out = []
    for op, arg in items:
        if op is c.LITERAL:
            out.append(_rx_literal(chr(arg)))
        elif op is c.NOT_LITERAL:
            out.append(_ANY)
        elif op is c.ANY:
            out.append(_ANY if dotall else "[^\\n]")
        elif op is c.IN:
            out.append(_rx_in(arg))
        elif op is c.BRANCH:
            out.append("(?:" + "|".join(_rx_superset(b, dotall) for b in arg[1]) + ")")
        elif op is c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = arg
            out.append("(?:" + _rx_superset(sub, dotall or bool(add_flags & 16)) + ")")  # 16: DOTALL
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            bound = f"{{{low},}}" if high is c.MAXREPEAT else f"{{{low},{high}}}"
            out.append("(?:" + _rx_superset(sub, dotall) + ")" + bound)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            out.append("(?:" + _rx_superset(arg, dotall) + ")")
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # a zero-width condition: dropping it only widens the match
        else:
            raise _Unsupported(str(op))
    return "".join(out)


def _rx_literal(char: str) -> str:
    if char.isascii() and char.isalpha():
        extras = _rx_chars(_PY_CASE_EXTRAS.get(char.lower(), ""))
        return f"[{char.lower()}{char.upper()}{extras}]"
    if char.isascii():
        return _rx_chars(char)
    return f"[A-Za-z{_NON_ASCII}]"


def _rx_in(items) -> str:
    c = _re_constants()

    parts = []
    for op, arg in items:
        if op is c.LITERAL:
            char = chr(arg)
            parts.append(_rx_chars(char) if char.isascii() and not char.isalpha()
                         else f"A-Za-z{_NON_ASCII}")
        elif op is c.RANGE:
            low, high = arg
            if high < 0x80 and not any(chr(x).isalpha() for x in range(low, high + 1)):
                parts.append(f"{_rx_chars(chr(low))}-{_rx_chars(chr(high))}")
            else:
                parts.append(f"\\x00-\\x{{10FFFF}}")
        elif op is c.CATEGORY and arg is c.CATEGORY_DIGIT:
            parts.append(f"0-9{_NON_ASCII}")
        elif op is c.CATEGORY and arg is c.CATEGORY_WORD:
            parts.append(f"0-9A-Za-z_{_NON_ASCII}")
        elif op is c.CATEGORY and arg is c.CATEGORY_SPACE:
            parts.append(_rx_chars(_PY_WHITESPACE[:9]) + f" {_NON_ASCII}")
        else:  # NEGATE, \D, \W, \S, ...: every character
            return _ANY
    return "[" + "".join(parts) + "]"


@functools.lru_cache(maxsize=32)
def _boilerplate_filter(patterns: tuple[str, ...], edges: bool = True) -> str | None:
    """A Rust regex matching every text in which a boilerplate line could match.

    With ``edges=False`` the optional whitespace at the line's edges is left
    out, which lets the regex engine use a literal prefilter (several times
    faster); that is only a superset for texts in which no line starts or
    ends with a whitespace character other than ``\n`` (see
    :func:`_fix_columns`). ``None`` if a pattern cannot be translated (then
    every text is checked with the Python regexes).
    """
    import polars as pl
    try:
        from re import _parser  # Python >= 3.11
    except ImportError:  # Python 3.10: the same parser under its old name
        import sre_parse as _parser

    try:
        alternatives = []
        for pattern in patterns:
            parsed = _parser.parse(pattern, re.IGNORECASE)
            alternatives.append(_rx_superset(list(parsed), bool(parsed.state.flags & re.DOTALL)))
        space = f"[{_rx_chars(_PY_WHITESPACE.replace(chr(10), ''))}]*" if edges else ""
        rx = f"(?m)^{space}(?:{'|'.join(alternatives)}){space}$"
        pl.Series([""]).str.contains(rx)  # does Rust accept it (size limits, ...)?
    except (_Unsupported, pl.exceptions.ComputeError, re.error, RecursionError):
        logger.info("boilerplate patterns %r: no Rust prefilter, every text is checked", patterns)
        return None
    return rx


@functools.lru_cache(maxsize=1)
def _nfc_candidate_filter() -> str:
    """A Rust regex for characters that can make a text non-NFC (see _nfc_safe)."""
    safe = "".join(chr(c) for c in (*range(0x80, 0x300), *range(0x2000, 0x20D0))
                   if _nfc_safe(chr(c)))
    return f"[^\\x00-\\x7F{_rx_chars(safe)}]"


def _to_polars(values: pd.Series):
    import polars as pl
    import pyarrow as pa

    return pl.from_arrow(pa.array(values, type=pa.large_string(), from_pandas=True))


def _spaced(out):
    """The whitespace cleanup of step 5 as a Polars expression (after the map and ``\\r``)."""
    return (out.str.replace_all(" {2,}", " ")
            .str.replace_all(" \n", "\n", literal=True)
            .str.replace_all("\n ", "\n", literal=True)
            .str.replace_all("\n{3,}", "\n\n").str.strip_chars(" \n"))


def _needs_spacing(out):
    """Whether :func:`_spaced` would change a text: exactly the texts with a
    double space, a space at a line's edge, three newlines in a row, or a
    space or newline at either end."""
    return (out.str.contains_any(["  ", " \n", "\n ", "\n\n\n"])
            | out.str.starts_with(" ") | out.str.starts_with("\n")
            | out.str.ends_with(" ") | out.str.ends_with("\n"))


def _in_parts(series, expr):
    """``expr(pl.col("s"))`` on a Polars Series, one slice per thread."""
    import numpy as np
    import polars as pl

    n = len(series)
    parts = max(1, min(pl.thread_pool_size(), n // 500))
    bounds = np.linspace(0, n, parts + 1).astype(np.int64).tolist()
    lazy = [pl.LazyFrame({"s": series.slice(lo, hi - lo)}).select(expr(pl.col("s")).alias("s"))
            for lo, hi in zip(bounds[:-1], bounds[1:])]
    return pl.concat([frame["s"] for frame in pl.collect_all(lazy)])


def _fix_lazy(frame, plan: _Plan, *, title: bool, boilerplate_rx: str | None,
              deferred: bool = False):
    """Steps 1-5 (and the title's single line) on the column ``x`` of a LazyFrame.

    With ``deferred`` (bodies only), the whitespace cleanup, the NFC
    candidate regex and the boilerplate test are left to
    :func:`_fix_columns`, which runs them on the few rows that need them;
    the frame then has ``x_spacing`` (the cleanup would change the text) and
    ``x_non_ascii`` (the text has a non-ASCII character) instead.

    The result has the columns ``x_out`` (the new text), ``x_bits`` (the
    steps that changed it), ``x_python`` (rows the Python code must redo:
    ftfy, and dash spacing that depends on the order of the replacements),
    ``x_nfc`` (rows that may not be NFC, for Python to check) and, with
    ``boilerplate_rx``, ``x_bp`` (texts that may hold a boilerplate line).
    Each stage is one ``with_columns`` so that no text is computed twice.
    """
    import polars as pl

    raw = pl.col("x")
    first = [pl.lit(False).alias("x_python"), pl.lit(False).alias("x_nfc"),
             pl.lit(0, dtype=pl.Int64).alias("x_bits"), raw.alias("x_out")]
    if plan.char_map:
        by_bit: dict[int, str] = defaultdict(str)
        for char, (_new, bit) in plan.char_map.items():
            by_bit[bit] += char
        bits = pl.lit(0, dtype=pl.Int64)
        for bit, chars in sorted(by_bit.items()):
            if bit == _BIT["whitespace"]:
                chars += "\t\x0b\x0c\r"
            bits = bits | pl.when(raw.str.contains_any(list(chars))).then(bit).otherwise(0)
        first[2] = bits.alias("x_bits")
        mapping = {}
        dashes = "".join(c for c in _DASHES if c in plan.char_map)
        python = pl.lit(False)
        if dashes:
            # " X " first, as in _fix_chars (leftmost-first replacement below)
            mapping.update({f" {c} ": plan.char_map[c][0] for c in dashes})
            near = f"[{_rx_chars(dashes)}] ?[{_rx_chars(dashes)}]" if plan.whitespace else \
                f"[{_rx_chars(dashes)}]"
            # with two dashes close together, or no whitespace step, the
            # result depends on the order of the replacements: Python's job
            python = raw.str.contains(near)
        mapping.update({char: new for char, (new, _bit) in plan.char_map.items()})
        if plan.whitespace:
            mapping.update({"\t": " ", "\x0b": " ", "\x0c": " "})
        first[3] = raw.str.replace_many(list(mapping), list(mapping.values()), leftmost=True).alias("x_out")
        first[0] = python.alias("x_python")
        if plan.nfc:
            # mapped characters that _nfc_safe does not vouch for are looked
            # for in the raw text; every other such character is still there
            # after the mapping
            unsafe = [c for c in plan.char_map if not _nfc_safe(c)]
            if unsafe:
                first[1] = raw.str.contains_any(unsafe).alias("x_nfc")
    if plan.mojibake:
        first[0] = first[0] | raw.str.contains_any(list(_MOJIBAKE_MARKERS))
    frame = frame.with_columns(first)
    out = pl.col("x_out")
    second = []
    if plan.nfc:
        if deferred:  # a byte count differs from the character count: not all ASCII
            second.append((out.str.len_bytes() != out.str.len_chars()).alias("x_non_ascii"))
        else:
            second.append(pl.col("x_nfc") | out.str.contains(_nfc_candidate_filter()))
    if plan.whitespace:
        second.append(out.str.replace_all("\r\n?", "\n"))  # after the map, as in _fix_chars
    frame = frame.with_columns(second)
    if deferred:
        if plan.whitespace:
            frame = frame.with_columns(_needs_spacing(out).alias("x_spacing"))
        flags = (["x_python", "x_nfc"] + (["x_non_ascii"] if plan.nfc else [])
                 + (["x_spacing"] if plan.whitespace else []))
        return frame.with_columns(pl.col(flags).fill_null(False)).drop("x")
    if plan.whitespace:
        spaced = _spaced(out)
        frame = frame.with_columns(spaced.alias("x_spaced")).with_columns(
            pl.col("x_bits") | pl.when(pl.col("x_spaced") != out).then(_BIT["whitespace"]).otherwise(0),
            pl.col("x_spaced").alias("x_out"),
        ).drop("x_spaced")
        if title:  # " ".join(text.split())
            lines = out.str.contains("\n", literal=True)
            space = f"[{_rx_chars(_PY_WHITESPACE)}]+"
            frame = frame.with_columns(
                pl.col("x_bits") | pl.when(lines).then(_BIT["whitespace"]).otherwise(0),
                pl.when(lines).then(out.str.replace_all(space, " ").str.strip_chars(_PY_WHITESPACE))
                .otherwise(out).alias("x_out"),
            )
    if boilerplate_rx is not None:
        frame = frame.with_columns(out.str.contains(boilerplate_rx).alias("x_bp"))
    flags = ["x_python", "x_nfc"] + (["x_bp"] if boilerplate_rx is not None else [])
    return frame.with_columns(pl.col(flags).fill_null(False)).drop("x")


def _fix_columns(titles, texts, plan: _Plan, patterns: tuple[str, ...]):
    """Steps 1-6 on the title and text columns (Polars Series).

    Returns the new titles and texts, the step bits per row (numpy) and the
    counter of removed boilerplate lines.
    """
    import numpy as np
    import polars as pl

    n = len(texts)
    # Polars runs one string kernel over one column on one thread: cut the
    # texts into one slice per thread and collect the slices together.
    parts = max(1, min(pl.thread_pool_size(), n // 1000))
    bounds = np.linspace(0, n, parts + 1).astype(np.int64).tolist()
    lazy = [_fix_lazy(pl.LazyFrame({"x": titles}), plan, title=True, boilerplate_rx=None)]
    lazy += [_fix_lazy(pl.LazyFrame({"x": texts.slice(lo, hi - lo)}), plan, title=False,
                       boilerplate_rx=None, deferred=True)
             for lo, hi in zip(bounds[:-1], bounds[1:])]
    done = pl.collect_all(lazy)
    body = pl.concat(done[1:])
    out = body["x_out"]
    body_bits = body["x_bits"].to_numpy().copy()
    if plan.whitespace:
        # the cleanup chain (five passes) only on the few texts it changes
        rows = np.flatnonzero(body["x_spacing"].to_numpy())
        if len(rows):
            before = out.gather(rows)
            after = _in_parts(before, _spaced)
            body_bits[rows[(after != before).to_numpy()]] |= _BIT["whitespace"]
            out = out.scatter(rows, after)
    nfc = body["x_nfc"].to_numpy().copy()
    if plan.nfc:
        # the class regex only on texts that still hold a non-ASCII character
        rows = np.flatnonzero(body["x_non_ascii"].to_numpy() & ~nfc)
        if len(rows):
            nfc[rows] = out.gather(rows).str.contains(_nfc_candidate_filter()).fill_null(False).to_numpy()
    body = body.with_columns(pl.Series("x_out", out), pl.Series("x_bits", body_bits),
                             pl.Series("x_nfc", nfc))
    columns = {"title": (done[0], titles), "text": (body, texts)}
    bits = {name: frame["x_bits"].to_numpy().copy() for name, (frame, _raw) in columns.items()}
    new = {name: frame["x_out"] for name, (frame, _raw) in columns.items()}
    redone_text = np.zeros(n, dtype=bool)
    for name, (frame, raw) in columns.items():
        python = frame["x_python"].to_numpy().copy()
        maybe = np.flatnonzero(frame["x_nfc"].to_numpy() & ~python)
        if len(maybe):  # Python decides which texts are not NFC
            normal = [unicodedata.is_normalized("NFC", t) for t in raw.gather(maybe).to_list()]
            python[maybe[~np.array(normal, dtype=bool)]] = True
        rows = np.flatnonzero(python)
        if len(rows):
            fix = _normalize_title if name == "title" else _fix_chars
            redone = [fix(t, plan) for t in raw.gather(rows).to_list()]
            new[name] = new[name].scatter(rows, [t for t, _b in redone])
            bits[name][rows] = [b for _t, b in redone]
        if name == "text":
            redone_text = python
    flags = bits["title"] | bits["text"]
    new_titles, new_texts = new["title"], new["text"]

    boilerplate: Counter = Counter()
    if plan.line_re is not None:
        # After the whitespace step no line starts or ends with a space, and
        # texts with any other whitespace but "\n" are always candidates: the
        # filter can then do without the edge classes.
        bp_rx = _boilerplate_filter(patterns, edges=not plan.whitespace)
        # only the whitespace the step leaves in place (\x1c-\x1f, \x85):
        # a small class is several times faster than contains_any here
        left = [c for c in _PY_WHITESPACE
                if c not in " \n\t\x0b\x0c\r" and c not in plan.char_map]
        others = f"[{_rx_chars(''.join(left))}]"
        if bp_rx is None:
            candidates = new_texts.is_not_null().to_numpy()
        else:
            def test(s):
                hit = s.str.contains(bp_rx)
                return (hit | s.str.contains(others)) if plan.whitespace else hit
            # texts redone in Python are tested again anyway (cheap insurance)
            candidates = _in_parts(new_texts, test).fill_null(False).to_numpy() | redone_text
        rows = np.flatnonzero(candidates)
        changed_rows, changed = [], []
        for row, text in zip(rows.tolist(), new_texts.gather(rows).to_list()):
            if text is None:
                continue
            removed: set[str] = set()
            text = _drop_lines(text, plan.line_re, plan.first_line_re, removed)
            if removed:
                boilerplate.update(removed)
                changed_rows.append(row)
                changed.append(text)
        if changed_rows:
            flags[changed_rows] |= _BIT["boilerplate_lines"]
            new_texts = new_texts.scatter(changed_rows, changed)
    return new_titles, new_texts, flags, boilerplate


def _drop_repeated_column(texts, outlets: pd.Series, settings: NormalizationSettings, flags):
    """Step 7 on a Polars column; returns the texts and the report entries."""
    import numpy as np
    import polars as pl

    n = len(texts)
    codes, uniques = pd.factorize(outlets, use_na_sentinel=True)
    group = codes + 1  # 0: the one group of all missing outlets, as in the Python engine
    sizes = np.bincount(group, minlength=len(uniques) + 1)
    needed = np.array([max(settings.repeated_min_docs, math.ceil(settings.repeated_min_share * int(s)))
                       for s in sizes], dtype=np.int64)
    eligible = np.flatnonzero((sizes >= needed) & (sizes > 0))
    if len(eligible) == 0:
        return texts, []
    frame = pl.DataFrame({"row": np.arange(n, dtype=np.int64), "g": group.astype(np.int64),
                          "text": texts})
    lines = (frame.filter(pl.col("g").is_in(eligible.tolist()) & pl.col("text").is_not_null())
             .select("row", "g", pl.col("text").str.split("\n").alias("line")).explode("line")
             .filter(pl.col("line") != ""))  # about half the lines: the paragraph breaks
    counts = (lines.group_by("g", "line").agg(pl.col("row").n_unique().alias("docs"))
              .filter((pl.col("docs") >= pl.col("g").replace_strict(
                          np.arange(len(needed)), needed, return_dtype=pl.Int64))))
    # the word count and the blank test with Python's own str methods
    repeated = [(g, line) for g, line in counts.select("g", "line").iter_rows()
                if len(line.split()) <= settings.repeated_max_words and line.strip()]
    if not repeated:
        return texts, []
    drop = pl.DataFrame({"g": [g for g, _l in repeated], "line": [line for _g, line in repeated],
                         "drop": True}, schema={"g": pl.Int64, "line": pl.String, "drop": pl.Boolean})
    # semi and anti joins: a left join over every line of the corpus costs
    # several times more, and only the few documents that lose a line are rebuilt
    hit = lines.join(drop, on=["g", "line"], how="semi", maintain_order="left")
    # the report names a removed line stripped, as the Python engine does
    per_line = (hit.select("g", "row", pl.col("line").str.strip_chars(_PY_WHITESPACE))
                .group_by("g", "line").agg(pl.col("row").n_unique().alias("docs")))
    rows = np.unique(hit["row"].to_numpy())
    kept = (frame.filter(pl.col("row").is_in(rows.tolist()))
            .select("row", "g", pl.col("text").str.split("\n").alias("line")).explode("line")
            .join(drop, on=["g", "line"], how="anti", maintain_order="left"))
    rebuilt = kept.group_by("row", maintain_order=True).agg(pl.col("line").str.join("\n"))
    new = dict(zip(rebuilt["row"].to_list(), rebuilt["line"].to_list()))
    values = pl.Series([new.get(int(r), "") for r in rows], dtype=pl.String)
    values = values.str.replace_all("\n{3,}", "\n\n").str.strip_chars("\n")
    texts = texts.scatter(rows, values)
    flags[rows] |= _BIT["repeated_lines"]
    report = []
    for g, line, docs in per_line.sort("g", "line").iter_rows():
        outlet = uniques[g - 1] if g else None
        report.append({"outlet": None if outlet is None else str(outlet), "line": line, "documents": docs})
    return texts, report


def _subheadings_column(texts, max_words: int):
    """find_subheadings on every text of a Polars column, as a list of str."""
    import numpy as np
    import polars as pl

    n = len(texts)
    row = pl.col("row")
    line = pl.col("line")
    # _SUBHEADING matches a line after "\n\n" and before "\n\n" (so neither
    # the first nor the last line), of 2 to 300 characters, which starts and
    # ends with str.isalnum(); Rust keeps the lines that could qualify
    # (any non-ASCII character may), Python decides.
    start = f"^[0-9A-Z{_NON_ASCII}]"
    end = f"[0-9A-Za-z{_NON_ASCII}]$"
    space = f"[{_rx_chars(_PY_WHITESPACE)}]"
    candidates = (
        pl.DataFrame({"row": np.arange(n, dtype=np.int64), "line": texts.str.split("\n")})
        .explode("line")
        .filter((row.shift(2) == row) & (row.shift(-2) == row)
                & (line.shift(1) == "") & (line.shift(-1) == ""))
        # the regexes in a second, eager pass: on the few one-line paragraphs
        # left rather than on every line (the shifts need the full frame)
        .filter(line.str.len_chars().is_between(2, 300)
                & line.str.contains(start) & line.str.contains(end) & line.str.contains(space))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for r, text in candidates.iter_rows():
        if (text[0].isalnum() and text[-1].isalnum() and (text[0].isupper() or text[0].isdigit())
                and 2 <= len(text.split()) <= max_words):
            found[r].append(text)
    out = [""] * n
    for r, lines in found.items():
        out[r] = "\n".join(lines)
    return out


# --------------------------------------------------------------------------
# the table


def _repeated_lines(texts: list, rows: list[int], settings: NormalizationSettings) -> list[str]:
    """Lines that qualify as repeated among ``rows`` (one outlet)."""
    needed = max(settings.repeated_min_docs, math.ceil(settings.repeated_min_share * len(rows)))
    if len(rows) < needed:
        return []
    # one C-level Counter update over all lines (each line once per document)
    counts = Counter(itertools.chain.from_iterable(
        set(texts[i].split("\n")) for i in rows if isinstance(texts[i], str)
    ))
    counts.pop("", None)
    return sorted(
        line for line, n in counts.items()
        if n >= needed and len(line.split()) <= settings.repeated_max_words and line.strip()
    )


def normalize_documents(documents: pd.DataFrame, settings: NormalizationSettings | None = None,
                        *, engine: Literal["polars", "python"] = "polars",
                        progress: bool = False, pieces=None) -> NormalizationResult:
    """Normalise the titles and bodies of a documents table.

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document with at least ``outlet``, ``title`` and
        ``text``. It is not changed. Missing titles or texts stay missing.
    settings : NormalizationSettings, optional
        Defaults to ``NormalizationSettings()``.
    engine : {"polars", "python"}, default="polars"
        ``"polars"`` works on whole columns in Rust on all cores and hands
        only the texts that need a Python-only rule (ftfy, NFC, the
        boilerplate regexes, the subheading test) to the Python code;
        ``"python"`` runs the reference code one document at a time. Both
        give the same documents and the same report (the tests check this);
        the Polars engine is several times faster. Title or text columns
        that are not of a string dtype are always handled by ``"python"``.
    progress : bool, default=False
        Show a tqdm progress bar over the documents (``engine="python"``
        only).
    pieces : PieceNormalizer, optional
        Steps 1-6 already run on the source's pieces while it loaded (see
        :mod:`corpus_tools.corpus._piece_normalize`); used (``engine="polars"``)
        only if ``documents`` holds exactly those titles and texts.

    Returns
    -------
    NormalizationResult
        ``documents``: a copy of the table with normalised ``title`` and
        ``text`` and a new ``subheadings`` column (str: the subheadings found
        by :func:`find_subheadings`, joined with ``"\\n"``; ``""`` if none).
        Subheadings stay in ``text``.

        ``report``: a JSON-serialisable dict with keys
        ``settings`` (``settings.to_dict()``), ``n_documents``,
        ``documents_changed`` (documents whose title or text changed),
        ``steps`` (for each step, the number of documents whose title or
        text it changed), ``removed_boilerplate_lines`` and
        ``removed_repeated_lines`` (lists of ``{"outlet"?, "line",
        "documents"}``, most frequent first), ``removed_inline_furniture``
        (``{"outlet", "furniture", "documents", "cuts"}``: the documents of
        the outlet that lost the label, and how many times it was cut),
        ``removed_template_lines`` (``{"outlet", "template", "documents",
        "lines"}``; a template is named ``"affix …"`` or ``"… affix"``), and
        ``subheadings``
        (``{"documents": ..., "lines": ...}``).

    Examples
    --------
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["a", "b"], "outlet": ["X", "X"],
    ...     "title": ["\\u201cHi\\u201d", "Two"],
    ...     "text": ["One.\\n\\nAdvertisement\\n\\nTwo.", "Lead.\\n\\nA subheading here\\n\\nMore."]})
    >>> result = ct.normalize_documents(docs)
    >>> result.documents[["title", "text", "subheadings"]].to_dict("records")[0]
    {'title': '"Hi"', 'text': 'One.\\n\\nTwo.', 'subheadings': ''}
    >>> result.documents["subheadings"].tolist()[1]
    'A subheading here'
    >>> result.report["removed_boilerplate_lines"]
    [{'line': 'Advertisement', 'documents': 1}]
    >>> ct.normalize_documents(docs, engine="python").report == result.report
    True
    """
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(
            f"The 'documents' parameter of normalize_documents() must be a pandas DataFrame. "
            f"Got {type(documents).__name__} instead."
        )
    missing = [c for c in ("outlet", "title", "text") if c not in documents.columns]
    if missing:
        raise ValueError(
            f"The 'documents' parameter of normalize_documents() must have the columns "
            f"['outlet', 'title', 'text']. Missing: {missing}."
        )
    settings = _check_settings(settings, "normalize_documents")
    check_option(engine, "engine", ("polars", "python"), "normalize_documents")
    if engine == "polars" and not all(
        isinstance(documents[c].dtype, pd.StringDtype) for c in ("title", "text")
    ):
        logger.debug("title or text is not a string column: using the Python engine")
        engine = "python"
    if engine == "polars":
        fixed = pieces.for_documents(documents) if pieces is not None else None
        titles, texts, subheadings, flags, boilerplate, repeated, furniture = _run_polars(
            documents, settings, fixed)
    else:
        titles, texts, subheadings, flags, boilerplate, repeated, furniture = _run_python(
            documents, settings, progress=progress)

    out = documents.copy()
    out["title"] = titles
    out["text"] = texts
    out["subheadings"] = pd.Series(subheadings, index=documents.index, dtype=STR_DTYPE)

    n = len(documents)
    steps = {name: sum(1 for f in flags if f & bit) for name, bit in _BIT.items()}
    report = {
        "settings": settings.to_dict(),
        "n_documents": n,
        "documents_changed": sum(1 for f in flags if f),
        "steps": steps,
        "removed_boilerplate_lines": [
            {"line": line, "documents": count}
            for line, count in sorted(boilerplate.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "removed_repeated_lines": sorted(
            repeated, key=lambda r: (-r["documents"], str(r["outlet"]), r["line"])
        ),
        "removed_inline_furniture": furniture["inline"],
        "removed_template_lines": furniture["templates"],
        "subheadings": {
            "documents": sum(1 for s in subheadings if s),
            "lines": sum(s.count("\n") + 1 for s in subheadings if s),
        },
    }
    logger.info("normalised %d documents, %d changed", n, report["documents_changed"])
    return NormalizationResult(documents=out, report=report)


def _run_python(documents: pd.DataFrame, settings: NormalizationSettings, *, progress: bool):
    """The reference engine: one document at a time."""
    plan = _plan(settings)
    titles = documents["title"].tolist()
    texts = documents["text"].tolist()
    n = len(texts)
    flags = [0] * n
    boilerplate: Counter = Counter()

    indices = range(n)
    if progress:
        from tqdm import tqdm  # plain bars: tqdm.auto warns in notebooks without ipywidgets
        indices = tqdm(indices, desc="normalising", unit="doc")
    for i in indices:
        title = titles[i]
        if isinstance(title, str):
            titles[i], flags[i] = _normalize_title(title, plan)
        text = texts[i]
        if isinstance(text, str):
            texts[i], bits, removed = _normalize_body(text, plan)
            flags[i] |= bits
            boilerplate.update(removed)

    repeated: list[dict[str, Any]] = []
    if settings.repeated_lines and n:
        by_outlet: dict[Any, list[int]] = defaultdict(list)
        for i, outlet in enumerate(documents["outlet"].tolist()):
            by_outlet[None if pd.isna(outlet) else outlet].append(i)  # one group for all NAs
        for outlet, rows in by_outlet.items():
            lines = _repeated_lines(texts, rows, settings)
            if not lines:
                continue
            body = "|".join(re.escape(line) for line in sorted(lines, key=len, reverse=True))
            line_re = re.compile(rf"\n(?:{body})(?=\n|\Z)")
            first_re = re.compile(rf"(?:{body})(?=\n|\Z)")
            per_line: Counter = Counter()
            for i in rows:
                text = texts[i]
                if not isinstance(text, str):
                    continue
                removed: set[str] = set()
                texts[i] = _drop_lines(text, line_re, first_re, removed)
                if removed:
                    flags[i] |= _BIT["repeated_lines"]
                    per_line.update(removed)
            outlet_name = None if outlet is None else str(outlet)
            repeated += [{"outlet": outlet_name, "line": line, "documents": count}
                         for line, count in per_line.items()]
            logger.info("outlet %r: removed %d repeated lines", outlet, len(per_line))

    furniture = {"inline": [], "templates": []}
    if (settings.inline_furniture or settings.template_lines) and n:
        texts, furniture = _furniture_steps(texts, documents["outlet"].tolist(), settings, flags)
    subheadings = [
        "\n".join(find_subheadings(t, max_words=settings.subheading_max_words))
        if isinstance(t, str) else "" for t in texts
    ]
    index = documents.index
    return (pd.Series(titles, index=index, dtype=documents["title"].dtype),
            pd.Series(texts, index=index, dtype=documents["text"].dtype),
            subheadings, flags, boilerplate, repeated, furniture)


def _run_polars(documents: pd.DataFrame, settings: NormalizationSettings, fixed=None):
    """The column engine (see "the Polars engine" above); ``fixed``: steps
    1-6 done already, as :func:`_fix_columns` returns them."""
    import numpy as np

    plan = _plan(settings)
    if fixed is None:
        fixed = _fix_columns(_to_polars(documents["title"]), _to_polars(documents["text"]), plan,
                             settings.boilerplate_lines)
    titles, texts, flags, boilerplate = fixed
    repeated: list[dict[str, Any]] = []
    if settings.repeated_lines and len(texts):
        texts, repeated = _drop_repeated_column(texts, documents["outlet"], settings, flags)
    furniture = {"inline": [], "templates": []}
    if (settings.inline_furniture or settings.template_lines) and len(texts):
        texts, furniture = _furniture_steps(texts, documents["outlet"].tolist(), settings, flags)
    subheadings = _subheadings_column(texts, settings.subheading_max_words)

    def back(column, like: pd.Series) -> pd.Series:
        # Arrow buffers straight into a pandas str column, no Python strings
        values = column.to_arrow().to_pandas(
            types_mapper=lambda _t: pd.StringDtype("pyarrow", na_value=np.nan))
        values.index = like.index
        return values if values.dtype == like.dtype else values.astype(like.dtype)

    return (back(titles, documents["title"]), back(texts, documents["text"]),
            subheadings, flags.tolist(), boilerplate, repeated, furniture)


def _furniture_steps(texts, outlets: list, settings: NormalizationSettings, flags):
    """Steps 8 and 9, shared by both engines; ``texts`` a list or a Polars Series.

    Sets the step bits in ``flags`` (a list or numpy array); returns the
    texts (of the type given) and the two report lists.
    """
    result = remove_furniture(
        texts, outlets, inline=settings.inline_furniture, templates=settings.template_lines,
        min_docs=settings.template_min_docs, min_share=settings.template_min_share,
        max_affix_words=settings.template_max_affix_words,
        min_affix_chars=settings.template_min_affix_chars,
        max_slot_words=settings.template_max_slot_words,
        min_purity=settings.template_min_purity)
    for name, rows in (("inline_furniture", result.inline_rows), ("template_lines", result.template_rows)):
        for i in rows:
            flags[i] |= _BIT[name]
    report = {"inline": result.inline, "templates": result.templates}
    if isinstance(texts, list):
        rows = sorted(set(result.inline_rows) | set(result.template_rows))
        texts = list(texts)
        for i, text in zip(rows, result.texts.gather(rows).to_list() if rows else []):
            texts[i] = text
        return texts, report
    return result.texts, report
