"""Attributes named without a value, through `extract`, on small catalogs."""

from bot.understanding import extract

from ..support import choice, option, product, text, yes_no

BAG = product(
    "bag",
    choice("strap", option("leather"), option("chain"), name="shoulder strap"),
    yes_no("gift_wrap", "gift wrap"),
    text("tag", "name tag", "tag"),
    choice("lining", option("silk"), option("cotton")),
    name="Tote bag",
    also_called=("tote",),
)


def test_a_yes_no_attribute_is_answered_by_the_cue_before_it() -> None:
    assert extract("with gift wrap", BAG).values == {"gift_wrap": True}
    assert extract("and gift wrap please", BAG).values == {"gift_wrap": True}
    assert extract("no gift wrap", BAG).values == {"gift_wrap": False}
    assert extract("without the gift wrap", BAG).values == {"gift_wrap": False}


def test_an_optional_attribute_after_a_declining_cue_is_skipped() -> None:
    assert extract("no name tag", BAG).skipped == {"tag"}
    assert extract("no lining", BAG).skipped == set()


def test_an_attribute_named_alone_is_mentioned() -> None:
    assert extract("change the strap", BAG).mentioned == {"strap"}
    assert extract("gift wrap?", BAG).mentioned == {"gift_wrap"}
    assert extract("no lining", BAG).mentioned == {"lining"}


def test_words_describing_a_value_or_the_product_mention_nothing() -> None:
    assert extract("leather strap", BAG).mentioned == set()
    assert extract("a silk tote", BAG).mentioned == set()
    assert extract("the tote bag", BAG).mentioned == set()
