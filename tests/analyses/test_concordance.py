"""KWIC: queries, original-text context, sorting, sampling, annotation round trip, errors."""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd
import pytest

from corpus_tools.analyses.concordance import (
    char_spans,
    concordance,
    find_query,
    kwic_lines,
    read_annotation_csv,
    to_annotation_csv,
)
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.errors import CorpusToolsError

from conftest import shared_path

TEXTS = [
    "The mayor said \u201cthe harbour  may reopen\u201d on Monday.\n\nShe added: harbour jobs, "
    "she said, \u201cmay\u201d return.",
    "Officials suggest the plan appears to work. It appears, to some, costly.",
    "Critics suggested delays. The harbour suggests nothing.",
    "The port\u2019s  future isn\u2019t clear.",
]


@pytest.fixture(scope="module")
def corpus():
    # Built without normalisation: the texts stay exactly as written above.
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "X", "Y"],
                         "date": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"]),
                         "title": ["Harbour news", "", "", ""], "text": TEXTS})
    return Corpus.from_documents(docs)


def test_concordance_original_text_with_curly_quotes_and_spacing(corpus):
    lines = concordance(corpus, "harbour", width=3)
    assert lines.columns.tolist() == ["doc_id", "outlet", "date", "position", "left", "node", "right"]
    rows = lines[["doc_id", "left", "node", "right"]].values.tolist()
    assert rows == [
        ["a", "", "Harbour", "news\n\nThe mayor"],  # the title is part of the document
        ["a", "mayor said \u201cthe", "harbour", "may reopen\u201d on"],
        ["a", "Monday.\n\nShe added:", "harbour", "jobs, she said"],
        ["c", "suggested delays. The", "harbour", "suggests nothing."],
    ]
    # The stored text is exactly what was given (the double space sits before "may").
    text = corpus.documents.loc[0, "title"] + "\n\n" + corpus.documents.loc[0, "text"]
    assert "harbour  may" in text


def test_concordance_double_space_kept_in_context(corpus):
    lines = concordance(corpus, "the harbour", width=2)
    row = lines.iloc[0]
    assert row["node"] == "the harbour"
    assert row["right"] == "may reopen"  # context ends with its last word
    wide = concordance(corpus, "harbour", width=12, unit="chars")
    assert wide.loc[1, "right"] == "  may reopen"  # characters: both spaces kept
    assert wide.loc[1, "left"] == "r said \u201cthe "


def test_concordance_curly_clitics_keep_the_original_apostrophe(corpus):
    # The store holds "port", "'s" and "is", "n't" (straight quotes); the context keeps the text's.
    assert corpus.document_tokens(3)[1:3] == ["port", "'s"]
    lines = concordance(corpus, "port", width=3)
    assert lines[["left", "node", "right"]].values.tolist() == [["The", "port", "\u2019s  future is"]]
    assert concordance(corpus, "n't", width=1)[["left", "node", "right"]].values.tolist() == [
        ["is", "n\u2019t", "clear"]]


def test_concordance_positions_are_token_indices(corpus):
    lines = concordance(corpus, "harbour")
    tokens = corpus.document_tokens(0)
    for pos in lines.loc[lines["doc_id"] == "a", "position"]:
        assert tokens[pos].lower() == "harbour"


@pytest.mark.parametrize("query,nodes", [
    ("appears to", ["appears to"]),
    ("suggest*", ["suggest", "suggested", "suggests"]),
    ("re:^suggest(s|ed)?$", ["suggest", "suggested", "suggests"]),
    ("re:ed$", ["added", "suggested"]),
    ("appear* to", ["appears to"]),  # the comma in "appears, to" stops the phrase
    ("*s to", ["appears to"]),
    ("MAY", ["may", "may"]),
])
def test_concordance_query_forms(corpus, query, nodes):
    assert sorted(concordance(corpus, query)["node"]) == sorted(nodes)


def test_find_query_phrases_stay_inside_a_document():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "date": [pd.NaT] * 2,
                         "title": ["", ""], "text": ["It may", "rain may rain"]})
    two = Corpus.from_documents(docs)
    starts, ends = find_query(two, "may rain")
    assert starts.tolist() == [3] and ends.tolist() == [5]  # not "may" (end of a) + "rain" (start of b)


