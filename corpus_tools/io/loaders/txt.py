"""Load a folder of plain-text articles: first non-empty line = title, the rest = text."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ...errors import EmptySourceError, InvalidRecordError, UnreadableSourceError
from ._common import (
    _AUTO, _POS, _REC, _SRC, RESERVED, LoadResult, OnInvalid, Problems, as_utf8, check_exists,
    decode_problem, discover_files, file_record, finish, name_problem, read_article, shown_path,
)

__all__ = ["load_txt_folder", "split_title"]

_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def split_title(text: str) -> tuple[str, str]:
    """Split an article into (title, body): the first non-empty line is the title.

    The title is stripped of surrounding spaces; the body keeps its text as
    written, without the blank lines that separate it from the title and
    without trailing whitespace.

    Examples
    --------
    >>> split_title("\\n  A title  \\n\\nFirst line.\\nSecond line.\\n")
    ('A title', 'First line.\\nSecond line.')
    """
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip():
            return line.strip(), _BLANK_LINES.sub("", "".join(lines[i + 1:])).rstrip()
    return "", ""


def _read_sidecar(path: Path, given: str, problems: Problems, pos_base: int):
    """Rows of a metadata CSV keyed by its ``file`` column."""
    data = path.read_bytes()
    why = decode_problem(data, "utf-8")
    if why:
        raise InvalidRecordError(why, source=given, record=path.name)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"), newline=""))
    names = reader.fieldnames or []
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:  # DictReader would keep only the last of them
        raise UnreadableSourceError(f"duplicate column name {repeated[0]!r} in the header: one "
                                    "column would overwrite the other", source=given, record="line 1")
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise InvalidRecordError(
            f"the metadata file needs a 'file' column (has {reader.fieldnames})",
            source=given, record="line 1")
    rows: dict[str, tuple[dict, str, int]] = {}
    start = 2
    for k, row in enumerate(reader, start=1):
        label = f"line {start}"
        start = reader.line_num + 1
        name = (row.pop("file") or "").strip()
        row.pop(None, None)  # cells beyond the header: csv puts them under None
        if not name:
            problems.add(pos_base + k, given, label, "metadata row with no file name")
        elif name in rows:
            problems.add(pos_base + k, given, label,
                         f"metadata row repeats file {name!r} (first at {rows[name][1]})")
        else:
            rows[name] = (row, label, pos_base + k)
    return rows, list(reader.fieldnames)


def load_txt_folder(
    path: str | Path,
    *,
    metadata: str | Path | None = None,
    outlet: str | None = None,
    encoding: str = "utf-8",
    on_invalid: OnInvalid = "raise",
    pattern: str = "**/*.txt",
    dayfirst: bool | None = None,
    date_format: str | None = None,
) -> LoadResult:
    """Load a folder of ``.txt`` articles.

    Parameters
    ----------
    path : str or Path
        The folder (or a single ``.txt`` file).
    metadata : str or Path, optional
        A CSV with one row per article and a ``file`` column holding the
        file's path relative to the folder (``"bbc/a.txt"``; the bare name
        for files at the top). Its other columns become fields; ``doc_id``,
        ``outlet`` and ``date`` columns fill those documents columns, and
        ``title``/``text`` columns are kept as ``title_orig``/``text_orig``.
        Default: ``metadata.csv`` in the folder, if present. A metadata row
        whose file is not loaded, and a file without a row, are bad records.
    outlet : str, optional
        The outlet where the metadata gives none. It takes precedence over
        the folder guess below, because it is an explicit choice.
    encoding : str, default="utf-8"
        Encoding of the articles (a UTF-8 byte-order mark is dropped).
    on_invalid : {"raise", "skip"}, default="raise"
        Raise :class:`~corpus_tools.errors.InvalidRecordError` at the first bad
        file, or skip it and list it in ``LoadResult.skipped``.
    pattern : str, default="**/*.txt"
        Glob, relative to ``path``, selecting the article files.
    dayfirst : bool, optional
        Read numeric dates (``03/02/2020``, ``04.03.2020``) day-first (True)
        or month-first (False). Default: decided once for the whole load
        from the values that can only be read one way; contradicting values
        raise :class:`~corpus_tools.errors.DateFormatError` (in both modes).
        The order used is stated in ``sources[i]["date_order"]``.
    date_format : str, optional
        A ``strptime`` format for every date (``"%d.%m.%Y"``); overrides
        ``dayfirst``. A value that does not match is an unparseable date.

    Returns
    -------
    LoadResult

    Notes
    -----
    - ``title`` is the first non-empty line, ``text`` the rest (see
      :func:`split_title`); texts are otherwise untouched.
    - ``doc_id`` is the path relative to the folder, without extension and
      with ``/`` separators (``"bbc/2020/a"``), unless the metadata gives one.
    - ``outlet``: metadata value, else ``outlet=``, else the first folder
      level below ``path`` (``bbc/2020/a.txt`` -> ``"bbc"``); a file at the
      top with none of these loads with the outlet missing, and one warning
      says how to set it.
    - Bad files: undecodable bytes, NUL bytes (binary), no text after the
      title, no metadata row (when a metadata file is used).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import corpus_tools as ct
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "bugle").mkdir()
    >>> _ = (folder / "bugle" / "web.txt").write_text("Web found\\n\\nA web was found.\\n")
    >>> docs = ct.load_txt_folder(folder).documents
    >>> docs[["doc_id", "outlet", "title", "text"]].values.tolist()
    [['bugle/web', 'bugle', 'Web found', 'A web was found.']]
    """
    problems = Problems(on_invalid, "load_txt_folder")
    given = str(path)
    root = check_exists(Path(path), "load_txt_folder")
    folder = root if root.is_dir() else root.parent
    sidecar_path = Path(metadata) if metadata is not None else folder / "metadata.csv"
    files, root = discover_files(root, pattern, problems, given, known=frozenset({sidecar_path}))
    if not files:
        raise EmptySourceError(f"{given}: no files matching {pattern!r} (no articles to load; "
                               f"{len(problems.rows) + len(problems.notes)} other files)")

    sources = []
    sidecar_rows: dict[str, tuple[dict, str, int]] = {}
    sidecar_cols: list[str] = []
    use_sidecar = metadata is not None or sidecar_path.is_file()
    sidecar_given = str(metadata) if metadata is not None else str(sidecar_path)
    if use_sidecar:
        check_exists(sidecar_path, "load_txt_folder")
        sources.append(file_record(sidecar_path, sidecar_given, "csv"))
        # Sidecar problems sort after all files (positions past the last file).
        sidecar_rows, sidecar_cols = _read_sidecar(sidecar_path, sidecar_given, problems,
                                                   len(files) + 1)
    meta_cols = [c for c in sidecar_cols if c != "file"]
    renamed = {c: (f"{c}_orig" if c in ("title", "text", "date_raw") else
                   "date_raw" if c == "date" else c) for c in meta_cols}

    raw: dict[str, list] = {k: [] for k in
                            ("doc_id", "outlet", "title", "text", "date_raw",
                             _SRC, _REC, _POS, _AUTO)}
    for c in meta_cols:
        if renamed[c] not in RESERVED:
            raw.setdefault(renamed[c], [])
    for k, file in enumerate(files, start=1):
        rel = file.relative_to(root).as_posix()
        shown = shown_path(Path(given) / file.relative_to(root) if Path(given).is_dir() else given)
        why = name_problem(rel)
        if why:
            problems.add(k, shown, shown_path(file.name), why)
            continue
        data = read_article(file, shown, problems, k, rel.rsplit(".", 1)[0])
        if data is None:
            continue
        sources.append(file_record(file, shown, "txt"))
        file_encoding = encoding
        try:
            data, declared = as_utf8(data, encoding, shown)
        except UnreadableSourceError as exc:
            declared, why = None, exc.problem
        if declared:
            file_encoding, sources[-1]["encoding"] = "utf-8", declared
        why = why or decode_problem(data, file_encoding)
        if why:
            problems.add(k, shown, file.name, why, rel.rsplit(".", 1)[0])
            continue
        row = None
        if use_sidecar:
            entry = sidecar_rows.get(rel)
            if entry is None:
                problems.add(k, shown, file.name,
                             f"no row for this file in the metadata file {sidecar_given}",
                             rel.rsplit(".", 1)[0])
                continue
            row = entry[0]
        text = data.decode(file_encoding)
        if text.startswith("\ufeff"):
            text = text[1:]
        title, body = split_title(text)
        parts = file.relative_to(root).parts
        guess = parts[0] if len(parts) > 1 else None
        row = row or {}
        given_outlet = (row.get("outlet") or "").strip() or outlet or guess
        raw["doc_id"].append((row.get("doc_id") or "").strip() or rel.rsplit(".", 1)[0])
        raw["outlet"].append(given_outlet)
        raw["title"].append(title)
        raw["text"].append(body)
        raw["date_raw"].append(row.get("date"))
        for c in meta_cols:
            if renamed[c] not in RESERVED:
                raw[renamed[c]].append(row.get(c))
        raw[_SRC].append(shown)
        raw[_REC].append(file.name)
        raw[_POS].append(k)
        raw[_AUTO].append(rel)
    loaded = {f.relative_to(root).as_posix() for f in files}
    for name, (_row, label, pos) in sidecar_rows.items():
        if name not in loaded:
            problems.add(pos, sidecar_given, label,
                         f"metadata row for {name!r}: no such article file under {given}")
    no_outlet = sum(o is None for o in raw["outlet"])
    result = finish(raw, problems, what=f"load_txt_folder({given!r})", outlet=None if not no_outlet else "",
                    sources=sources, dayfirst=dayfirst, date_format=date_format)
    if no_outlet:
        _warn_no_outlet(result, no_outlet, len(raw["outlet"]), given)
    return result


def _warn_no_outlet(result: LoadResult, missing: int, total: int, given) -> None:
    """Leave the outlet of files that name none missing, and say once how to set it.

    A folder of plain articles often has no outlet at all; that is not a bad
    record (the texts are fine), so they load with the outlet missing.
    """
    import logging

    docs = result.documents
    docs["outlet"] = docs["outlet"].mask(docs["outlet"] == "")
    logging.getLogger(__name__).warning(
        "%d of %d .txt files under %s give no outlet: loaded with the outlet missing. Set one for "
        "all with --outlet NAME (outlet= in Python), per file with an 'outlet' column in --metadata, "
        "or put each outlet's files in a subfolder named after it.", missing, total, given)
