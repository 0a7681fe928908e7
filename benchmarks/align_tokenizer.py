"""Token-level alignment of the fast tokeniser with NLTK, on real news.

For 1,000 articles each of the AllSides sample, BBC News and Reuters-21578
(NLTK's ``reuters`` corpus), the texts are normalised as ``build_corpus`` does
(:func:`corpus_tools.text.normalize.normalize_documents` with the default
settings, one outlet per source), then tokenised twice on the same
normalised title and text: by the fast engine and by the ``"nltk"`` engine
(NLTK's ``sent_tokenize`` + ``word_tokenize`` per paragraph).

The two token sequences of each document are aligned with
``difflib.SequenceMatcher`` (no junk heuristic). A token is *identical* when
it lies in a matching block. Each differing stretch is put in a class: a
named class when a rule below recognises it, otherwise a class named by the
shapes of the two sides (letters ``A``/``a``, digits ``9``, other characters
as they are). The classes stated as intended in the token-count convention
(``corpus_tools.text.tokenize``) are flagged; agreement is reported over all
NLTK tokens and over the NLTK tokens outside intended differences.

Usage::

    NLTK_DATA=../shared/data/nltk_data python benchmarks/align_tokenizer.py
    python benchmarks/align_tokenizer.py --docs 200 --json out.json --examples 3

Only counts and short token examples are printed; no article text is written.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ALLSIDES = DATA / "allsides_article_bias" / "sample_12outlets_2012-2020.jsonl.gz"
BBC = DATA / "bbc_news_fulltext" / "articles.jsonl"

# The classes stated as intended differences in corpus_tools.text.tokenize's
# token-count convention, with the reason given there (shortened).
INTENDED = {
    "quote glyph": "NLTK rewrites \" as `` or ''; the normalised glyph is kept",
    "cannot": "NLTK splits cannot into can + not; one orthographic word",
    "gonna, wanna, gotta": "NLTK splits gon + na; the parts are not words",
    "abbreviation period at sentence end": "NLTK cuts the period off the last token of its sentence "
                                            "(U.S -> U.S + .); the abbreviation stays one type",
    "abbreviation before clitic": "NLTK splits F.B.I.'s as F.B.I + . + 's; kept F.B.I. + 's",
    "period without space": "NLTK keeps end.Next as one token; split at the period",
    "period NLTK leaves on a word": "where Punkt sees no sentence end after a word's period "
                                    "(I. before a quote, OK.), NLTK leaves the period on; split",
    "slash": "a slash between words separates two words (and / or, Getty / AFP); 9/11 stays whole",
    "currency sign": "NLTK splits $ off a number but not \u00a3 or \u20ac; every currency sign is split",
    "ellipsis glyph": "NLTK splits ... but not \u2026 off a word; both are split",
    "hyphen at a word's edge": "a leading or trailing hyphen (pre- and post-war, -which) is its own "
                               "token, so the word keeps its type",
    "dash run": "a run of hyphens is one dash token; NLTK cuts it after two",
    "URL": "NLTK splits https : //...; a URL is one token",
    "e-mail address (NLTK splits at @)": "an e-mail address is one token",
    "plus": "a plus sign is its own token (Disney + , 17,000 +)",
    "caret": "a caret is its own token (Reuters' REUTER ^ M)",
    "colon": "a colon before a number is split (NOTE : 1987); 10:30 stays whole",
    "equals sign": "an equals sign is its own token (markup left in texts)",
}


def load_allsides(n: int) -> pd.DataFrame:
    rows = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            rows.append({"doc_id": record["id"], "outlet": record["source"],
                         "title": record.get("title") or "", "text": record.get("text") or ""})
            if len(rows) == n:
                break
    return pd.DataFrame(rows)


def load_bbc(n: int) -> pd.DataFrame:
    with open(BBC, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    # Evenly spread over the file, so every section is represented.
    picks = np.linspace(0, len(records) - 1, min(n, len(records))).round().astype(int)
    return pd.DataFrame([{"doc_id": records[i]["id"], "outlet": "BBC News",
                          "title": records[i].get("title") or "", "text": records[i].get("text") or ""}
                         for i in picks])


def load_reuters(n: int) -> pd.DataFrame:
    from nltk.corpus import reuters

    rows = []
    for fileid in reuters.fileids()[:n]:
        raw = reuters.raw(fileid)
        # The first line is the upper-case headline.
        title, _, body = raw.strip().partition("\n")
        rows.append({"doc_id": fileid, "outlet": "Reuters", "title": title.strip(), "text": body})
    return pd.DataFrame(rows)


CORPORA = {"AllSides sample": load_allsides, "BBC News": load_bbc, "Reuters-21578": load_reuters}


def normalise(documents: pd.DataFrame) -> pd.DataFrame:
    from corpus_tools.text.normalize import normalize_documents

    documents = documents.assign(date=pd.NaT)
    return normalize_documents(documents).documents


def token_lists(stream) -> tuple[list, list]:
    """Per document: its tokens, and its sentence-start positions (sorted, with its end)."""
    vocab = np.asarray(stream.vocab, dtype=object)
    forms = vocab[stream.ids] if len(stream.ids) else np.empty(0, dtype=object)
    docs, starts = [], []
    bounds = stream.offsets
    for a, b in zip(bounds[:-1], bounds[1:]):
        docs.append(forms[a:b].tolist())
        s = stream.sentence_starts
        inside = s[(s >= a) & (s < b)] - a
        starts.append(sorted(set(inside.tolist()) | {int(b - a)}))
    return docs, starts


def _shape(token: str) -> str:
    out = re.sub(r"[^\W\d_]", lambda m: "A" if m.group().isupper() else "a", token)
    out = re.sub(r"\d", "9", out)
    return re.sub(r"(.)\1+", r"\1", out)


QUOTES = {"``": '"', "''": '"'}
FRAGMENTS = {
    "party-state label split": re.compile(r"^[DRI]-[A-Z][A-Za-z.]*\.$"),
    "initial split": re.compile(r"^[A-HJ-Z]\.$"),
    "title after a prefix split": re.compile(r"^[A-Za-z]+-(?:Sen|Rep|Gov|Gen)s?\.$"),
    "domain name split": re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu)(?:'s)?$"),
}
CLOSERS = {"''", '"', "'", ")", "]", "}"}
# Characters NLTK leaves inside a word that the fast engine cuts at.
JOINERS = {"/": "slash", "\u2026": "ellipsis glyph", "^": "caret", "+": "plus", ":": "colon",
           "-": "hyphen at a word's edge", "\u00a3": "currency sign", "\u20ac": "currency sign",
           "\u00a5": "currency sign", "@": "e-mail address", "&": "ampersand", "=": "equals sign"}


def classify(fast: list, slow: list, slow_ends_sentence: bool) -> str:
    """Name the class of one differing stretch (fast tokens, NLTK tokens)."""
    slow_q = [QUOTES.get(t, t) for t in slow]
    if slow_q == fast:
        return "quote glyph"
    # Quotes that differ only in glyph may sit at either end of the stretch.
    while fast and slow_q and fast[0] == slow_q[0]:
        fast, slow_q = fast[1:], slow_q[1:]
    while fast and slow_q and fast[-1] == slow_q[-1]:
        fast, slow_q = fast[:-1], slow_q[:-1]
    slow = slow_q
    if [t.lower() for t in fast] == ["cannot"] and [t.lower() for t in slow] == ["can", "not"]:
        return "cannot"
    # The fragments of issue 11, named so that no generous rule below takes
    # them for an intended class: NLTK has the whole token, the fast engine
    # pieces of it.
    if len(slow) == 1 and fast != slow and "".join(fast) == slow[0]:
        for name, shape in FRAGMENTS.items():
            if shape.match(slow[0]):
                return name
    lower = [t.lower() for t in fast], [t.lower() for t in slow]
    if len(fast) == 1 and lower[0][0] in ("gonna", "wanna", "gotta") and "".join(lower[1]) == lower[0][0]:
        return "gonna, wanna, gotta"
    if len(fast) == 1 and re.match(r"(?:https?://|www\.)", fast[0]) and "".join(slow) == fast[0]:
        return "URL"
    if fast and slow and "".join(fast) == "".join(slow):
        # NLTK cuts the period off an abbreviation that ends its sentence.
        if (len(slow) == len(fast) + 1 and slow[-1] == "." and fast[-1].endswith(".")
                and len(fast[-1]) > 1 and slow[:-2] == fast[:-1] and slow_ends_sentence):
            return "abbreviation period at sentence end"
        if (len(fast) == 2 and fast[1].lower() in ("'s", "\u2019s") and fast[0].endswith(".")
                and slow == [fast[0][:-1], ".", fast[1]]):
            return "abbreviation before clitic"
        if len(fast) == 1 and "@" in fast[0]:
            return "e-mail address (NLTK splits at @)"
        if re.search(r"---", "".join(fast)) and all(set(t) <= {"-"} or t.isalpha() or t.startswith("-")
                                                   for t in fast + slow):
            return "dash run"
        cuts = {t for t in fast if len(t) == 1 and not t.isalnum()} - set(slow)
        if len(slow) == 1 and fast == [slow[0][:-1], "."]:
            return "period NLTK leaves on a word"
        if len(slow) == 1 and len(fast) > 1 and all(
                a.endswith(".") or b.startswith(".") for a, b in zip(fast, fast[1:])):
            return "period without space"
        if "\u2026" in cuts:
            return "ellipsis glyph"
        if len(cuts) == 1 and next(iter(cuts)) in JOINERS:
            return JOINERS[next(iter(cuts))]
    # A slash-joined pair can pull SequenceMatcher's blocks out of step; the
    # stretch then holds NLTK's slash token and the fast engine's split parts.
    if any("/" in t and not t.startswith(("http", "www")) for t in slow) and (not fast or "/" in fast):
        return "slash"
    return f"{' '.join(map(_shape, fast)) or '(none)'}  |  {' '.join(map(_shape, slow)) or '(none)'}"


def align(fast_docs, slow_docs, slow_starts):
    """Identical token count, NLTK token count and the classified differences."""
    identical = total = 0
    classes = Counter()
    tokens_in = Counter()  # NLTK tokens covered by each class
    examples = defaultdict(list)
    for fast, slow, starts in zip(fast_docs, slow_docs, slow_starts):
        total += len(slow)
        matcher = difflib.SequenceMatcher(None, fast, slow, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                identical += i2 - i1
                continue
            # Did NLTK's sentence end here, before any closing quotes or brackets?
            k = j2
            while k < len(slow) and slow[k] in CLOSERS:
                k += 1
            name = classify(fast[i1:i2], slow[j1:j2], any(j1 < x <= k for x in starts))
            classes[name] += 1
            tokens_in[name] += j2 - j1
            if len(examples[name]) < 5:
                examples[name].append((" ".join(fast[i1:i2]), " ".join(slow[j1:j2])))
    return identical, total, classes, tokens_in, examples


def run(n_docs: int) -> dict:
    from corpus_tools.text.tokenize import TokenizerSettings, tokenize_texts

    results = {}
    for name, loader in CORPORA.items():
        docs = normalise(loader(n_docs))
        titles, texts = docs["title"].fillna("").tolist(), docs["text"].fillna("").tolist()
        t0 = time.perf_counter()
        fast = tokenize_texts(texts, titles=titles)
        t_fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        slow = tokenize_texts(texts, titles=titles, settings=TokenizerSettings(engine="nltk"))
        t_slow = time.perf_counter() - t0
        fast_docs, _ = token_lists(fast)
        slow_docs, slow_starts = token_lists(slow)
        identical, total, classes, tokens_in, examples = align(fast_docs, slow_docs, slow_starts)
        intended_tokens = sum(tokens_in[c] for c in classes if c in INTENDED)
        results[name] = {
            "documents": len(docs), "nltk_tokens": total, "fast_tokens": int(len(fast.ids)),
            "identical": identical, "agreement": identical / total,
            "agreement_outside_intended": identical / (total - intended_tokens),
            "fast_seconds": t_fast, "nltk_seconds": t_slow,
            "classes": [{"class": c, "count": k, "nltk_tokens": tokens_in[c], "intended": c in INTENDED,
                         "examples": examples[c]} for c, k in classes.most_common()],
        }
    return results


def report(results: dict, min_count: int, n_examples: int) -> str:
    lines = []
    for name, r in results.items():
        lines.append(f"\n== {name}: {r['documents']} documents, {r['nltk_tokens']:,} NLTK tokens, "
                     f"{r['fast_tokens']:,} fast tokens (fast {r['fast_seconds']:.1f}s, nltk {r['nltk_seconds']:.1f}s)")
        lines.append(f"   identical {r['identical']:,} = {100 * r['agreement']:.3f}%; outside intended "
                     f"classes {100 * r['agreement_outside_intended']:.3f}%")
        lines.append(f"   {'count':>6} {'tokens':>6}  intended  class")
        for c in r["classes"]:
            if c["count"] < min_count:
                continue
            flag = "yes" if c["intended"] else "-"
            lines.append(f"   {c['count']:>6} {c['nltk_tokens']:>6}  {flag:<8}  {c['class']}")
            for f, s in c["examples"][:n_examples]:
                lines.append(f"{'':>28}fast [{f}]  nltk [{s}]")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="articles per corpus")
    parser.add_argument("--min-count", type=int, default=3, help="show classes seen this often")
    parser.add_argument("--examples", type=int, default=2, help="examples shown per class")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.docs)
    print(report(results, args.min_count, args.examples))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
