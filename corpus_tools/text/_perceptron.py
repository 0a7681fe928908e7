"""The fast engine of :func:`corpus_tools.text.annotate.tag_sentences`.

NLTK's ``PerceptronTagger.tag`` scores each token not in its tag dictionary
with 14 features (``_get_features``), in this order: bias, ``i suffix``
(last 3 letters of the raw word), ``i pref1`` (its first letter), ``i-1
tag``, ``i-2 tag``, ``i tag+i-2 tag``, ``i word``, ``i-1 tag+i word``,
``i-1 word``, ``i-1 suffix``, ``i-2 word``, ``i+1 word``, ``i+1 suffix``,
``i+2 word`` (words normalised, the sentence padded with ``-START-``,
``-START2-`` before and ``-END-``, ``-END2-`` after), and takes the class
with the largest summed weight, the larger label on ties.

Here the ten word features are looked up once per distinct form
(:class:`VocabTables`) and summed into five small float32 tables: the word's
own (bias, suffix, first letter, word) and one per neighbour (i-1, i-2,
i+1, i+2). The four tag features come from a (previous tag, tag before)
table and a (previous tag, word) table. A token's scores are then seven
row gathers; step ``k`` scores the ``k``-th token of every sentence at once.
Near-ties in float32 are scored again exactly as NLTK does (float64, its
feature order), so the tags are NLTK's bit for bit.
"""

from __future__ import annotations

import numpy as np

START, START2, END, END2 = "-START-", "-START2-", "-END-", "-END2-"

# About this many tokens go through one group of steps: it bounds the score
# block (float32, ~90 MB for the half that is scored) and its temporaries.
CHUNK_TOKENS = 1 << 20


def normalize_word(word: str) -> str:
    """NLTK's ``PerceptronTagger.normalize``: the form the word features see.

    Examples
    --------
    >>> [normalize_word(w) for w in ["long-term", "2016", "3.5", "Trump", "-x"]]
    ['!HYPHEN', '!YEAR', '!DIGITS', 'trump', '-x']
    """
    if "-" in word and word[0] != "-":
        return "!HYPHEN"
    if word.isdigit() and len(word) == 4:
        return "!YEAR"
    if word and word[0].isdigit():
        return "!DIGITS"
    return word.lower()


def _normalized(words: list) -> list:
    # normalize_word inlined: this runs once per distinct form of a corpus.
    return ["!HYPHEN" if "-" in w and w[0] != "-" else
            "!YEAR" if len(w) == 4 and w.isdigit() else
            "!DIGITS" if w and w[0].isdigit() else w.lower() for w in words]


_GROUPS = ("bias", "i suffix", "i pref1", "i-1 tag", "i-2 tag", "i tag+i-2 tag", "i word",
           "i-1 tag+i word", "i-1 word", "i-1 suffix", "i-2 word", "i+1 word", "i+1 suffix",
           "i+2 word")


def feature_group(name: str) -> str:
    """The feature template a feature string comes from (``"i suffix ing"`` -> ``"i suffix"``).

    Examples
    --------
    >>> feature_group("i-1 tag+i word DT cat"), feature_group("bias")
    ('i-1 tag+i word', 'bias')
    """
    for group in _GROUPS:
        # No template name followed by a space begins another template's name.
        if name == group or name.startswith(group + " "):
            return group
    return ""


