"""The options that ``corpus-tools`` commands share, each defined once.

Every command module builds its parser from these ``add_*`` functions for
any option that two or more commands have (the corpus argument, ``--out``,
``--by``, ``--measure``, ...), and reads their values with the helpers at
the end of this module (:func:`parse_selectors`, :func:`load_corpus`,
:func:`write_table`, :func:`report_errors`).

Where commands word or default the same option differently today, the
definition takes a *variant* (usually the command's name) and every variant
is spelled out in :data:`SHARED`, so the differences sit side by side in one
place. Every action an ``add_*`` function adds carries
``action.shared_option = (name, variant)``: ``tests/cli/test_options.py``
checks each command's parser against :data:`SHARED` with it.

The vocabulary itself, one name per thing for every table command, is
:data:`GRAMMAR` (README.md's "One grammar for every command" table shows it;
``tests/cli/test_grammar.py`` checks every command against it). An old
spelling stays accepted: a hidden alias (:class:`DeprecatedAlias`) or an old
value name (:data:`MEASURE_ALIASES`) works as before and logs one deprecation
line that names the new spelling (:func:`log_deprecations`).

This module imports nothing heavy: ``corpus-tools --help`` imports it.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> _ = add_min_freq(parser, "collocates")
>>> parser.parse_args([]).min_freq
1
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..errors import CorpusToolsError

logger = logging.getLogger(__name__)

__all__ = [
    "SHARED", "add_corpus_argument", "add_query_argument", "add_out", "add_force", "add_json", "add_by",
    "add_selector", "add_measures", "add_unit", "add_ngram", "add_min_freq", "add_case_sensitive",
    "add_seed", "add_n_boot", "add_p_measure", "GRAMMAR", "ALIASES", "TABLE_COMMANDS", "MEASURE_ALIASES",
    "DeprecatedAlias", "deprecate", "log_deprecations", "measure_names", "selected_corpus", "parse_selectors",
    "optional_selector", "check_selector", "load_corpus", "write_table", "report_errors",
]

_QUERY_HELP = "word, phrase, wildcard (suggest*) or regex (re:^suggest)"

# The measure names of corpus_tools.stats (KEYNESS_MEASURES, ASSOCIATION_MEASURES),
# written out because --help must not import numpy; tests/cli/test_help_and_errors.py
# checks them against the registries.
KEYNESS_MEASURE_NAMES = (
    "log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact_p", "log_ratio",
    "conservative_log_ratio", "percent_diff", "simple_maths", "odds_ratio", "relative_risk", "bic", "ell",
    "difference_coefficient", "log_odds_dirichlet")
ASSOCIATION_MEASURE_NAMES = (
    "mi", "mi3", "t_score", "z_score", "dice", "log_dice", "delta_p_collocate_given_node",
    "delta_p_node_given_collocate", "odds_ratio", "log_likelihood")


def _measures(names: tuple[str, ...]) -> dict:
    """Keywords of a repeatable ``--measure`` (into ``args.measures``) that accepts ``names``."""
    # No choices=: the library checks the names, with the message tests and users know.
    return dict(action="append", dest="measures", metavar="MEASURE")


def _listed(names: tuple[str, ...]) -> str:
    return "one of " + ", ".join(names)


#: Old measure names and the ``corpus_tools.stats`` name each now has (both are accepted).
MEASURE_ALIASES = {"fisher_exact": "fisher_exact_p"}

#: The p-value tests of ``--p-measure``, named as in ``corpus_tools.stats``.
P_MEASURE_NAMES = ("log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact_p")

#: The commands that write one table (``--out FILE`` or standard output).
TABLE_COMMANDS = ("keyness", "collocates", "ngrams", "kwic", "hedging")


def deprecate(namespace, old: str, new: str) -> None:
    """Record on ``namespace`` that ``old`` was typed, for :func:`log_deprecations` to report."""
    # Recorded, not logged: options are parsed before main() sets up logging (--quiet).
    notes = getattr(namespace, "deprecations", None) or []
    line = f"{old} is deprecated: use {new}"
    if line not in notes:
        notes.append(line)
    namespace.deprecations = notes


def log_deprecations(args) -> None:
    """Log one warning per old spelling that ``args`` was parsed from (see :func:`deprecate`)."""
    for line in getattr(args, "deprecations", None) or []:
        logger.warning(line)


class DeprecatedAlias(argparse.Action):
    """A hidden old spelling of an option: it sets the new option's value and records a deprecation.

    Parameters
    ----------
    option_strings, dest
        As for any argparse action; ``dest`` is the new option's.
    values : dict
        ``{old value: (new value, new spelling)}``: what each accepted value
        sets ``dest`` to and how to write it now.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("--case-sensitive", action="store_true")
    >>> _ = parser.add_argument("--unit", action=DeprecatedAlias, dest="case_sensitive",
    ...                         values={"surface": (True, "--case-sensitive")})
    >>> args = parser.parse_args(["--unit", "surface"])
    >>> args.case_sensitive, args.deprecations
    (True, ['--unit surface is deprecated: use --case-sensitive'])
    """

    def __init__(self, option_strings, dest, *, values: dict, **keywords):
        keywords.setdefault("help", argparse.SUPPRESS)
        keywords.setdefault("default", argparse.SUPPRESS)  # the new option's default stands
        super().__init__(option_strings, dest, metavar="/".join(values), **keywords)
        self.values = values

    def __call__(self, parser, namespace, value, option_string=None):
        if value not in self.values:
            raise argparse.ArgumentError(self, f"invalid choice: {value!r} (choose from {', '.join(self.values)})")
        new_value, spelling = self.values[value]
        setattr(namespace, self.dest, new_value)
        deprecate(namespace, f"{option_string} {value}", spelling)


#: Every shared option: ``SHARED[name][variant] = (flags, add_argument keywords)``.
SHARED: dict[str, dict[object, tuple[tuple[str, ...], dict]]] = {
    "corpus": {
        "info": (("corpus",), dict(help="corpus folder")),
        "keyness": (("corpus",), dict(help="corpus folder (written by ingest)")),
        "hedging": (("corpus",), dict(help="corpus folder (from corpus-tools ingest)")),
        "folder_or_source": (("corpus",), dict(help="corpus folder (from ingest) or a source file")),
    },
    "query": {
        "node": (("node",), dict(help=_QUERY_HELP)),
        "query": (("query",), dict(help=_QUERY_HELP)),
    },
    # variant: (what is written, required)
    "out": {
        ("table", False): (("--out",), dict(metavar="FILE", help="CSV file (plus FILE.meta.json); "
                                                                  "default: CSV on standard output")),
        ("corpus", True): (("--out",), dict(required=True, help="corpus folder to write")),
        ("folder", False): (("--out",), dict(help="output folder instead of the config's [output] folder")),
    },
    "force": {
        "corpus": (("--force",), dict(action="store_true", help="replace the corpus already saved in --out "
                                                              "(never a folder that holds no corpus)")),
        "folder": (("--force",), dict(action="store_true", help="replace an earlier run's output folder "
                                                              "(never a folder that holds other files)")),
    },
    "json": {
        "summary": (("--json",), dict(action="store_true", help="print the summary as JSON")),
    },
    "by": {
        "groups": (("--by",), dict(action="append", metavar="GROUPING",
                                   help="one table part per group, repeatable: a documents column (outlet), "
                                        "a period (month or period=month; day, week, quarter, year) or "
                                        "event:YYYY-MM-DD; the group column is named outlet, month, event")),
    },
    "selector": {
        "target": (("--target",), dict(help="the target side of the comparison (not a selection: see "
                                            "--select): field=value[,field=value...]; dates as "
                                            "date=START..END (either end may be empty)")),
        "select": (("--select",), dict(metavar="FIELD=VALUE", help="analyse only the documents matching "
                                                                 "field=value[,field=value...]; dates as "
                                                                 "date=START..END, periods as month=2016-03")),
    },
    "measures": {
        "keyness": (("--measure",), dict(_measures(KEYNESS_MEASURE_NAMES),
                                         help="keyness measure, repeatable (default: log_likelihood and "
                                              f"log_ratio): {_listed(KEYNESS_MEASURE_NAMES)}")),
        "collocates": (("--measure",), dict(_measures(ASSOCIATION_MEASURE_NAMES),
                                            help="association measure, repeatable (default: log_dice, mi, "
                                                 f"t_score, log_likelihood): {_listed(ASSOCIATION_MEASURE_NAMES)}")),
        "ngrams": (("--measure",), dict(_measures(ASSOCIATION_MEASURE_NAMES),
                                        help="measure for --association, repeatable (default: log_likelihood, "
                                             f"mi, t_score): {_listed(ASSOCIATION_MEASURE_NAMES)}")),
    },
    "p_measure": {
        "keyness": (("--p-measure",), dict(default="log_likelihood", metavar="MEASURE",
                                           help="the test p comes from with --test token: "
                                                f"{_listed(P_MEASURE_NAMES)} (default log_likelihood)")),
    },
    "unit": {
        "kwic": (("--unit",), dict(default="tokens", help="what --width counts: tokens (default: words) "
                                                          "or chars")),
        # keyness's old --unit lower|surface was the case, now --case-sensitive
        "keyness_case": (("--unit",), dict(action=DeprecatedAlias, dest="case_sensitive",
                                           values={"lower": (False, "no option (lower case is the default)"),
                                                   "surface": (True, "--case-sensitive")})),
    },
    "ngram": {
        "keyness": (("--ngram",), dict(type=int, default=1, metavar="N", help="n-gram length (default 1)")),
        # -n and --n: the old spellings of ngrams, kept
        "ngrams": (("--ngram", "-n", "--n"), dict(type=int, default=2, metavar="N",
                                                   help="n-gram length (default 2)")),
    },
    "min_freq": {
        # the API's DEFAULT_MIN_FREQ (not imported: the CLI starts without numpy)
        "keyness": (("--min-freq",), dict(type=int, default=5,
                                          help="minimum frequency on the side a term is key for "
                                               "(default 5; 0 keeps every term)")),
        "collocates": (("--min-freq",), dict(type=int, default=1,
                                             help="minimum co-occurrence frequency (default 1)")),
        "ngrams": (("--min-freq",), dict(type=int, default=None,
                                         help="minimum frequency (default 1, or 2 with --association)")),
    },
    "case_sensitive": {
        "words": (("--case-sensitive",), dict(action="store_true",
                                              help="match and count surface forms, May apart from may "
                                                   "(default: lower case, any case matches)")),
    },
    "seed": {
        "kwic": (("--seed",), dict(type=int, default=0, help="seed of --sample (default 0)")),
        "hedging": (("--seed",), dict(type=int, default=0, help="seed of the bootstrap (default 0)")),
        "keyness": (("--seed",), dict(type=int, default=0, help="seed of --test bootstrap (default 0)")),
    },
    "n_boot": {
        "hedging": (("--n-boot",), dict(type=int, default=2000,
                                        help="bootstrap resamples of the intervals (default 2000)")),
        "keyness": (("--n-boot",), dict(type=int, default=1000,
                                        help="resamples of --test bootstrap (default 1000)")),
    },
}


def _add(parser, name: str, variant):
    """Add ``SHARED[name][variant]`` to ``parser``; returns the action, marked as shared."""
    try:
        flags, keywords = SHARED[name][variant]
    except KeyError:
        raise ValueError(f"no shared option {name!r} of variant {variant!r}; "
                         f"known: {sorted(map(str, SHARED.get(name, {})))}") from None
    action = parser.add_argument(*flags, **keywords)
    action.shared_option = (name, variant)
    return action


# ----------------------------------------------------------------- definitions

def add_corpus_argument(parser, variant: str = "folder_or_source"):
    """The positional ``corpus`` argument: a saved corpus folder (or, for the table commands, a source)."""
    return _add(parser, "corpus", variant)


def add_query_argument(parser, name: str = "query"):
    """The positional search term (``node`` of collocates, ``query`` of kwic)."""
    return _add(parser, "query", name)


def add_out(parser, required: bool = False, what: str = "table"):
    """``--out``: a table command's CSV ``table`` (else standard output; see :func:`write_table`),
    ingest's ``corpus`` folder or run's output ``folder``."""
    return _add(parser, "out", (what, required))


def add_force(parser, what: str):
    """``--force``: replace an earlier output (ingest's ``corpus``, run's ``folder``)."""
    return _add(parser, "force", what)


def add_json(parser):
    """``--json``: print the corpus summary as JSON (ingest, info)."""
    return _add(parser, "json", "summary")


def add_by(parser, variant: str = "groups"):
    """``--by``: grouping columns or periods, repeatable; each group column named as in every table (``period=month`` -> ``month``)."""
    return _add(parser, "by", variant)


def add_selector(parser, name: str = "select"):
    """A ``field=value[,field=value...]`` document selector: ``--target`` or ``--select``.

    Read its value with :func:`parse_selectors` or :func:`optional_selector`.
    """
    return _add(parser, "selector", name)


def add_measures(parser, variant: str):
    """``--measure`` (repeatable, into ``args.measures``)."""
    return _add(parser, "measures", variant)


def add_unit(parser, variant: str):
    """``--unit``: what is counted (kwic: tokens or chars); ``keyness_case`` is keyness's old
    ``--unit lower|surface``, now an alias of ``--case-sensitive``."""
    return _add(parser, "unit", variant)


def add_ngram(parser, variant: str):
    """The n-gram length: keyness's ``--ngram`` or ngrams' ``-n``/``--n``."""
    return _add(parser, "ngram", variant)


def add_min_freq(parser, variant: str):
    """``--min-freq``: minimum frequency (its default differs by command)."""
    return _add(parser, "min_freq", variant)


def add_case_sensitive(parser, variant: str = "words"):
    """``--case-sensitive``: surface forms instead of lower case."""
    return _add(parser, "case_sensitive", variant)


def add_p_measure(parser, variant: str = "keyness"):
    """``--p-measure``: the token test of p (read it with :func:`measure_names`)."""
    return _add(parser, "p_measure", variant)


def add_n_boot(parser, variant: str):
    """``--n-boot``: bootstrap resamples."""
    return _add(parser, "n_boot", variant)


def add_seed(parser, variant: str):
    """``--seed``: the random seed (default 0)."""
    return _add(parser, "seed", variant)


# ------------------------------------------------------------------ the grammar

#: One name per thing, for every table command: ``GRAMMAR[thing] = (flags, commands, meaning)``.
#: README.md's "One grammar for every command" table writes it out; tests/cli/test_grammar.py
#: checks each parser against it.
GRAMMAR: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "corpus": (("corpus",), TABLE_COMMANDS, "the corpus folder (ingest's --out) or a source file"),
    "documents": (("--select",), TABLE_COMMANDS, "the documents analysed: FIELD=VALUE[,FIELD=VALUE]"),
    "output": (("--out",), TABLE_COMMANDS, "CSV file plus FILE.meta.json; without it, CSV on standard output"),
    "grouping": (("--by",), ("keyness", "collocates", "ngrams", "hedging"),
                 "one table part per group, repeatable; group column named as the column or period"),
    "case": (("--case-sensitive",), ("keyness", "collocates", "ngrams", "kwic"),
             "match and count surface forms; default lower case"),
    "unit": (("--unit",), ("kwic",), "only what is counted (kwic: what --width counts, tokens or chars)"),
    "measures": (("--measure",), ("keyness", "collocates", "ngrams"),
                 "repeatable; the names of corpus_tools.stats"),
    "ngram": (("--ngram",), ("keyness", "ngrams"), "n-gram length"),
    "min_freq": (("--min-freq",), ("keyness", "collocates", "ngrams"), "minimum frequency"),
    "seed": (("--seed",), ("keyness", "kwic", "hedging"), "random seed (default 0)"),
    "n_boot": (("--n-boot",), ("keyness", "hedging"), "bootstrap resamples"),
}

#: Old spellings that still work: ``(command, old argv, new argv, deprecated)``; a deprecated
#: one logs "OLD is deprecated: use NEW", the others are plain second names of an option.
ALIASES = (
    ("keyness", ("--unit", "surface"), ("--case-sensitive",), True),
    ("keyness", ("--unit", "lower"), (), True),
    ("keyness", ("--p-measure", "fisher_exact"), ("--p-measure", "fisher_exact_p"), True),
    ("keyness", ("--measure", "fisher_exact"), ("--measure", "fisher_exact_p"), True),
    ("ngrams", ("-n", "3"), ("--ngram", "3"), False),
    ("ngrams", ("--n", "3"), ("--ngram", "3"), False),
)


def measure_names(names, option: str, args=None) -> list[str]:
    """``names`` with each old measure name replaced by its ``corpus_tools.stats`` name.

    Parameters
    ----------
    names : iterable of str
        As typed after ``option``.
    option : str
        ``--measure`` or ``--p-measure``, for the deprecation line.
    args : argparse.Namespace, optional
        Where the deprecation is recorded; without it, it is logged now.

    Examples
    --------
    >>> measure_names(["log_ratio", "fisher_exact_p"], "--measure")
    ['log_ratio', 'fisher_exact_p']
    """
    found = []
    for name in names:
        new = MEASURE_ALIASES.get(name)
        if new is not None:
            if args is None:
                logger.warning("%s %s is deprecated: use %s %s", option, name, option, new)
            else:
                deprecate(args, f"{option} {name}", f"{option} {new}")
        found.append(new or name)
    return found


# ----------------------------------------------------------- reading the values

def parse_selectors(text: str, option: str) -> dict:
    """``outlet=X,month=2016-03,date=2016-01-01..2016-12-31`` -> a selector dict.

    Parameters
    ----------
    text : str
        ``field=value`` pairs joined by commas; a date range as
        ``date=START..END`` (either end may be empty).
    option : str
        The command-line option's name, for error messages.

    Examples
    --------
    >>> parse_selectors("outlet=Vox,date=2016-01-01..", "target")
    {'outlet': 'Vox', 'date': ('2016-01-01', None)}
    """
    found = {}
    for part in text.split(","):
        field, sep, value = part.partition("=")
        field, value = field.strip(), value.strip()
        if not sep or not field:
            raise ValueError(f"--{option} must be field=value pairs joined by commas "
                             f"(e.g. outlet=X,month=2016-03). Got {text!r}.")
        if field == "date":
            start, dots, end = value.partition("..")
            if not dots:
                raise ValueError(f"--{option}: a date selector is date=START..END. Got {value!r}.")
            found["date"] = (start or None, end or None)
        else:
            found[field] = value
    return found


def optional_selector(text: str | None, option: str) -> dict | None:
    """A selector dict from an optional selector option, or None when it is absent."""
    return parse_selectors(text, option) if text else None


def check_selector(corpus, selector: dict | None, option: str) -> dict | None:
    """``selector``, once every field and value it names exists in ``corpus``; else a ValueError.

    A value that no document has is a typo, not an empty selection: the
    error names the option and suggests close values ("no outlet 'vox';
    did you mean 'Vox'?"), listing them when they are few.

    Parameters
    ----------
    corpus : Corpus
    selector : dict or None
        From :func:`parse_selectors` (``date`` ranges are not checked).
    option : str
        The option's name, for the message (``select``, ``compare``).
    """
    from .._suggest import did_you_mean

    for field, wanted in (selector or {}).items():
        if field == "date":
            continue
        try:
            labels = corpus.group_labels(field)
        except (ValueError, TypeError):
            columns = [c for c in corpus.documents.columns if c not in ("text", "title")]
            raise ValueError(f"--{option}: {did_you_mean(field, columns, what='field')}") from None
        values = set(labels.dropna().astype(str))
        for value in wanted if isinstance(wanted, (list, tuple)) else [wanted]:
            if str(value) not in values:
                raise ValueError(f"--{option} {field}={value}: {did_you_mean(value, values, what=field)}")
    return selector


def selected_corpus(corpus, args):
    """``corpus``, or only its documents that ``args.select`` (``--select``) matches.

    The selector is checked first (:func:`check_selector`), so a mistyped
    field or value is an error, not an empty table.
    """
    selector = check_selector(corpus, optional_selector(getattr(args, "select", None), "select"), "select")
    if not selector:
        return corpus
    date = selector.pop("date", None)
    chosen = corpus.subset(date=date, **selector)
    if not len(chosen):
        raise ValueError(f"--select {args.select}: no documents match")
    return chosen


def load_corpus(path: str):
    """The corpus a ``folder_or_source`` corpus argument names: a saved folder, else built from the source."""
    from ..corpus.corpus import Corpus

    folder = Path(path)
    if (folder / "corpus.json").is_file():
        return Corpus.load(folder)
    from ..corpus.build import build_corpus

    return build_corpus(path)


def write_table(table, args, corpus, parameters: dict | None = None) -> None:
    """Write a table to ``args.out`` (CSV + sidecar), else as CSV to standard output: every table command.

    Parameters
    ----------
    table : pandas.DataFrame
    args : argparse.Namespace
        With ``out`` (None: standard output).
    corpus : Corpus
        Recorded in the sidecar.
    parameters : dict, optional
        Extra parameters for the sidecar.
    """
    if args.out:
        try:
            from ..report.export import to_csv
        except ImportError:  # export not available: plain CSV
            table.to_csv(args.out, index=False, encoding="utf-8", lineterminator="\n")
        else:
            to_csv(table, args.out, parameters=parameters, corpus=corpus)
        logger.info("wrote %d rows to %s", len(table), args.out)
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")


def report_errors(body, args) -> int:
    """Run ``body(args)``; a user error is written to standard error as one line and gives exit status 2.

    Used by the handlers of collocates, ngrams and kwic, which report their
    own errors (also when called without :func:`corpus_tools.cli.main.main`).
    With ``args.debug`` the error is raised (its traceback shown); a broken
    pipe is always raised, for :func:`~corpus_tools.cli.main.main` to end quietly.
    """
    from .main import error_line

    try:
        body(args)
    except BrokenPipeError:
        raise  # main() exits quietly when the reader of standard output has gone
    except (ValueError, TypeError, CorpusToolsError, OSError) as error:
        if getattr(args, "debug", False):
            raise
        sys.stderr.write(error_line(args.command, error, getattr(args, "option_flags", None)) + "\n")
        return 2
    return 0


def add_date_options(parser):
    """``--date-format`` and ``--dayfirst/--no-dayfirst``: how a source's dates are read.

    Both default to None (the loader decides the day/month order once for
    the whole source and says how); see
    :func:`corpus_tools.text.dates.parse_dates`.
    """
    parser.add_argument("--date-format", metavar="FORMAT",
                        help="strptime format of every date, e.g. %%d.%%m.%%Y (default: inferred)")
    parser.add_argument("--dayfirst", action=argparse.BooleanOptionalAction, default=None,
                        help="read 03/02/2020 as 3 February (--no-dayfirst: as 2 March); "
                             "default: decided from the dates that can only be read one way")


def date_options(args) -> dict:
    """The loader keywords for the date options that were given."""
    return {key: value for key, value in (("date_format", args.date_format),
                                          ("dayfirst", args.dayfirst)) if value is not None}
