"""Tests for corpus_tools.text.boilerplate (inline furniture, template lines).

Every text here is invented for the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_tools.text.boilerplate import (
    cut_inline_furniture,
    drop_template_lines,
    drop_templates_by_outlet,
    find_templates,
)
from corpus_tools.text.normalize import NormalizationSettings, normalize_documents

NAMES = ["Ann Lee", "Bo Chan", "Cy Roe", "Di Park", "Ed Moss", "Flo Ray", "Gus Tan", "Hal Bee",
         "Ida Fox", "Jo Wren", "Kit Ash", "Lu Moon"]


def story(i: int) -> str:
    return (f"The council met on day {i} and voted on the budget for the coming year. "
            f"Members argued about roads, schools and the library for hours.")


def outlet_texts(n: int, template: str, *, every: int = 1) -> list[str]:
    """n invented articles; every ``every``-th one carries a template line with a new name."""
    return [f"{story(i)}\n\n{template.format(name=NAMES[i % len(NAMES)])}" if i % every == 0
            else story(i) for i in range(n)]


# ---------------------------------------------------------------- templates


def test_template_removed_and_lookalike_sentence_kept():
    texts = outlet_texts(10, "Get the Morning Digest newsletter from {name} here")
    lookalike = ("Get the Morning Digest newsletter from the archive if you want to see how "
                 "the paper covered the floods of the spring before last.")
    texts.append(f"{story(99)}\n\n{lookalike}")
    new, removed = drop_template_lines(texts)
    assert all("Morning Digest" not in t for t in new[:10])
    assert all(t.startswith("The council met") for t in new[:10])
    assert lookalike in new[10]  # same start, but its slot is a long sentence
    assert len(removed) == 1
    assert removed[0]["documents"] == 10 and removed[0]["lines"] == 10
    assert removed[0]["template"].endswith(" …")
    assert "Get the Morning Digest newsletter" in removed[0]["template"]


def test_suffix_template_removed():
    texts = outlet_texts(8, "{name} contributed reporting from the capital")
    new, removed = drop_template_lines(texts)
    assert all("contributed reporting" not in t for t in new)
    assert [r["template"] for r in removed] == ["… contributed reporting from the capital"]


def test_affix_that_often_opens_prose_is_no_template():
    # "Officials in the region named" opens 8 short lines and 12 long ones: impure
    texts = outlet_texts(8, "Officials in the region named {name}")
    long_line = ("Officials in the region named the bridge after a local hero and said the bridge would stay closed until the engineers "
                 "had checked every bolt and cable, which could take most of the summer.")
    texts += [f"{story(50 + i)}\n\n{long_line} Day {i}." for i in range(12)]
    templates = find_templates(texts)
    assert all("Officials" not in t.affix for t in templates)
    new, removed = drop_template_lines(texts)
    assert new == texts and removed == []


@pytest.mark.parametrize("n, every, kept", [
    (12, 3, True),    # 4 documents: below min_docs=5
    (120, 24, True),  # 5 of 120 documents: below min_share=0.05 (needs 6)
    (120, 20, False),  # 6 of 120 documents: a template
])
def test_template_thresholds(n, every, kept):
    texts = outlet_texts(n, "Listen to the podcast with {name} now", every=every)
    new, _removed = drop_template_lines(texts)
    assert any("podcast" in t for t in new) == kept


def test_function_word_affix_is_no_template():
    texts = [f"{story(i)}\n\nWhat is the {word}?\n\n{story(i + 1)}"
             for i, word in enumerate(["tax", "plan", "vote", "deal", "cost", "rule", "aim"])]
    new, removed = drop_template_lines(texts)
    assert new == texts and removed == []


def test_document_of_template_lines_only_is_kept_whole():
    texts = outlet_texts(6, "Sponsored by the Hometown Bakery and {name}")
    texts.append("Sponsored by the Hometown Bakery and Zed Zane")
    new, removed = drop_template_lines(texts)
    assert new[-1] == texts[-1]
    assert removed[0]["documents"] == 6


def test_templates_are_per_outlet():
    x = outlet_texts(6, "Sponsored by the Hometown Bakery and {name}")
    y = outlet_texts(4, "Sponsored by the Hometown Bakery and {name}")  # too few in outlet Y
    new, changed, removed = drop_templates_by_outlet(x + y, ["X"] * 6 + ["Y"] * 4)
    assert changed == list(range(6))
    assert new[6:] == y
    assert [(r["outlet"], r["documents"]) for r in removed] == [("X", 6)]


def test_missing_texts_and_outlets():
    texts = outlet_texts(6, "Sponsored by the Hometown Bakery and {name}") + [None]
    new, changed, removed = drop_templates_by_outlet(texts, [None] * 6 + ["X"])
    assert new[-1] is None and changed == list(range(6))
    assert removed[0]["outlet"] is None


# ---------------------------------------------------------------- inline furniture


@pytest.mark.parametrize("raw, expected, name", [
    ("Enlarge this image toggle caption Ann Lee/Getty Images Ann Lee/Getty Images "
     "The mayor spoke first.", "The mayor spoke first.", "toggle caption"),
    ("The mayor spoke first.\ntoggle caption Bo Chan/AP\nShe left.", "The mayor spoke first.\n\nShe left.",
     "toggle caption"),
    ("The mayor spoke first. hide caption", "The mayor spoke first.", "hide caption"),
    ("Image copyright Cy Roe Image caption Crowds gathered in the square",
     "Crowds gathered in the square", "Image copyright"),
    ("JUST WATCHED Mayor on roads Replay More Videos ... MUST WATCH Mayor on roads 02:15\n\nText.",
     "Text.", "JUST WATCHED"),
    ("Story highlights The mayor spoke first", "The mayor spoke first", "Story highlights"),
    ("The mayor spoke. (AP Photo/Di Park)", "The mayor spoke.", "photo credit"),
    ("Lead.\n\nEd Moss/AP Photo\n\nMore.", "Lead.\n\nMore.", "photo credit"),
    ("Voters lined up in the rain. Flo Ray/Reuters/Landov", "Voters lined up in the rain.", "photo credit"),
    ("Lead.\ntoggle caption Gus Tan collection\nMore.", "Lead.\n\nMore.", "toggle caption"),
    ("The vote is near. ( PHOTOS: Ten days on the trail) Aides are calm.",
     "The vote is near. Aides are calm.", "related link"),
    ("The vote is near.\n\nNewsletter Sign Up Continue reading the main story Please verify you're "
     "not a robot by clicking the box. Invalid email. Sign Up Thank you for subscribing.\n\nAides are calm.",
     "The vote is near.\n\nAides are calm.", "newsletter box"),
    ("Lead.\nFacebook Twitter Pinterest The mayor at the pier. Photograph: Di Park/Harbour Press\nMore.",
     "Lead.\n\nMore.", "picture block"),
    ("The mayor at the pier. Photograph: Di Park/Harbour Press", "The mayor at the pier.", "photo credit"),
    ("Police came. [Di Park/Getty Images/AFP] Then rain.", "Police came. Then rain.", "photo credit"),
    ("Harbour days Harbour days Harbour days - Boats leave the pier at dawn.",
     "Boats leave the pier at dawn.", "gallery title"),
    ("The vote is near. Continue reading the main story Aides are calm.",
     "The vote is near. Aides are calm.", "Continue reading"),
    ("Media playback is unsupported on your device Media caption The mayor explains the plan",
     "The mayor explains the plan", "Media caption"),
])
def test_inline_furniture_cut(raw, expected, name):
    new, cut = cut_inline_furniture(raw)
    assert new == expected
    assert cut[name] >= 1


@pytest.mark.parametrize("text", [
    "They toggle caption settings on the old television.",
    "The museum will enlarge this image of the harbour for the show.",
    "Do not hide captions from deaf viewers, the group said.",
    "Prices rose 3/4 of a point and/or more.",
    "She watched the replay twice.",
    "The paper ran the photograph: a pier at dawn, empty.",
    "He pinned it on Pinterest and Twitter.",
    "Stop it, stop it - she said.",
    "The long road home - a review.",
])
def test_inline_furniture_leaves_prose(text):
    assert cut_inline_furniture(text) == (text, {})


# ---------------------------------------------------------------- in normalize_documents


def furniture_frame() -> pd.DataFrame:
    texts = outlet_texts(8, "Get the Morning Digest newsletter from {name} here")
    texts[0] = "Enlarge this image toggle caption Ann Lee/AP Ann Lee/AP " + texts[0]
    texts += outlet_texts(3, "Get the Morning Digest newsletter from {name} here")
    outlets = ["X"] * 8 + ["Y"] * 3
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlets,
                         "title": [f"Title {i}" for i in range(len(texts))], "text": texts})


def test_normalize_documents_reports_furniture():
    result = normalize_documents(furniture_frame())
    report = result.report
    assert report["steps"]["inline_furniture"] == 1
    assert report["steps"]["template_lines"] == 8
    assert report["removed_inline_furniture"] == [
        {"outlet": "X", "furniture": "toggle caption", "documents": 1, "cuts": 1}]
    [entry] = report["removed_template_lines"]
    assert (entry["outlet"], entry["documents"], entry["lines"]) == ("X", 8, 8)
    texts = result.documents["text"].tolist()
    assert all("Morning Digest" not in t for t in texts[:8])
    assert all("Morning Digest" in t for t in texts[8:])  # outlet Y: 3 documents only
    assert texts[0].startswith("The council met")


@pytest.mark.parametrize("settings", [
    NormalizationSettings(),
    NormalizationSettings(inline_furniture=False),
    NormalizationSettings(template_lines=False),
    NormalizationSettings(template_min_docs=2, template_min_purity=0.5, template_max_slot_words=3),
])
def test_engines_agree_with_furniture(settings):
    docs = furniture_frame()
    polars = normalize_documents(docs, settings, engine="polars")
    python = normalize_documents(docs, settings, engine="python")
    pd.testing.assert_frame_equal(polars.documents, python.documents)
    assert polars.report == python.report


def test_furniture_steps_switch_off():
    docs = furniture_frame()
    off = NormalizationSettings(inline_furniture=False, template_lines=False)
    result = normalize_documents(docs, off)
    assert result.documents["text"].tolist() == docs["text"].tolist()
    assert result.report["removed_inline_furniture"] == []
    assert result.report["removed_template_lines"] == []


@pytest.mark.parametrize("field, value, error, match", [
    ("template_lines", "yes", TypeError, "'template_lines' parameter of NormalizationSettings"),
    ("inline_furniture", 1, TypeError, "'inline_furniture' parameter of NormalizationSettings"),
    ("template_min_docs", 0, ValueError, "'template_min_docs' parameter"),
    ("template_min_purity", 1.5, ValueError, "'template_min_purity' parameter"),
    ("template_max_affix_words", 2.5, TypeError, "'template_max_affix_words' parameter"),
])
def test_template_settings_are_checked(field, value, error, match):
    with pytest.raises(error, match=match):
        NormalizationSettings(**{field: value})
