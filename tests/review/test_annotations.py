from __future__ import annotations

import pytest

from bot.review.annotations import MAX_NOTE_LENGTH, MAX_TAG_LENGTH, check_note, normalise_tag


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("urgent", "urgent"),
        ("  Urgent ", "urgent"),
        ("Follow   UP", "follow up"),
        ("follow\tup\n", "follow up"),
        ("size-42_eu", "size-42_eu"),
        ("Größe", "größe"),
        ("x" * MAX_TAG_LENGTH, "x" * MAX_TAG_LENGTH),
        ("7", "7"),
    ],
)
def test_tags_are_normalised(typed: str, tag: str) -> None:
    assert normalise_tag(typed) == tag


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "cannot be empty"),
        (" \t\n", "cannot be empty"),
        ("x" * (MAX_TAG_LENGTH + 1), "at most 64"),
        ("<script>", "only hold letters"),
        ("a,b", "only hold letters"),
        ("=cmd", "only hold letters"),
        ("nul\x00", "only hold letters"),
        ("emoji 🙂", "only hold letters"),
        ("'; DROP TABLE x; --", "only hold letters"),
    ],
)
def test_bad_tags_are_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_tag(typed)


def test_notes_lose_surrounding_whitespace_only() -> None:
    assert check_note("\n  line one\n  line two  \n") == "line one\n  line two"
    assert check_note("x" * MAX_NOTE_LENGTH) == "x" * MAX_NOTE_LENGTH
    assert check_note("<b>bold</b>") == "<b>bold</b>"


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "cannot be empty"), ("  \n ", "cannot be empty"), ("y" * 5001, "this one has 5001")],
)
def test_bad_notes_are_refused(body: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_note(body)