class ModelTables:
    """Per-model pieces: word-keyed feature rows, tag tables, float32 weights."""

    def __init__(self, model):
        f, z, w = model.features, model.zero_row, model.weights
        self.weights, self.zero = w, z
        self.n_classes = w.shape[1]
        self.tag_index = {t: i for i, t in enumerate(model.tagset)}
        n_tags = len(model.tagset)
        # Tag ids of the context: the tagset, then NLTK's two start tags.
        self.start, self.start2 = n_tags, n_tags + 1
        self.n_states = n_tags + 2
        states = list(model.tagset) + [START, START2]
        state = {t: i for i, t in enumerate(states)}
        self.col_tag = np.array([self.tag_index[c] for c in model.classes], dtype=np.int16)
        self.bias = f.get("bias", z)
        self.tm1 = np.array([f.get("i-1 tag " + p, z) for p in states], dtype=np.int64)
        self.tm2 = np.array([f.get("i-2 tag " + p, z) for p in states], dtype=np.int64)
        self.tpair = np.array([[f.get("i tag+i-2 tag " + p + " " + p2, z) for p2 in states]
                               for p in states], dtype=np.int64)
        pair = (w[self.tm1][:, None, :] + w[self.tm2][None, :, :]) + w[self.tpair]
        self.tag_table = pair.reshape(-1, self.n_classes).astype(np.float32)
        self.tagdict = {word: self.tag_index[tag] for word, tag in model.tagdict.items()}
        # Word-keyed rows: the word a feature string ends in -> its row, so
        # that a form costs dictionary look-ups, not string building.
        self.suffix, self.pref1 = {}, {}
        words, suffixes = {}, {}  # normalised word / its last 3 letters -> id from 1 (0: none)
        by_word: dict = {g: [] for g in ("i word", "i-1 word", "i-2 word", "i+1 word", "i+2 word")}
        by_suffix: dict = {"i-1 suffix": [], "i+1 suffix": []}
        ptw = []
        for name, row in f.items():
            group = feature_group(name)
            rest = name[len(group) + 1:]
            if group == "i suffix":
                self.suffix[rest] = row
            elif group == "i pref1":
                self.pref1[rest] = row
            elif group in by_word:
                by_word[group].append((words.setdefault(rest, len(words) + 1), row))
            elif group in by_suffix:
                by_suffix[group].append((suffixes.setdefault(rest, len(suffixes) + 1), row))
            elif group == "i-1 tag+i word":
                tag, _, word = rest.partition(" ")
                if tag in state:  # any other prefix is never built
                    ptw.append((words.setdefault(word, len(words) + 1), state[tag], row))
        self.words, self.suffixes = words, suffixes

        def per_id(entries, n):
            out = np.full(n + 1, z, dtype=np.int64)
            for i, row in entries:
                out[i] = row
            return out

        self.iw, self.m1w, self.m2w, self.p1w, self.p2w = (
            per_id(by_word[g], len(words))
            for g in ("i word", "i-1 word", "i-2 word", "i+1 word", "i+2 word"))
        self.m1s = per_id(by_suffix["i-1 suffix"], len(suffixes))
        self.p1s = per_id(by_suffix["i+1 suffix"], len(suffixes))
        self.ptw = np.full((len(words) + 1, self.n_states), z, dtype=np.int64)
        for i, s, row in ptw:
            self.ptw[i, s] = row
        self.w32 = w.astype(np.float32)
        # Float32 rounding bound. Every partial sum of a token's scores is at
        # most `total` in size (the sum over templates of their largest
        # weight); each of the 7 table entries is rounded once and each of the
        # 6 additions once, so a score is within 13*u*total of its exact value
        # (u = 2**-24), and NLTK's float64 sum within 14*2**-53*total (the 1%
        # slack covers the float64 sums behind the tables). A best-vs-second
        # margin above twice both is decided as NLTK decides it.
        largest: dict = {}
        row_max = np.abs(w).max(axis=1)
        for name, row in f.items():
            g = feature_group(name)
            largest[g] = max(largest.get(g, 0.0), float(row_max[row]))
        total = sum(largest.values()) * 1.01
        self.tie_margin = 2 * (13 * 2.0 ** -24 * total) + 2 * (14 * 2.0 ** -53 * total)


