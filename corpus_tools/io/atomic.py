"""Atomic, owned output: folders and files that appear complete or not at all.

A folder (a saved corpus, a ``corpus-tools run`` output) is written into a
temporary sibling ``.NAME.tmp-PID-RANDOM`` and moved into place only when
complete. Replacing an existing folder renames the old one aside
(``.NAME.old-PID-RANDOM``), renames the new one in, then deletes the old one,
so a failure at any moment leaves the old folder or the new one, never a mix.
A lock file ``.NAME.lock`` beside the folder stops a second writer.

How "ours" is known: a folder is ours when it holds the marker file its
writer names (``corpus.json`` whose ``"format"`` is ``"corpus_tools corpus"``,
or ``manifest.json`` whose ``"format"`` is ``"corpus_tools pipeline
manifest"``); a table file is ours when its ``.meta.json`` sidecar says
``"format": "corpus_tools table"`` and names that file. Anything else that
exists (a non-empty folder, a file) is refused and left untouched; an empty
folder may be used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
from pathlib import Path

from ..errors import OutputError, OutputLockedError

__all__ = ["atomic_file", "atomic_folder", "file_sha256", "folder_lock", "has_marker"]


def file_sha256(path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks; how a sidecar or manifest knows a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes(b"abc")
    >>> file_sha256(path)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def has_marker(folder: Path, marker: str, fmt: str) -> bool:
    """Does ``folder/marker`` exist and hold JSON whose ``"format"`` is ``fmt``?

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> has_marker(folder, "corpus.json", "corpus_tools corpus")
    False
    >>> _ = (folder / "corpus.json").write_text('{"format": "corpus_tools corpus"}')
    >>> has_marker(folder, "corpus.json", "corpus_tools corpus")
    True
    """
    try:
        meta = json.loads((Path(folder) / marker).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == fmt


@contextlib.contextmanager
def folder_lock(dest: Path, what: str):
    """Hold ``.NAME.lock`` beside ``dest``; a second holder gets :class:`OutputLockedError`.

    An OS lock (``flock``) is used where there is one, so a killed writer
    never leaves a lock that blocks the next one.
    """
    dest = Path(dest)
    lock = dest.parent / f".{dest.name}.lock"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: an exclusive create instead
        fcntl = None
    if fcntl is None:  # pragma: no cover
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise OutputLockedError(f"{dest}: another process is writing this {what} "
                                    f"(lock file {lock}); wait for it, or delete the lock if none is") from None
        try:
            yield
        finally:
            os.close(fd)
            lock.unlink(missing_ok=True)
        return
    while True:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLockedError(f"{dest}: another process is writing this {what} (lock {lock})") from None
        # The holder before us may have deleted the file after we opened it:
        # then our lock is on a dead inode; take the new file instead.
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def _check_destination(dest: Path, *, overwrite: bool, is_ours, what: str, force_hint: str) -> None:
    """Refuse a destination that is not ours, or ours without ``overwrite``."""
    try:  # missing parent folders are made, as a plain mkdir -p would
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{dest}: cannot make the folder it goes in ({error.strerror}: "
                          f"{error.filename or dest.parent})") from None
    if not dest.exists():
        return
    if not dest.is_dir():
        raise OutputError(f"{dest}: is a file, not a folder; refusing to write a {what} there")
    if not any(dest.iterdir()):
        return
    if not is_ours(dest):
        raise OutputError(f"{dest}: the folder is not empty and holds no {what} of corpus_tools; "
                          f"refusing to write there (nothing in it was touched)")
    if not overwrite:
        raise OutputError(f"{dest}: already holds a {what}; {force_hint} to replace it")


def _recover(dest: Path) -> None:
    """Undo what a killed writer left: restore an old folder moved aside, drop temporaries."""
    # Oldest first by change time (a rename sets it): the last one moved aside is the newest corpus.
    leftovers = sorted(dest.parent.glob(f".{dest.name}.old-*"), key=lambda p: p.stat().st_ctime_ns)
    if not dest.exists() and leftovers:
        # Killed between moving the old folder aside and the new one in.
        os.rename(leftovers.pop(), dest)
    for path in leftovers + sorted(dest.parent.glob(f".{dest.name}.tmp-*")):
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def atomic_folder(dest, *, overwrite: bool = False, is_ours, what: str = "corpus",
                  force_hint: str = "pass overwrite=True"):
    """Write a folder atomically: yields a temporary sibling, moved to ``dest`` on success.

    Parameters
    ----------
    dest : str or Path
        The folder to write; missing parent folders are made.
    overwrite : bool, default=False
        Replace ``dest`` if it already holds a folder of ours.
    is_ours : callable
        ``is_ours(folder) -> bool``: does an existing folder hold our output?
    what : str
        What is written, for messages ("corpus", "run output").
    force_hint : str
        How to allow replacing, for the message ("pass --force").

    Raises
    ------
    OutputError
        When ``dest`` is a file, a non-empty folder not ours, or ours
        without ``overwrite``; nothing in it is touched.
    OutputLockedError
        When another process is writing ``dest``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_folder(dest, is_ours=lambda f: True) as tmp:
    ...     _ = (tmp / "a.txt").write_text("a")
    >>> sorted(p.name for p in dest.iterdir())
    ['a.txt']
    """
    dest = Path(dest)
    _check_destination(dest, overwrite=overwrite, is_ours=is_ours, what=what, force_hint=force_hint)
    with folder_lock(dest, what):
        _recover(dest)
        # Checked again under the lock: another writer may have finished meanwhile.
        _check_destination(dest, overwrite=overwrite, is_ours=is_ours, what=what, force_hint=force_hint)
        tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        tmp.mkdir()
        try:
            yield tmp
            _swap_in(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _swap_in(tmp: Path, dest: Path) -> None:
    """Old aside, new in, old deleted: at every moment one complete folder exists."""
    old = None
    if dest.exists():
        old = dest.parent / f".{dest.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
        os.rename(dest, old)
    try:
        os.rename(tmp, dest)
    except BaseException:
        if old is not None:
            os.rename(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(dest):
    """Yield a temporary path in ``dest``'s folder; ``os.replace`` it onto ``dest`` on success.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> with atomic_file(dest) as tmp:
    ...     _ = tmp.write_text("done")
    >>> dest.read_text()
    'done'
    """
    dest = Path(dest)
    tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
