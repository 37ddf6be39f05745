from __future__ import annotations

import pytest

from bot.dialogue.feedback import MAX_COMMENT_LENGTH, read_comment, read_rating


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        (5, 5),
        (4.0, 4),
        ("5", 5),
        ("five", 5),
        ("4 stars", 4),
        ("I'd give it a 3", 3),
        (0, None),
        (6, None),
        (3.5, None),
        (True, None),
        (None, None),
        ("great", None),
        ("", None),
    ],
)
def test_ratings_from_buttons_and_words(value: object, rating: int | None) -> None:
    assert read_rating(value) == rating


def test_comments_are_kept_as_written_and_no_means_none() -> None:
    assert read_comment("  Loved it!  ", declined=False) == "Loved it!"
    assert read_comment("No.", declined=False) == ""
    assert read_comment("whatever", declined=True) == ""
    assert len(read_comment("x" * (MAX_COMMENT_LENGTH * 3), declined=False)) == MAX_COMMENT_LENGTH