class VocabTables:
    """Per-vocabulary pieces: one Python pass over the distinct forms.

    Type ids are the vocabulary's, then the four padding words (START,
    START2, END, END2). Each type gets its raw suffix and first-letter rows,
    the id of its normalised form and of that form's last three letters
    (which index the word-keyed rows of :class:`ModelTables`), its
    dictionary tag, and its row in each of the five summed score tables.
    """

    def __init__(self, mt: ModelTables, forms, used: np.ndarray):
        z = mt.zero
        n_types = len(forms) + 4
        self.pad = tuple(range(len(forms), n_types))
        used_forms = [forms[i] for i in used.tolist()]
        norm = _normalized(used_forms) + [START, START2, END, END2]
        at = np.concatenate([used, self.pad]).astype(np.int64)

        def per_type(values, fill, where=at):
            out = np.full(n_types, fill, dtype=np.int64)
            out[where] = values
            return out

        suffix, pref1, words, suffixes, fixed = mt.suffix, mt.pref1, mt.words, mt.suffixes, mt.tagdict
        self.suffix = per_type([suffix.get(w[-3:], z) for w in used_forms], z, at[:len(used)])
        self.pref1 = per_type([pref1.get(w[:1], z) for w in used_forms], z, at[:len(used)])
        self.fixed = per_type([fixed.get(w, -1) for w in used_forms], -1, at[:len(used)]).astype(np.int16)
        self.word = per_type([words.get(w, 0) for w in norm], 0)
        self.sfx = per_type([suffixes.get(w[-3:], 0) for w in norm], 0)
        # The five summed tables, one row per distinct combination of feature rows.
        w64, word, sfx = mt.weights, self.word, self.sfx
        self.u_of, self.u = _summed(w64, w64[mt.bias], self.suffix, self.pref1, mt.iw[word])
        zero = np.zeros(mt.n_classes)
        self.l1_of, self.l1 = _summed(w64, zero, mt.m1w[word], mt.m1s[sfx])
        self.l2_of, self.l2 = _summed(w64, zero, mt.m2w[word])
        self.r1_of, self.r1 = _summed(w64, zero, mt.p1w[word], mt.p1s[sfx])
        self.r2_of, self.r2 = _summed(w64, zero, mt.p2w[word])


def _summed(w64, base, *row_arrays):
    """Distinct combinations of feature rows -> (index per type, float32 table of their sums)."""
    n = len(w64)
    if n ** len(row_arrays) < 2 ** 63:  # one int64 key per combination: a fast 1-d unique
        key = np.zeros(len(row_arrays[0]), dtype=np.int64)
        for rows in row_arrays:
            key = key * n + rows
        distinct, index = np.unique(key, return_inverse=True)
        combos = []
        for _ in row_arrays:
            combos.append(distinct % n)
            distinct = distinct // n
        combos.reverse()
    else:
        distinct, index = np.unique(np.stack(row_arrays, axis=1), axis=0, return_inverse=True)
        combos = list(distinct.T)
    total = np.broadcast_to(base, (len(combos[0]), len(base))).copy()
    for rows in combos:
        total += w64[rows]
    return index.reshape(-1).astype(np.int32), total.astype(np.float32)


def tag_fast(ids: np.ndarray, forms, starts: np.ndarray, mt: ModelTables) -> np.ndarray:
    """Tag ids (int8) of every token; ``starts`` non-decreasing from 0."""
    n = len(ids)
    out = np.empty(n, dtype=np.int8)
    if n == 0:
        return out
    used = np.flatnonzero(np.bincount(ids, minlength=len(forms)))
    vt = VocabTables(mt, forms, used)
    lengths = np.diff(np.append(starts, n))
    # Longest sentences first: the sentences still running at step k are a prefix.
    order = np.argsort(-lengths, kind="stable")
    order = order[lengths[order] > 0]
    cum = np.cumsum(lengths[order])
    cuts = np.searchsorted(cum, np.arange(CHUNK_TOKENS, cum[-1], CHUNK_TOKENS), side="right")
    bounds = [0, *np.unique(cuts).tolist(), len(order)]
    buffers = _Buffers(mt.n_classes)
    for a, b in zip(bounds[:-1], bounds[1:]):
        if b > a:
            _tag_chunk(ids, starts[order[a:b]], lengths[order[a:b]], vt, mt, out, buffers)
    return out


class _Buffers:
    """Score blocks reused from chunk to chunk (fresh pages cost more than the sums)."""

    def __init__(self, width: int):
        self.width = width
        self.a = self.b = np.empty((0, width), dtype=np.float32)

    def get(self, m: int):
        if len(self.a) < m:
            self.a = np.empty((m, self.width), dtype=np.float32)
            self.b = np.empty((m, self.width), dtype=np.float32)
        return self.a[:m], self.b[:m]