def test_concordance_case_sensitive(corpus):
    assert concordance(corpus, "Harbour", case_sensitive=True)["node"].tolist() == ["Harbour"]
    assert len(concordance(corpus, "Harbour")) == 4


def test_concordance_sort_orders(corpus):
    lines = concordance(corpus, "harbour", width=3, sort="L1")
    # L1 words: '' (title start), 'added', 'the', 'the'; ties by L2 (mayor-side 'said'? no: "“" is
    # punctuation, so L2 of the second line is 'said') then corpus order.
    assert lines["left"].tolist() == ["", "Monday.\n\nShe added:", "suggested delays. The",
                                      "mayor said \u201cthe"]
    right = concordance(corpus, "harbour", width=1, sort="R1")
    assert right["right"].tolist() == ["jobs", "may", "news", "suggests"]
    l2 = concordance(corpus, "harbour", width=2, sort="L2")
    # L2 words: '' , 'delays', 'said', 'she'
    assert l2["doc_id"].tolist() == ["a", "c", "a", "a"]
    assert l2["position"].tolist()[2:] == [7, 17]


def test_concordance_sentence_bounded(corpus):
    lines = concordance(corpus, "harbour", width=5, sentence_bounded=True)
    assert lines.loc[0, "right"] == "news"
    assert lines.loc[2, "left"] == "She added:"
    assert lines.loc[3, "left"] == "The"


def test_concordance_by_and_sample(corpus):
    assert concordance(corpus, "harbour", by={"outlet": "X", "doc_id": "c"})["doc_id"].tolist() == ["c"]
    one = concordance(corpus, "harbour", sample=2, seed=3)
    again = concordance(corpus, "harbour", sample=2, seed=3)
    pd.testing.assert_frame_equal(one, again)
    full = concordance(corpus, "harbour")
    assert len(one) == 2 and set(one["position"]).issubset(set(full["position"]))
    assert len(concordance(corpus, "harbour", sample=99)) == 4


def test_concordance_no_hits_gives_empty_table(corpus):
    lines = concordance(corpus, "zebra")
    assert len(lines) == 0 and lines.columns.tolist()[-3:] == ["left", "node", "right"]


def test_kwic_lines_from_hits_keeps_order_and_index(corpus):
    hits = pd.DataFrame({"doc_index": [1, 0], "start": [4, 0], "end": [6, 2], "label": ["x", "y"]},
                        index=[10, 20])
    lines = kwic_lines(corpus, hits, width=2)
    assert lines.index.tolist() == [10, 20]
    assert lines["node"].tolist() == ["appears to", "Harbour news"]
    assert lines["left"].tolist() == ["the plan", ""]
    assert lines["right"].tolist() == ["work. It", "The mayor"]


@pytest.mark.parametrize("hits,message", [
    (pd.DataFrame({"doc_index": [0], "start": [3]}), "lacks the column"),
    (pd.DataFrame({"doc_index": [5], "start": [0], "end": [1]}), "doc_index outside"),
    (pd.DataFrame({"doc_index": [0], "start": [3], "end": [3]}), "bad span in row 0"),
    (pd.DataFrame({"doc_index": [0], "start": [0], "end": [999]}), "bad span"),
])
def test_kwic_lines_bad_hits(corpus, hits, message):
    with pytest.raises(ValueError, match=message):
        kwic_lines(corpus, hits)


def test_kwic_refuses_when_text_and_tokens_disagree(corpus):
    docs = corpus.documents.copy()
    docs.loc[2, "text"] = docs.loc[2, "text"] + " One more sentence."
    tampered = Corpus(docs, corpus.tokens, corpus.provenance)
    with pytest.raises(CorpusToolsError, match="the text of document 'c' does not match its stored tokens"):
        concordance(tampered, "harbour")
    # Same length, one letter changed: caught by the first-character check.
    docs.loc[2, "text"] = TEXTS[2].replace("Critics", "Kritics")
    tampered = Corpus(docs, corpus.tokens, corpus.provenance)
    with pytest.raises(CorpusToolsError, match="document 'c'"):
        concordance(tampered, "harbour")


