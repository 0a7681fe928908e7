"""Exact and near-duplicate documents (syndicated wire copy, reposts).

Two documents are

- *exact* duplicates when their texts are equal after folding case
  (:meth:`str.lower`) and whitespace (every run of ASCII whitespace becomes
  one space, ends stripped);
- *near* duplicates when the Jaccard similarity of their sets of word
  shingles (``shingle_size`` consecutive words of the lower-cased text; a
  word is a run of ASCII letters, digits, "_" and non-ASCII characters, so
  punctuation does not count) is at least ``threshold``.

Run :func:`corpus_tools.text.normalize.normalize_documents` first, so that curly
and straight quotes or no-break and plain spaces do not tell copies apart.

Near-duplicate candidates come from MinHash signatures (one-permutation
hashing with optimal densification, see ``_signature``) and LSH banding
(``_candidate_pairs``), both vectorised in numpy; every candidate pair is then
checked with the true Jaccard similarity of the two shingle sets, so LSH
noise never merges documents. LSH can only miss a pair: the bands are chosen
so that a pair exactly at ``threshold`` becomes a candidate with probability
0.99 or more (1 - (1 - t**r)**b for b bands of r rows), and the chance of a
miss falls quickly above it. Clusters are the connected components of the
duplicate pairs, so two documents in one cluster may be less similar to each
other than ``threshold`` (A~B and B~C put A, B, C together).

Documents whose text is missing or blank are never clustered; a text without
any word can only be an exact duplicate.
"""

from __future__ import annotations

import hashlib
import itertools
import logging

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from corpus_tools._compat import STR_DTYPE
from corpus_tools._validation import check_number

logger = logging.getLogger(__name__)

__all__ = ["drop_duplicates", "find_duplicates"]

_COLUMNS = ["cluster_id", "doc_id", "kind", "representative", "similarity"]
_REMOVED_COLUMNS = ["doc_id", "cluster_id", "representative", "reason"]
_MASK64 = (1 << 64) - 1
# odd 64-bit constants for the polynomial shingle hash and its final mix
_POLY = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _empty_clusters() -> pd.DataFrame:
    return pd.DataFrame({
        "cluster_id": pd.Series([], dtype="int64"), "doc_id": pd.Series([], dtype=STR_DTYPE),
        "kind": pd.Series([], dtype=STR_DTYPE), "representative": pd.Series([], dtype=STR_DTYPE),
        "similarity": pd.Series([], dtype="float64"),
    })


