"""The lexicon pattern language, loading, combining and its errors."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corpus_tools.errors import InvalidRecordError
from corpus_tools.query.lexicon import (
    LEXICON_COLUMNS, TokenSpec, combine_lexicons, default_lexicon, expand_optional, load_lexicon,
    number_indices, parse_pattern,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "hedging"


def test_parse_literals_alternatives_wildcards_numbers():
    specs = parse_pattern("About|AROUND suggest* $? NUM")
    assert specs[0] == TokenSpec(("about", "around"))
    assert specs[1] == TokenSpec((), ("suggest",))
    assert specs[2] == TokenSpec(("$",), optional=True)
    assert specs[3] == TokenSpec(number=True)


def test_case_sensitive_keeps_case_and_lone_question_mark_is_literal():
    assert parse_pattern("May", case_sensitive=True)[0].words == ("May",)
    assert parse_pattern("why ?")[1] == TokenSpec(("?",))


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("may|", "empty alternative"), ("sug*gest", "only end a word"),
    ("a? b?", "optional"),
])
def test_parse_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        parse_pattern(bad)


def test_expand_optional_longest_first():
    seqs = expand_optional(parse_pattern("without a? doubt"))
    assert [len(s) for s in seqs] == [3, 2]
    assert seqs[1][0].words == ("without",) and seqs[1][1].words == ("doubt",)


def test_token_table_over_sorted_vocab():
    vocab = np.array(sorted(["1,250", "3.5", "300", "1990s", "12-year-old", "suggest", "suggested",
                             "suggestion", "sugar", "half", "the"]), dtype=object)
    table = parse_pattern("suggest*")[0].table(vocab)
    assert sorted(vocab[table]) == ["suggest", "suggested", "suggestion"]
    numbers = set(vocab[number_indices(vocab)])
    assert numbers == {"1,250", "3.5", "300", "1990s", "half"}


def test_default_lexicon_is_well_formed():
    lex = default_lexicon()
    frame = lex.to_frame()
    assert list(frame.columns) == list(LEXICON_COLUMNS)
    assert set(frame["type"]) == {"hedge", "booster"}
    assert frame["pattern"].is_unique
    assert set(frame["source"]) <= {"hyland2005", "puy2023", "meyersbs", "columbia_llaca", "news"}
    assert {"epistemic_modal", "epistemic_verb", "adverb", "adjective", "noun", "approximator",
            "attribution", "conditional"} <= set(frame.loc[frame["type"] == "hedge", "category"])
    # The news attribution hedges the issue names are in.
    for phrase in ("according to", "reportedly"):
        assert phrase in set(frame["pattern"])
    may = frame.loc[frame["pattern"] == "may"].iloc[0]
    assert may["case_sensitive"]


def test_load_user_csv_and_combine_with_default():
    own = load_lexicon(DATA / "user_lexicon.csv")
    assert [e.pattern for e in own.entries] == ["it is feared", "in all likelihood", "may"]
    may = own.entries[2]
    assert not may.case_sensitive
    assert [s.words for s in may.before[0]] == [("in", "of", "since", "until", "theresa")]
    assert may.after[0][0].number
    both = load_lexicon(DATA / "user_lexicon.csv", with_default=True)
    default = default_lexicon()
    assert len(both) == len(default) + 2  # "may" replaces the default row, in place
    assert both.entries[0].pattern == "may" and not both.entries[0].case_sensitive
    assert both.entries[0].category == "modal"


def test_load_from_dict_list_and_frame():
    lex = load_lexicon({"it is feared": "attribution", "sure that": {"type": "booster", "category": "adj"}})
    assert [(e.pattern, e.type, e.category) for e in lex.entries] == [
        ("it is feared", "hedge", "attribution"), ("sure that", "booster", "adj")]
    frame = pd.DataFrame({"pattern": ["a b"], "category": ["x"]})
    assert load_lexicon(frame).entries[0].type == "hedge"
    assert load_lexicon([{"pattern": "a", "category": "x"}]).entries[0].pattern == "a"


def test_combine_later_row_wins_in_first_position():
    a = load_lexicon({"may": "one", "might": "one"})
    b = load_lexicon({"might": "two", "could": "two"})
    assert [(e.pattern, e.category) for e in combine_lexicons(a, b).entries] == [
        ("may", "one"), ("might", "two"), ("could", "two")]


@pytest.mark.parametrize("name, line, message", [
    ("bad_type.csv", 4, "type must be one of"),
    ("bad_pattern.csv", 3, "empty alternative"),
    ("bad_flag.csv", 3, "case_sensitive must be true or false"),
    ("bad_fields.csv", 4, "2 fields where the header has 3"),
    ("bad_header.csv", 1, "unknown column"),
])
def test_malformed_lexicon_names_the_line(name, line, message):
    with pytest.raises(InvalidRecordError, match=rf"{name}, line {line}: .*{message}"):
        load_lexicon(DATA / name)


def test_malformed_dict_entry_names_the_entry():
    with pytest.raises(InvalidRecordError, match="entry 2: .*category is empty"):
        load_lexicon([{"pattern": "a", "category": "x"}, {"pattern": "b", "category": ""}])
    with pytest.raises(InvalidRecordError, match="appears twice"):
        load_lexicon([{"pattern": "a", "category": "x"}, {"pattern": "a", "category": "y"}])


def test_missing_file_and_wrong_type():
    with pytest.raises(FileNotFoundError, match="lexicon file not found"):
        load_lexicon(DATA / "no_such.csv")
    with pytest.raises(TypeError, match="'source' parameter of load_lexicon"):
        load_lexicon(42)
