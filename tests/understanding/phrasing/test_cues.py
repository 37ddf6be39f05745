import pytest

from bot.understanding.phrasing.cues import Cues
from bot.understanding.text import tokenize


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("with a cable tray", True),
        ("add cable tray", True),
        ("and the cable tray", True),
        ("no cable tray", False),
        ("without a cable tray", False),
        ("I don't want a cable tray", False),
        ("I'd like no cable tray", False),
        ("skip the cable tray", False),
        ("cable tray", None),
        ("what is a cable tray", None),
        ("no, cable tray", None),
        ("without the big cable tray", None),
    ],
)
def test_cue_right_before_the_attribute(message: str, wanted: bool | None) -> None:
    tokens = tokenize(message)
    start = next(i for i, t in enumerate(tokens) if t.folded == "cable")
    assert Cues(tokens).wanted(start) is wanted
