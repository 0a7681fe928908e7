"""Normalisation cases shared by the tests of both engines and of normalising while loading."""

from corpus_tools.text.normalize import DEFAULT_BOILERPLATE_LINES, NormalizationSettings

ALL_OFF = NormalizationSettings(
    mojibake=False, nfc=False, quotes=False, dashes=False, whitespace=False,
    boilerplate_lines=(), repeated_lines=False, inline_furniture=False, template_lines=False,
)


def only(**on) -> NormalizationSettings:
    """Settings with every step off except those given."""
    fields = {"mojibake": False, "nfc": False, "quotes": False, "dashes": False,
              "whitespace": False, "boilerplate_lines": (), "repeated_lines": False,
              "inline_furniture": False, "template_lines": False}
    fields.update(on)
    return NormalizationSettings(**fields)


# every raw text of the cases above, plus texts that probe where Rust and
# Python semantics could part ways
ENGINE_TEXTS = [
    "Lead \u201cquote\u201d\u2014here.\r\n\r\n\r\nSub head line\n\nAdvertisement\n\nBody\u00a0\u00a0text. ",
    "don\u00e2\u20ac\u2122t \u2013 cafe\u0301\n\n\n  x  ",
    "", "   ", "\u201cWe\u2019re \u2018in\u2019\u201d \u201eja\u201c \u00abnon\u00bb 5\u2032 6\u2033",
    "2012\u20132020 and \u22125", "candidates\u2014Tim Pawlenty\u2014declined", "one \u2014 two \u2015 three",
    "  a\u00a0\u00a0b\tc \r\nd\u200b e\u00adf  \n\n\n\n\ng  ", "para one\n \n \npara two",
    "cafe\u0301", "Text.\n\nADVERTISEMENT\n\nMore.", "Advertisement\nText.",
    "See the Advertisement below.\n\nClick here to subscribe\n\nWe said: Comments are closed.",
    "SÃO PAULO and Âge", "Lead.\n\nA real subheading\n\nBody.",
    "First line no stop\n\nBody.\n\nLast line no stop", "Lead.\n\nlower case start here\n\nBody.",
    "Lead.\n\nOne\n\nTwo words\n\nThree more words\n\nBody.", "Lead.\n\n2020 in review\n\nBody.",
    "Lead.\n\n" + " ".join(["Word"] * 16) + "\n\nBody.",
    # dashes close together, spaces made by other steps, line ends made by the map
    "a \u2015 \u2014 b", "a \u2014\u2014 b \u2014 \u2014 c", "x\u00a0\u2014\u00a0y", "x \u200b\u2014 y",
    "one\r\u2028two\r\u200b\nthree\u2029four", "tab\t\x0b\x0cend\x1c\x85 \n\n\n\u3000",
    # case-insensitive matches with non-ASCII letters; edge whitespace Python sees
    "Body.\n\nAdvert\u0131sement\n\nMore.", "Body.\n\nSHARE THI\u017f\n\nEnd.",
    "Body.\n\n\x1cComments are closed.\x85\n\nEnd.", "Advertisement\nAdvertisement\nText.",
    # subheadings: long, underscores, non-ASCII first letters, three blank lines
    "Lead.\n\n" + "Long " * 70 + "end\n\nBody.", "Lead.\n\n_Under score_\n\nBody.",
    "Lead.\n\n\u00c9lan vital returns\n\nBody.", "Lead.\n\n\n\nSpaced out heading\n\n\nBody.",
    "Lead.\n\n\u00bdHalf measures here\n\nBody.", None,
]
ENGINE_TITLES = ["A \u2018title\u2019", "Plain\ntitle", "  Two\u2028lines\x1cand  more ", None,
                 "don\u00e2\u20ac\u2122t \u2014 stop"]

ENGINE_SETTINGS = [
    NormalizationSettings(),
    ALL_OFF,
    only(quotes=True), only(dashes=True), only(whitespace=True), only(nfc=True), only(mojibake=True),
    only(boilerplate_lines=DEFAULT_BOILERPLATE_LINES),
    NormalizationSettings(whitespace=False),
    NormalizationSettings(dashes=False, quotes=False),
    NormalizationSettings(repeated_min_docs=2, repeated_min_share=0.0, subheading_max_words=3),
    # patterns with constructs the Rust prefilter widens or cannot take
    NormalizationSettings(boilerplate_lines=(r"(?s:sub\w+) line", r"[^\d]{3}", r"\bBody\b\.?",
                                             r"(?=Lead)Lead\.", r"(a)\1")),
]


