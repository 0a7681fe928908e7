"""Caption, credit and furniture lines: the web page around the article.

Two steps of :func:`corpus_tools.text.normalize.normalize_documents` live
here; both work on plain Python strings, so that the two engines of
``normalize_documents`` call the same code and give the same output.

1. Inline furniture (:func:`cut_inline_furniture`): fixed page labels that
   sit *inside* a line of prose, such as NPR's ``Enlarge this image toggle
   caption <credit> <credit>`` before a paragraph, ``hide caption``, the
   BBC's ``Image copyright <credit> Image caption``, or CNN's ``JUST WATCHED
   <title> Replay More Videos ... MUST WATCH <title> 03:08``. The label and
   its credit are cut out; the prose around them stays. The phrases are the
   data table :data:`INLINE_FURNITURE`.
2. Template lines (:func:`find_templates`, :func:`drop_template_lines`):
   per outlet, lines made of a fixed part (the *affix*: the first or the
   last few words) and a short varying part (the *slot*), where the affix
   recurs in many of the outlet's documents: ``Sign up for Daily
   Newsletters ...``, ``(Reporting by <name>; Editing by <name>)``,
   ``Slideshow (5 Images)``. Exact repeats are the ``repeated_lines`` step's
   job; these lines differ from one document to the next, so that step
   misses them.

A prose sentence that merely starts like a template is kept: its slot is
longer than ``max_slot_words``; and an affix that also starts many long
(prose) lines of the outlet is not a template at all (``min_purity``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

__all__ = ["INLINE_FURNITURE", "FurnitureResult", "Template", "cut_inline_furniture",
           "drop_template_lines", "drop_templates_by_outlet", "find_templates", "remove_furniture"]

# A photo credit: one to five words (names) joined to an agency by "/",
# e.g. "Win McNamee/Getty Images", "Jim Watson/AFP/Getty Images",
# "Liz Halloran /NPR"; or an agency on its own ("AP", "Getty Images").
_AGENCY = (r"(?:AP(?: Photos?| Images)?|AFP|Getty Images|Reuters|EPA|NPR|Landov|Corbis|"
           r"Bloomberg|Pool|Redux|UPI|iStockphoto|Shutterstock)")
_SLASH_CREDIT = (r"(?:[^\s/]+ ){0,4}[^\s/]+ ?/ ?[^\s/]+(?:/[^\s/]+)*(?: Images| Photos?)?"
                 r"(?: via [^\s/]+(?: [^\s/]+)?)?")
_CREDIT = rf"(?:{_SLASH_CREDIT}|{_AGENCY})"

#: Page furniture cut out of lines: (name, literals, Python regex). A
#: pattern runs only on texts that contain one of its literals (a substring
#: scan is far cheaper than a regex). Labels are case-sensitive, written as
#: the pages write them, so that the same words in a sentence ("they toggle
#: caption settings") stay; within a name the fuller form comes first. A
#: label takes one space next to it along.
INLINE_FURNITURE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # NPR prints the credit twice, which pins the credit's end exactly
    ("toggle caption", ("toggle caption",),
     r"(?:Enlarge this image )?toggle caption (\S(?:[^\n]{0,100}?\S)?) \1(?= |$)"
     rf"|(?:Enlarge this image )?toggle caption(?: {_CREDIT}(?= |$)|(?=\n|$))"
     r"|Enlarge this image toggle caption"),
    ("Enlarge this image", ("Enlarge this image",), r"Enlarge this image"),
    ("hide caption", ("ide caption", "ide Caption"), r"[Hh]ide [Cc]aption(?: \d+ of \d+)?(?: Photos:)?"),
    ("slideshow controls", ("Previous Next", "View slideshow"),
     r"Previous Next|\d+ of \d+ i View slideshow"),
    ("Image copyright", ("Image copyright",),
     r"Image copyright(?: (?:(?!Image caption)\S+ ?){1,6}?(?= Image caption|$))?"),
    ("Image caption", ("Image caption",), r"Image caption"),
    # CNN prints the video's title twice, then its length
    ("JUST WATCHED", ("JUST WATCHED", "MUST WATCH"),
     r"JUST WATCHED ([^\n]{1,200}?) Replay More Videos \.\.\. MUST WATCH \1(?: \d+:\d\d)?"
     r"|JUST WATCHED|Replay More Videos \.\.\.|MUST WATCH"),
    ("Photos:", ("Photos: ",), r"^(?:Photos: )+"),
    ("Story highlights", ("Story highlights",), r"^Story highlights"),
    ("photo credit", ("/", "Photo"),
     rf"\((?:AP Photo|Photo: )[^()\n]{{0,80}}\)|\| {_CREDIT}$|^{_SLASH_CREDIT}$"),
)


@dataclass(frozen=True)
class _Furniture:
    name: str
    literals: tuple[str, ...]
    regex: re.Pattern


def _compile(entry: tuple[str, tuple[str, ...], str]) -> _Furniture:
    name, literals, pattern = entry
    # at a word's start; one space after the label (or before it, at a line end) goes too
    rx = re.compile(rf"(?:(?<=[ \n])|^)(?:{pattern})(?: |(?=\n|$))|(?<= )(?:{pattern})(?=\n|$)",
                    re.MULTILINE)
    return _Furniture(name, literals, rx)


_FURNITURE = tuple(_compile(entry) for entry in INLINE_FURNITURE)
_BLANKS = re.compile("\n{3,}")


def cut_inline_furniture(text: str) -> tuple[str, Counter]:
    """Cut the labels of :data:`INLINE_FURNITURE` out of a text.

    Parameters
    ----------
    text : str
        A body (lines separated by ``"\\n"``).

    Returns
    -------
    text : str
        The text without the labels. Lines left empty are removed, spaces at
        the edges of the lines that lost a label are stripped, and three or
        more line ends become two.
    cut : collections.Counter
        How many times each furniture name was cut.

    Examples
    --------
    >>> text = "Enlarge this image toggle caption Jo Doe/Getty Images Jo Doe/Getty Images The bill passed."
    >>> cut_inline_furniture(text)
    ('The bill passed.', Counter({'toggle caption': 1}))
    >>> cut_inline_furniture("They toggle caption settings.")[0]
    'They toggle caption settings.'
    """
    cut: Counter = Counter()
    new = text
    for item in _FURNITURE:
        if any(literal in new for literal in item.literals):
            new, count = item.regex.subn("", new)
            if count:
                cut[item.name] += count
    if not cut:
        return text, cut
    new = "\n".join(line.strip(" ") for line in new.split("\n"))
    return _BLANKS.sub("\n\n", new).strip("\n"), cut


# --------------------------------------------------------------------------
# template lines

#: An affix is widened to a longer one (one more word) while the longer one
#: still covers at least this share of the shorter one's documents, so that
#: "Enlarge this image toggle caption" is named in full, not as "Enlarge this".
_WIDEN_SHARE = 0.5


@dataclass(frozen=True)
class Template:
    """A line template of one outlet: a fixed affix and a short varying slot.

    Attributes
    ----------
    kind : {"prefix", "suffix"}
        Whether the affix is the first or the last words of the line.
    affix : str
        The fixed words, joined by single spaces.
    documents : int
        Documents of the outlet with a line of this template.
    purity : float
        Share of the outlet's lines that start (or end) with the affix that
        have a short slot.
    """

    kind: str
    affix: str
    documents: int
    purity: float

    @property
    def label(self) -> str:
        """The template as the report names it: ``"affix …"`` or ``"… affix"``.

        Examples
        --------
        >>> Template("suffix", "contributed to this report.", 9, 1.0).label
        '… contributed to this report.'
        """
        return f"{self.affix} …" if self.kind == "prefix" else f"… {self.affix}"


@dataclass(frozen=True)
class _Params:
    min_docs: int
    min_share: float
    max_affix_words: int
    min_affix_chars: int
    max_slot_words: int
    min_purity: float


#: Words that do not make an affix a template on their own: "What is the
#: ..." opens subheadings in many outlets, not page furniture.
_FUNCTION_WORDS = frozenset("""
a an the this that these those it its it's is are was were be been has have had do does did
what what's who whose which when where why how here there i we you he she they me us him her them
my our your his their of in on at to for from by with as and or but not no so if than then
""".split())


def _keys(words: list[str], params: _Params) -> list[tuple[int, int, str]]:
    """(kind, k, affix) for the prefixes (kind 0) and suffixes (kind 1) of a line."""
    n = len(words)
    out = []
    plain = [True, True]  # the affix so far is function words only
    for k in range(1, min(params.max_affix_words, n) + 1):
        plain[0] = plain[0] and words[k - 1].lower() in _FUNCTION_WORDS
        plain[1] = plain[1] and words[n - k].lower() in _FUNCTION_WORDS
        prefix = " ".join(words[:k])
        if len(prefix) >= params.min_affix_chars and not plain[0]:
            out.append((0, k, prefix))
        suffix = " ".join(words[n - k:])
        if len(suffix) >= params.min_affix_chars and not plain[1]:
            out.append((1, k, suffix))
    return out


def _best(keys, docs: Counter, needed: int) -> dict[int, tuple[int, str]]:
    """For each kind, the affix of a line that names its template (see _WIDEN_SHARE)."""
    best: dict[int, tuple[int, str]] = {}
    base: dict[int, int] = {}
    for kind, k, affix in keys:  # k ascending within each kind
        count = docs.get((kind, affix), 0)
        if count < needed:
            continue
        if kind not in base:
            base[kind] = count
            best[kind] = (k, affix)
        elif count >= _WIDEN_SHARE * base[kind]:
            best[kind] = (k, affix)
    return best


def _outlet_lines(texts: Sequence[Any]) -> list[list[str]]:
    """The distinct non-empty lines of each text, in first-seen order."""
    return [list(dict.fromkeys(t.split("\n"))) if isinstance(t, str) else [] for t in texts]


def find_templates(texts: Sequence[Any], *, min_docs: int = 5, min_share: float = 0.05,
                   max_affix_words: int = 6, min_affix_chars: int = 10,
                   max_slot_words: int = 12, min_purity: float = 0.8) -> list[Template]:
    """Find the line templates among the texts of one outlet.

    A template is an affix (the first or last 1 to ``max_affix_words``
    words of a line, at least ``min_affix_chars`` characters) such that

    - lines made of the affix and a slot of at most ``max_slot_words`` words
      occur in at least ``max(min_docs, ceil(min_share * len(texts)))``
      documents, and
    - at least ``min_purity`` of the outlet's lines that start (or end) with
      the affix have such a short slot: an affix that also opens many
      longer lines is how prose starts, not a template.

    Parameters
    ----------
    texts : sequence of str or None
        The bodies of one outlet (missing ones are skipped).
    min_docs, min_share, max_affix_words, min_affix_chars, max_slot_words, min_purity
        See above and :class:`~corpus_tools.text.normalize.NormalizationSettings`.

    Returns
    -------
    list of Template
        Sorted by kind, then affix.

    Examples
    --------
    >>> names = ["Ann Lee", "Bo Chan", "Cy Roe", "Di Park", "Ed Moss", "Flo Ray"]
    >>> texts = [f"Story {i} is here.\\n\\nPhoto credit: {name}" for i, name in enumerate(names)]
    >>> [t.label for t in find_templates(texts)]
    ['Photo credit: …']
    """
    params = _Params(min_docs, min_share, max_affix_words, min_affix_chars, max_slot_words,
                     min_purity)
    templates, _lines = _templates(_outlet_lines(texts), params)
    return sorted(templates.values(), key=lambda t: (t.kind, t.affix))


def _templates(doc_lines: list[list[str]], params: _Params):
    """The templates, and for each document its lines that fit one: [(line, (kind, affix))]."""
    needed = max(params.min_docs, math.ceil(params.min_share * len(doc_lines)))
    if sum(1 for lines in doc_lines if lines) < needed:
        return {}, []
    longest = params.max_affix_words + params.max_slot_words
    short: list[list[tuple[str, list]]] = []  # per document: (line, its keys)
    docs: Counter = Counter()
    for lines in doc_lines:
        mine = []
        seen: set = set()
        for line in lines:
            # a cheap length test first: most lines are long paragraphs
            if not line or len(line) > 12 * longest:
                continue
            words = line.split()
            if not words or len(words) > longest:
                continue
            keys = _keys(words, params)
            mine.append((line, len(words), keys))
            seen.update((kind, affix) for kind, _k, affix in keys)
        short.append(mine)
        docs.update(seen)
    docs = Counter({key: n for key, n in docs.items() if n >= needed})
    if not docs:
        return {}, []
    # each short line's template candidate, and the documents with a short slot
    fits: list[list[tuple[str, tuple[int, str]]]] = []
    shaped_docs: Counter = Counter()
    for mine in short:
        found = []
        for line, n_words, keys in mine:
            for kind, (k, affix) in sorted(_best(keys, docs, needed).items()):
                if n_words - k <= params.max_slot_words:
                    found.append((line, (kind, affix)))
                    break
        fits.append(found)
        shaped_docs.update({key for _line, key in found})
    candidates = {key for key, n in shaped_docs.items() if n >= needed}
    if not candidates:
        return {}, []
    purity = _purity(doc_lines, candidates, params)
    kinds = ("prefix", "suffix")
    templates = {key: Template(kinds[key[0]], key[1], shaped_docs[key], purity[key])
                 for key in candidates if purity[key] >= params.min_purity}
    kept = [[(line, key) for line, key in found if key in templates] for found in fits]
    return templates, kept


def _purity(doc_lines, candidates, params: _Params) -> dict[tuple[int, str], float]:
    """For each candidate affix: the share of the lines with it whose slot is short."""
    starts = tuple(affix for kind, affix in candidates if kind == 0)
    ends = tuple(affix for kind, affix in candidates if kind == 1)
    every: Counter = Counter()
    good: Counter = Counter()
    for lines in doc_lines:
        for line in lines:
            # str.startswith with a tuple: one C call per line rules out almost all
            if starts and line.startswith(starts):
                for affix in starts:
                    if line.startswith(affix) and line[len(affix):len(affix) + 1] in ("", " "):
                        _count((0, affix), line, every, good, params)
            if ends and line.endswith(ends):
                for affix in ends:
                    if line.endswith(affix) and line[-len(affix) - 1:-len(affix)] in ("", " "):
                        _count((1, affix), line, every, good, params)
    return {key: good[key] / every[key] if every[key] else 0.0 for key in candidates}


def _count(key, line: str, every: Counter, good: Counter, params: _Params) -> None:
    every[key] += 1
    if len(line.split()) - len(key[1].split()) <= params.max_slot_words:
        good[key] += 1


def drop_template_lines(texts: Sequence[Any], *, min_docs: int = 5, min_share: float = 0.05,
                        max_affix_words: int = 6, min_affix_chars: int = 10,
                        max_slot_words: int = 12, min_purity: float = 0.8,
                        ) -> tuple[list[Any], list[dict[str, Any]]]:
    """Remove the lines that fit a template of :func:`find_templates` (one outlet).

    Parameters
    ----------
    texts : sequence of str or None
        The bodies of one outlet.
    min_docs, min_share, max_affix_words, min_affix_chars, max_slot_words, min_purity
        As for :func:`find_templates`.

    Returns
    -------
    texts : list
        The texts without the template lines (a ``None`` stays ``None``);
        three or more line ends left behind become two, and the text is
        stripped of line ends. Texts that lose nothing are the same objects. A
        text made only of template lines is left whole.
    removed : list of dict
        One ``{"template", "documents", "lines"}`` per template that removed
        something: its label (see :attr:`Template.label`), the documents
        that lost a line of it, and the lines removed.

    Examples
    --------
    >>> names = ["Ann Lee", "Bo Chan", "Cy Roe", "Di Park", "Ed Moss", "Flo Ray"]
    >>> texts = [f"Story {i} is here.\\n\\nPhoto credit: {name}" for i, name in enumerate(names)]
    >>> texts.append("Photo credit: for the picture above goes to the neighbour who stood on the roof at dawn.")
    >>> new, removed = drop_template_lines(texts)
    >>> new[0], new[-1] == texts[-1]
    ('Story 0 is here.', True)
    >>> removed
    [{'template': 'Photo credit: …', 'documents': 6, 'lines': 6}]
    """
    params = _Params(min_docs, min_share, max_affix_words, min_affix_chars, max_slot_words,
                     min_purity)
    return _drop(list(texts), _outlet_lines(texts), params)


def _drop(texts: list[Any], doc_lines: list[list[str]], params: _Params):
    templates, kept = _templates(doc_lines, params)
    if not templates:
        return texts, []
    docs: Counter = Counter()
    lines: Counter = Counter()
    for i, found in enumerate(kept):
        if not found:
            continue
        drop = {line for line, _key in found}
        if len(drop) == len(doc_lines[i]) - ("" in doc_lines[i]):
            continue  # a document of template lines only: nothing would be left to study
        # every copy of a dropped line goes, as in the repeated-lines step
        new = "\n".join(line for line in texts[i].split("\n") if line not in drop)
        texts[i] = _BLANKS.sub("\n\n", new).strip("\n")
        keys = [key for _line, key in found]
        docs.update(set(keys))
        lines.update(keys)
    removed = [{"template": templates[key].label, "documents": docs[key], "lines": lines[key]}
               for key in sorted(docs)]
    return texts, removed


def drop_templates_by_outlet(texts: list[Any], outlets: Sequence[Any], **params: Any):
    """:func:`drop_template_lines` for each outlet of a corpus.

    Parameters
    ----------
    texts : list of str or None
        All bodies; not changed.
    outlets : sequence
        The outlet of each text (missing outlets form one group).
    **params
        As for :func:`find_templates`.

    Returns
    -------
    texts : list
        The new bodies.
    changed : list of int
        Positions of the texts that lost a line.
    removed : list of dict
        ``{"outlet", "template", "documents", "lines"}`` per outlet and template.

    Examples
    --------
    >>> names = ["Ann Lee", "Bo Chan", "Cy Roe", "Di Park", "Ed Moss", "Flo Ray"]
    >>> texts = [f"Story {i}.\\n\\nPhoto credit: {name}" for i, name in enumerate(names)]
    >>> texts.append("Photo credit: Bo")
    >>> new, changed, removed = drop_templates_by_outlet(texts, ["X"] * 6 + ["Y"])
    >>> changed, new[-1], removed[0]["outlet"]
    ([0, 1, 2, 3, 4, 5], 'Photo credit: Bo', 'X')
    """
    p = _Params(**params) if params else _Params(5, 0.05, 6, 10, 12, 0.8)
    groups: dict[Any, list[int]] = defaultdict(list)
    for i, outlet in enumerate(outlets):
        groups[None if _missing(outlet) else outlet].append(i)
    out = list(texts)
    changed: list[int] = []
    removed: list[dict[str, Any]] = []
    for outlet, rows in groups.items():
        mine = [out[i] for i in rows]
        new, entries = _drop(list(mine), _outlet_lines(mine), p)
        if not entries:
            continue
        for i, old, text in zip(rows, mine, new):
            if text is not old:
                out[i] = text
                changed.append(i)
        name = None if outlet is None else str(outlet)
        removed += [{"outlet": name, **entry} for entry in entries]
    return out, sorted(changed), removed


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)  # NaN and pandas.NA
    except TypeError:
        return value is None


@dataclass(frozen=True)
class FurnitureResult:
    """What :func:`remove_furniture` returns.

    Attributes
    ----------
    texts : list
        The new bodies.
    inline_rows, template_rows : list of int
        Positions of the texts changed by each step.
    inline : list of dict
        ``{"outlet", "furniture", "documents", "cuts"}``, most documents first.
    templates : list of dict
        ``{"outlet", "template", "documents", "lines"}``, most documents first.
    """

    texts: list
    inline_rows: list
    template_rows: list
    inline: list
    templates: list


def remove_furniture(texts: Sequence[Any], outlets: Sequence[Any], *, inline: bool = True,
                     templates: bool = True, **params: Any) -> FurnitureResult:
    """Cut inline furniture from each text, then drop each outlet's template lines.

    Parameters
    ----------
    texts : sequence of str or None
        The bodies; not changed.
    outlets : sequence
        The outlet of each body (missing outlets form one group).
    inline, templates : bool, default=True
        Run :func:`cut_inline_furniture` and :func:`drop_templates_by_outlet`.
    **params
        The template thresholds of :func:`find_templates`.

    Returns
    -------
    FurnitureResult

    Examples
    --------
    >>> result = remove_furniture(["Law passed. hide caption", None], ["X", "X"])
    >>> result.texts, result.inline
    (['Law passed.', None], [{'outlet': 'X', 'furniture': 'hide caption', 'documents': 1, 'cuts': 1}])
    """
    out = list(texts)
    inline_rows: list[int] = []
    cut_docs: Counter = Counter()
    cut_count: Counter = Counter()
    if inline:
        for i, text in enumerate(out):
            if not isinstance(text, str):
                continue
            new, cut = cut_inline_furniture(text)
            if cut:
                out[i] = new
                inline_rows.append(i)
                outlet = None if _missing(outlets[i]) else str(outlets[i])
                for name, count in cut.items():
                    cut_docs[(outlet, name)] += 1
                    cut_count[(outlet, name)] += count
    report_inline = [{"outlet": outlet, "furniture": name, "documents": n,
                      "cuts": cut_count[(outlet, name)]}
                     for (outlet, name), n in cut_docs.items()]
    report_inline.sort(key=lambda r: (-r["documents"], str(r["outlet"]), r["furniture"]))
    template_rows: list[int] = []
    removed: list[dict[str, Any]] = []
    if templates:
        out, template_rows, removed = drop_templates_by_outlet(out, outlets, **params)
        removed.sort(key=lambda r: (-r["documents"], str(r["outlet"]), r["template"]))
    return FurnitureResult(out, inline_rows, template_rows, report_inline, removed)