def _tag_chunk(ids, s_starts, s_len, vt: VocabTables, mt: ModelTables, out, buffers) -> None:
    """Tag one group of sentences (lengths descending), step by step, into ``out``."""
    n = len(ids)
    max_len = int(s_len[0])
    # Step-major layout: step k holds the k-th token of sentences 0..active[k]-1.
    active = np.searchsorted(-s_len, -np.arange(max_len), side="left")
    base = np.zeros(max_len + 1, dtype=np.int64)
    np.cumsum(active, out=base[1:])
    pos = np.repeat(np.arange(max_len), active)
    sent = np.arange(base[-1]) - np.repeat(base[:-1], active)
    tok = s_starts[sent] + pos
    types = ids[tok]
    tags = vt.fixed[types]
    sel = np.flatnonzero(tags < 0)  # tokens to score; the others are in the tag dictionary
    if sel.size:
        k, length, g = pos[sel], s_len[sent[sel]], tok[sel]
        start, start2, end, end2 = vt.pad
        t0 = types[sel]
        tm1 = np.where(k >= 1, ids[np.maximum(g - 1, 0)], start2)
        tm2 = np.where(k >= 2, ids[np.maximum(g - 2, 0)], np.where(k == 1, start2, start))
        tp1 = np.where(k <= length - 2, ids[np.minimum(g + 1, n - 1)], end)
        tp2 = np.where(k <= length - 3, ids[np.minimum(g + 2, n - 1)],
                       np.where(k == length - 2, end, end2))
        context = (t0, tm1, tm2, tp1, tp2)
        scores, spare = buffers.get(len(sel))
        # mode="clip": every index is in range by construction, and "raise"
        # with out= gathers into a temporary first (1.7x slower).
        np.take(vt.u, vt.u_of[t0], axis=0, out=scores, mode="clip")
        for table, index, t in ((vt.l1, vt.l1_of, tm1), (vt.l2, vt.l2_of, tm2),
                                (vt.r1, vt.r1_of, tp1), (vt.r2, vt.r2_of, tp2)):
            np.take(table, index[t], axis=0, out=spare, mode="clip")
            scores += spare
        word = vt.word[t0]
        q = np.searchsorted(sel, base)
        for step in range(max_len):
            q0, q1 = int(q[step]), int(q[step + 1])
            if q0 == q1:
                continue
            j = sel[q0:q1] - base[step]
            if step >= 1:
                prev = tags[base[step - 1] + j].astype(np.int64)
            else:
                prev = np.full(q1 - q0, mt.start, dtype=np.int64)
            if step >= 2:
                prev2 = tags[base[step - 2] + j].astype(np.int64)
            else:
                prev2 = np.full(q1 - q0, mt.start if step == 1 else mt.start2, dtype=np.int64)
            block, extra = scores[q0:q1], spare[:q1 - q0]
            np.take(mt.tag_table, prev * mt.n_states + prev2, axis=0, out=extra, mode="clip")
            block += extra
            np.take(mt.w32, mt.ptw[word[q0:q1], prev], axis=0, out=extra, mode="clip")
            block += extra
            best = _best_columns(block, mt, vt, [c[q0:q1] for c in context], prev, prev2)
            tags[base[step] + j] = mt.col_tag[best]
    out[tok] = tags


def _best_columns(block, mt, vt, context, prev, prev2) -> np.ndarray:
    rows = np.arange(len(block))
    best = block.argmax(axis=1)
    top = block[rows, best]
    block[rows, best] = -np.inf
    near = np.flatnonzero(top - block.max(axis=1) <= mt.tie_margin)
    if near.size:
        best[near] = exact_best(mt, vt, [c[near] for c in context], prev[near], prev2[near])
    return best


def exact_best(mt: ModelTables, vt: VocabTables, context, prev, prev2) -> np.ndarray:
    """NLTK's ``predict`` for a few tokens: float64 sums in its feature order, larger label on ties."""
    t0, tm1, tm2, tp1, tp2 = context
    w, word, sfx = mt.weights, vt.word, vt.sfx
    ordered = (vt.suffix[t0], vt.pref1[t0], mt.tm1[prev], mt.tm2[prev2], mt.tpair[prev, prev2],
               mt.iw[word[t0]], mt.ptw[word[t0], prev], mt.m1w[word[tm1]], mt.m1s[sfx[tm1]],
               mt.m2w[word[tm2]], mt.p1w[word[tp1]], mt.p1s[sfx[tp1]], mt.p2w[word[tp2]])
    scores = np.zeros((len(t0), w.shape[1])) + w[mt.bias]
    for rows in ordered:
        scores += w[rows]
    # max over (score, label): among equal scores the last (largest) label.
    is_max = scores == scores.max(axis=1, keepdims=True)
    return w.shape[1] - 1 - np.argmax(is_max[:, ::-1], axis=1)