def _check_documents(documents, caller: str, columns: tuple[str, ...]) -> None:
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(
            f"The 'documents' parameter of {caller}() must be a pandas DataFrame. "
            f"Got {type(documents).__name__} instead."
        )
    missing = [c for c in columns if c not in documents.columns]
    if missing:
        raise ValueError(
            f"The 'documents' parameter of {caller}() must have the columns {list(columns)}. "
            f"Missing: {missing}."
        )
    if not documents["doc_id"].is_unique:
        raise ValueError(f"The 'documents' parameter of {caller}() must have unique doc_id values.")


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads every input bit over the output."""
    values = values ^ (values >> np.uint64(30))
    values = values * _MIX1
    values = values ^ (values >> np.uint64(27))
    values = values * _MIX2
    return values ^ (values >> np.uint64(31))


_WORD_BYTE = np.zeros(256, dtype=bool)  # \w for ASCII; every byte of a non-ASCII character
_WORD_BYTE[[*range(ord("0"), ord("9") + 1), *range(ord("A"), ord("Z") + 1),
            *range(ord("a"), ord("z") + 1), ord("_"), *range(128, 256)]] = True
_SPACE_BYTE = np.zeros(256, dtype=bool)
_SPACE_BYTE[list(b" \t\n\r\x0b\x0c")] = True
_LOWER_BYTE = np.arange(256, dtype=np.uint8)
_LOWER_BYTE[ord("A"):ord("Z") + 1] += 32
_BATCH_BYTES = 1 << 23  # texts are hashed in batches of about 8 MB


def _powers(base: int, count: int) -> np.ndarray:
    """base**0, base**1, ... mod 2**64 (numpy's uint64 products wrap)."""
    values = np.full(count, base, dtype=np.uint64)
    values[0] = 1
    return np.cumprod(values, dtype=np.uint64)


def _hash_texts(texts: list[str], shingle_size: int, seed: int, with_shingles: bool = True):
    """Exact keys and shingle sets of texts (lower-cased here), vectorised in numpy.

    Returns a list of ``(key, shingles)`` per text: ``key`` is a 16-byte
    digest of the text with every run of ASCII whitespace made one space
    and the ends stripped (None when nothing is left); ``shingles`` is the
    sorted unique array of 64-bit shingle hashes (None without words).

    A word is a maximal run of \\w bytes (ASCII letters, digits, "_" and
    any non-ASCII character). Word hashes are polynomial hashes of the
    word's UTF-8 bytes modulo 2**64, from byte prefix sums: the hash of
    bytes s..e-1 is (H[e] - H[s]) * P**-s. A shingle hash is the polynomial
    hash of its word hashes, seeded with ``seed``, then mixed.
    """
    poly = int(_POLY)
    inverse = pow(poly, -1, 1 << 64)
    k = shingle_size
    out: list = []
    powers = inverse_powers = np.ones(0, dtype=np.uint64)
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (stop == start or size < _BATCH_BYTES):
            size += len(texts[stop]) + 1
            stop += 1
        # str.lower only where needed: ASCII is lower-cased below, in numpy
        encoded = [(t if t.isascii() else t.lower()).encode("utf-8", "surrogatepass")
                   for t in texts[start:stop]]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        doc_start = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        data = _LOWER_BYTE[np.frombuffer(b" ".join(encoded) + b" ", dtype=np.uint8)]
        if with_shingles and len(powers) < len(data):  # with headroom, so computed once or twice
            powers = _powers(poly, len(data) + len(data) // 2)
            inverse_powers = _powers(inverse, len(powers))
        with np.errstate(over="ignore"):
            # exact keys: collapse whitespace runs, then digest each text
            space = _SPACE_BYTE[data]
            keep = ~(space & np.concatenate(([True], space[:-1])))
            folded = np.where(space, np.uint8(32), data)
            kept_before = np.concatenate(([0], np.cumsum(keep)))
            compact = folded[keep]
            if with_shingles:
                word_hash, full, first_word, last_word = _batch_shingles(
                    data, doc_start, lengths, powers, inverse_powers, k, seed)
            for d in range(len(encoded)):
                lo, hi = kept_before[doc_start[d]], kept_before[doc_start[d] + lengths[d]]
                text = compact[lo:hi].tobytes().strip(b" ")
                key = hashlib.blake2b(text, digest_size=16).digest() if text else None
                if not with_shingles:
                    out.append((key, None))
                    continue
                a, b = int(first_word[d]), int(last_word[d])
                if b - a >= k:
                    values = np.sort(full[a:b - k + 1])
                    shingles = values[np.concatenate(([True], values[1:] != values[:-1]))]
                elif b > a:  # fewer words than one shingle: the whole text is one shingle
                    acc = np.full(1, np.uint64(seed & _MASK64), dtype=np.uint64)
                    for value in word_hash[a:b]:
                        acc = acc * _POLY + value
                    shingles = _mix(acc)
                else:
                    shingles = None
                out.append((key, shingles))
        start = stop
    return out


def _batch_shingles(data, doc_start, lengths, powers, inverse_powers, k, seed):
    """Word hashes, shingle hashes and each text's word range for one batch."""
    with np.errstate(over="ignore"):
        word = _WORD_BYTE[data]
        edge = np.diff(word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        w_start = np.flatnonzero(edge == 1)
        w_end = np.flatnonzero(edge == -1)
        prefix = np.zeros(len(data) + 1, dtype=np.uint64)
        np.cumsum(data * powers[:len(data)], out=prefix[1:])
        word_hash = (prefix[w_end] - prefix[w_start]) * inverse_powers[w_start]
        word_hash = _mix(word_hash)
        # shingles over all words of the batch; those crossing texts are skipped below
        n_words = len(word_hash)
        full = np.full(max(n_words - k + 1, 0), np.uint64(seed & _MASK64), dtype=np.uint64)
        for j in range(k):
            full = full * _POLY + word_hash[j:j + len(full)]
        full = _mix(full)
        first_word = np.searchsorted(w_start, doc_start)
        last_word = np.searchsorted(w_start, doc_start + lengths)
    return word_hash, full, first_word, last_word


_EMPTY_BIN = np.uint64(1 << 32)  # above every 32-bit value


def _signature(shingles: np.ndarray, probe: np.ndarray) -> np.ndarray:
    """MinHash signature by one-permutation hashing with optimal densification.

    Each shingle hash (already a well-mixed 64-bit value) falls into bin
    ``hash % num_perm`` and the bin keeps the least ``hash >> 32`` (Li, Owen
    & Zhang 2012). An empty bin copies the first non-empty bin in its own
    fixed random order ``probe[bin]`` (Shrivastava 2017, "optimal
    densification"). Two signatures then agree in each position with
    probability equal to the Jaccard similarity, like classic MinHash, at
    the cost of one hash per shingle instead of ``num_perm``.
    """
    num_perm = probe.shape[0]
    signature = np.full(num_perm, _EMPTY_BIN, dtype=np.uint64)
    np.minimum.at(signature, (shingles % np.uint64(num_perm)).astype(np.intp),
                  shingles >> np.uint64(32))
    empty = signature == _EMPTY_BIN
    if empty.any():
        holes = np.flatnonzero(empty)
        order = probe[holes]
        first = np.argmax(~empty[order], axis=1)
        signature[holes] = signature[order[np.arange(len(holes)), first]]
    return signature.astype(np.uint32)


def _candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    """Pairs of signature rows that agree on all values of at least one band.

    This is the banding of MinHash LSH (Leskovec, Rajaraman & Ullman,
    *Mining of Massive Datasets*, ch. 3.4): each band's values are hashed to
    one 64-bit key, the keys are sorted, and rows with equal keys pair up.
    A rare key collision only adds a candidate, which the exact check drops.
    """
    pairs: set[tuple[int, int]] = set()
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = np.zeros(len(signatures), dtype=np.uint64)
            for column in range(band * rows, (band + 1) * rows):
                key = _mix(key * _POLY + signatures[:, column].astype(np.uint64))
            order = np.argsort(key, kind="stable")
            ordered = key[order]
            same = np.flatnonzero(ordered[1:] == ordered[:-1])
            if not len(same):
                continue
            # runs of equal keys: positions same[k] and same[k] + 1 belong together
            breaks = np.flatnonzero(np.diff(same) != 1) + 1
            for run in np.split(same, breaks):
                members = sorted(order[run[0]:run[-1] + 2].tolist())
                pairs.update(itertools.combinations(members, 2))
    return pairs


def _lsh_params(threshold: float, num_perm: int, recall: float = 0.99) -> tuple[int, int]:
    """Bands and rows for LSH: the most rows per band (fewest needless
    candidates) that still makes a pair exactly at ``threshold`` a candidate
    with probability >= ``recall``, 1 - (1 - t**r)**b. Candidates are checked
    exactly afterwards, so a low candidate threshold costs time, never
    correctness.
    """
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


def _jaccard(left: np.ndarray, right: np.ndarray) -> float:
    shared = np.intersect1d(left, right, assume_unique=True).size
    return shared / (left.size + right.size - shared)


def find_duplicates(documents: pd.DataFrame, *, threshold: float = 0.8, shingle_size: int = 5,
                    num_perm: int = 128, seed: int = 1, near: bool = True) -> pd.DataFrame:
    """Find clusters of exact and near-duplicate documents.

    Parameters
    ----------
    documents : pandas.DataFrame
        With columns ``doc_id`` (unique), ``date`` and ``text``.
    threshold : float, default=0.8
        Least Jaccard similarity of the shingle sets for a near duplicate,
        in (0, 1].
    shingle_size : int, default=5
        Words per shingle. A text shorter than this is one shingle.
    num_perm : int, default=128
        MinHash signature length; more finds near duplicates close to
        ``threshold`` more reliably, at more cost.
    seed : int, default=1
        Seed of the shingle hashes and of the MinHash densification order.
    near : bool, default=True
        Also look for near duplicates. With ``False`` only exact copies are
        found (much faster; ``threshold``, ``shingle_size`` and ``num_perm``
        are then unused). Note that ``threshold=1.0`` is not the same: it
        also joins texts with identical shingle sets that differ in
        punctuation.

    Returns
    -------
    pandas.DataFrame
        One row per document in a cluster of two or more (singletons are not
        listed), sorted by ``cluster_id``, representative first, then
        ``doc_id``. Columns:

        - ``cluster_id`` (int64): 0, 1, ... in order of the representatives'
          ``doc_id``.
        - ``doc_id`` (str).
        - ``kind`` (str): ``"exact"`` if the document's folded text equals
          the representative's, else ``"near"``. The representative's own
          row says ``"exact"`` if its cluster holds an exact copy of it,
          else ``"near"``.
        - ``representative`` (str): the ``doc_id`` kept by
          :func:`drop_duplicates`: the earliest ``date`` (missing dates
          last), then the smallest ``doc_id``.
        - ``similarity`` (float64): the true Jaccard similarity of the
          document's shingle set and the representative's (1.0 for exact
          copies and for the representative).

    Examples
    --------
    >>> import corpus_tools as ct
    >>> story = ("The central bank raised its main interest rate by a quarter point "
    ...          "on Tuesday, citing inflation.")
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["a", "b", "c"],
    ...     "date": pd.to_datetime(["2020-01-02", "2020-01-01", "2020-01-01"]),
    ...     "text": [story, "  " + story.upper(), "A different article about the weather."]})
    >>> ct.find_duplicates(docs)[["cluster_id", "doc_id", "kind", "representative", "similarity"]]
       cluster_id doc_id   kind representative  similarity
    0           0      b  exact              b         1.0
    1           0      a  exact              b         1.0
    """
    caller = "find_duplicates"
    _check_documents(documents, caller, ("doc_id", "date", "text"))
    check_number(threshold, "threshold", caller, low=0, high=1)
    if threshold == 0:
        raise ValueError(
            f"The 'threshold' parameter of {caller}() must be a number in the range (0, 1]. "
            f"Got {threshold!r} instead."
        )
    check_number(shingle_size, "shingle_size", caller, low=1, integer=True)
    check_number(num_perm, "num_perm", caller, low=2, integer=True)
    check_number(seed, "seed", caller, low=0, integer=True)
    if not isinstance(near, bool):
        raise TypeError(f"The 'near' parameter of {caller}() must be a bool. Got {near!r} instead.")
    n = len(documents)
    if n < 2:
        return _empty_clusters()

    doc_ids = [str(d) for d in documents["doc_id"].tolist()]
    texts = documents["text"].tolist()
    present = [i for i, t in enumerate(texts) if isinstance(t, str)]
    digests: list[bytes | None] = [None] * n
    shingles: list[np.ndarray | None] = [None] * n
    for i, (key, sh) in zip(present, _hash_texts([texts[i] for i in present], shingle_size, seed,
                                                       with_shingles=near)):
        digests[i], shingles[i] = key, sh

    # exact copies: join each to the first of its group
    rows: list[int] = []
    cols: list[int] = []
    first_of: dict[bytes, int] = {}
    unique_rows: list[int] = []  # one row per distinct folded text
    for i, digest in enumerate(digests):
        if digest is None:
            continue
        if digest in first_of:
            rows.append(first_of[digest])
            cols.append(i)
        else:
            first_of[digest] = i
            unique_rows.append(i)
    n_exact_pairs = len(rows)

    # near copies among distinct texts
    # each bin's probe order for densification (the seed also seeds the shingle hashes)
    probe = np.argsort(np.random.default_rng(seed).random((num_perm, num_perm)), axis=1)
    with_words = [i for i in unique_rows if shingles[i] is not None]  # empty if not near
    signatures = np.empty((len(with_words), num_perm), dtype=np.uint32)
    for position, i in enumerate(with_words):
        signatures[position] = _signature(shingles[i], probe)
    candidates = _candidate_pairs(signatures, *_lsh_params(threshold, num_perm))
    checked = len(candidates)
    for a, b in sorted(candidates):
        i, j = with_words[a], with_words[b]
        if _jaccard(shingles[i], shingles[j]) >= threshold:
            rows.append(i)
            cols.append(j)
    logger.info("%d exact pairs; %d LSH candidate pairs checked, %d near pairs kept",
                n_exact_pairs, checked, len(rows) - n_exact_pairs)
    if not rows:
        return _empty_clusters()

    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    dates = pd.to_datetime(documents["date"]).to_numpy()
    members: dict[int, list[int]] = {}
    for i in np.flatnonzero(sizes[labels] >= 2).tolist():
        members.setdefault(int(labels[i]), []).append(i)

    def sort_key(i: int):
        missing = pd.isna(dates[i])
        return (missing, dates[i] if not missing else np.datetime64(0, "ns"), doc_ids[i])

    clusters = []
    for group in members.values():
        rep = min(group, key=sort_key)
        clusters.append((doc_ids[rep], rep, group))
    clusters.sort()

    out_rows = []
    for cluster_id, (_, rep, group) in enumerate(clusters):
        rep_has_copy = any(digests[i] == digests[rep] for i in group if i != rep)
        out_rows.append((cluster_id, doc_ids[rep], "exact" if rep_has_copy else "near",
                         doc_ids[rep], 1.0, 0))
        for i in group:
            if i == rep:
                continue
            if digests[i] == digests[rep]:
                out_rows.append((cluster_id, doc_ids[i], "exact", doc_ids[rep], 1.0, 1))
            else:
                out_rows.append((cluster_id, doc_ids[i], "near", doc_ids[rep],
                                 float(_jaccard(shingles[i], shingles[rep])), 1))
    out = pd.DataFrame(out_rows, columns=_COLUMNS + ["_is_member"])
    out = out.sort_values(["cluster_id", "_is_member", "doc_id"], kind="stable")
    out = out.drop(columns="_is_member").reset_index(drop=True)
    out = out.astype({"cluster_id": "int64", "doc_id": STR_DTYPE, "kind": STR_DTYPE,
                      "representative": STR_DTYPE, "similarity": "float64"})
    return out


def drop_duplicates(documents: pd.DataFrame, clusters: pd.DataFrame | None = None,
                    **find_options) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep one document per duplicate cluster: its representative.

    Parameters
    ----------
    documents : pandas.DataFrame
        With ``doc_id`` (unique), ``date`` and ``text``.
    clusters : pandas.DataFrame, optional
        The output of :func:`find_duplicates`; computed with
        ``find_options`` when not given.
    **find_options
        Keyword options of :func:`find_duplicates` (only without
        ``clusters``).

    Returns
    -------
    kept : pandas.DataFrame
        ``documents`` without the removed rows (a new table, same column
        order and row order).
    removed : pandas.DataFrame
        One row per removed document: ``doc_id`` (str), ``cluster_id``
        (int64), ``representative`` (str, the kept ``doc_id``) and
        ``reason`` (str: ``"exact duplicate of <id>"`` or ``"near duplicate
        of <id> (Jaccard 0.873)"``), in the order of ``clusters``.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2020-01-02", "2020-01-01"]),
    ...                      "text": ["Same words here.", "same  words here."]})
    >>> kept, removed = ct.drop_duplicates(docs)
    >>> kept["doc_id"].tolist(), removed["reason"].tolist()
    (['b'], ['exact duplicate of b'])
    """
    caller = "drop_duplicates"
    if clusters is None:
        _check_documents(documents, caller, ("doc_id", "date", "text"))
        clusters = find_duplicates(documents, **find_options)
    else:
        if find_options:
            raise TypeError(
                f"{caller}() takes find_duplicates options only without 'clusters'. "
                f"Got {sorted(find_options)} as well."
            )
        _check_documents(documents, caller, ("doc_id",))
        missing = [c for c in _COLUMNS if c not in getattr(clusters, "columns", ())]
        if missing:
            raise ValueError(
                f"The 'clusters' parameter of {caller}() must be the output of find_duplicates(); "
                f"missing columns: {missing}."
            )
    gone = clusters[clusters["doc_id"] != clusters["representative"]]
    reasons = [
        f"exact duplicate of {rep}" if kind == "exact" else f"near duplicate of {rep} (Jaccard {sim:.3f})"
        for kind, rep, sim in zip(gone["kind"], gone["representative"], gone["similarity"])
    ]
    removed = pd.DataFrame({
        "doc_id": gone["doc_id"].astype(STR_DTYPE).to_numpy(),
        "cluster_id": gone["cluster_id"].astype("int64").to_numpy(),
        "representative": gone["representative"].astype(STR_DTYPE).to_numpy(),
        "reason": pd.array(reasons, dtype=STR_DTYPE),
    })
    removed = removed.astype({"doc_id": STR_DTYPE, "representative": STR_DTYPE})
    keep = ~documents["doc_id"].astype(STR_DTYPE).isin(set(removed["doc_id"]))
    kept = documents.loc[keep].copy()
    logger.info("drop_duplicates: removed %d of %d documents", len(removed), len(documents))
    return kept, removed