def test_kwic_refuses_nltk_engine_corpus_that_rewrites_quotes():
    from corpus_tools.text.tokenize import TokenizerSettings

    docs = pd.DataFrame({"doc_id": ["q"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
                         "text": ['He said "the harbour may close" today.']})
    nltk_corpus = Corpus.from_documents(docs, tokenizer=TokenizerSettings(engine="nltk"))
    with pytest.raises(CorpusToolsError, match="engine='nltk'"):
        concordance(nltk_corpus, "harbour")


@pytest.mark.parametrize("kwargs,message", [
    (dict(query=""), "The 'query' parameter of concordance\\(\\) must be"),
    (dict(query="**"), "besides wildcards"),
    (dict(query="re:[a-"), "invalid regular expression"),
    (dict(query=3), "The 'query' parameter of concordance\\(\\) must be a str"),
    (dict(query="harbour", sort="L4"), "The 'sort' parameter of concordance\\(\\) must be one of "
                                       "\\{None, 'L1', 'L2', 'L3', 'R1', 'R2', 'R3'\\}. Got 'L4' instead."),
    (dict(query="harbour", unit="words"), "The 'unit' parameter of concordance\\(\\) must be one of"),
    (dict(query="harbour", width=-1),
     "The 'width' parameter of concordance\\(\\) must be an int in the range"),
    (dict(query="harbour", sample=0), "The 'sample' parameter"),
])
def test_concordance_bad_arguments(corpus, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        concordance(corpus, **kwargs)


def test_annotation_round_trip(corpus, tmp_path):
    lines = concordance(corpus, "harbour", width=3)
    path = to_annotation_csv(lines, tmp_path / "lines.csv")
    # A person fills in the judgements (the contexts contain line breaks and quotes).
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row, value in zip(rows[1:], ["y", " N ", "?", ""]):
        row[-1] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    back = read_annotation_csv(path)
    assert back["id"].tolist() == [1, 2, 3, 4]
    assert back["judgement"].tolist()[:3] == ["y", "n", "?"] and pd.isna(back["judgement"].iloc[3])
    for col in ("doc_id", "position", "left", "node", "right"):
        assert back[col].tolist() == lines[col].tolist(), col
    assert back["date"].tolist() == lines["date"].tolist()


def test_annotation_bad_judgement_names_line_and_id(corpus, tmp_path):
    lines = concordance(corpus, "harbour", width=3)
    path = to_annotation_csv(lines, tmp_path / "lines.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][-1] = "maybe"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    # Rows 1 and 2 hold contexts with a blank line inside, so row 3 starts on file line 6.
    with pytest.raises(ValueError, match=r"line 6 \(id 3\): judgement 'maybe' is not one of"):
        read_annotation_csv(path)


def test_annotation_missing_column_and_duplicate_id(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,node\n1,may\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: the header lacks the column"):
        read_annotation_csv(path)
    path.write_text("id,node,judgement\n1,may,y\n1,may,n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: id 1 already appears on line 2"):
        read_annotation_csv(path)


def test_concordance_demo_every_hit(demo_corpus):
    lines = concordance(demo_corpus, "harbour", width=5)
    assert len(lines) == 77
    assert set(lines["node"].str.lower()) == {"harbour"}
    assert (lines["left"].str.len() > 0).sum() >= 70
    hl = concordance(demo_corpus, "may", by={"outlet": "The Harbour Ledger"}, case_sensitive=True)
    docs = demo_corpus.documents[demo_corpus.documents["outlet"] == "The Harbour Ledger"]
    # README: 22 modal "may" in HL texts; the titles add their own.
    assert len(hl) == sum(len(re.findall(r"\bmay\b", t)) for t in docs["title"] + "\n\n" + docs["text"])


def test_char_spans_reproduce_the_allsides_sample():
    from corpus_tools.corpus.build import build_corpus

    path = shared_path("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    corpus = build_corpus(path, fields={"outlet": "source", "doc_id": "id"})
    starts, ends, base = char_spans(corpus, np.arange(len(corpus)))  # raises on any mismatch
    assert len(starts) == len(corpus.tokens.ids)
    lines = concordance(corpus, "appears to", sample=50, seed=1)
    assert (lines["node"].str.lower() == "appears to").all()
