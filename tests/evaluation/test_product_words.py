"""Product words from the catalog, their typos, and the cases built by rotation."""

from __future__ import annotations

import itertools

from bot.catalog.loader import parse_catalog
from bot.catalog.model import Catalog
from bot.evaluation.product_words import (
    TURNS_PER_SCENARIO,
    ProductWord,
    WordCase,
    failures_markdown,
    figures,
    judge_off_topic,
    judge_wish,
    off_topic_cases,
    product_words,
    rotation,
    wish_cases,
)
from bot.evaluation.turns import Observed
from tests.demo_catalog import CATALOG


def catalog_of(*products: tuple[str, str, list[str]]) -> Catalog:
    return parse_catalog(
        {
            "shop": "Shop",
            "currency": "EUR",
            "products": [
                {
                    "id": ident,
                    "name": name,
                    "also_called": also,
                    "base_price": 1,
                    "lead_time_days": 1,
                    "quantity": {"min": 1, "max": 2, "unit": "piece"},
                    "attributes": [{"id": "note", "name": "note", "type": "yes_no"}],
                }
                for ident, name, also in products
            ],
        }
    )


def test_every_name_and_synonym_comes_first_then_typos() -> None:
    words = product_words(CATALOG)
    sneaker = [w.text for w in words.words if w.product == "sneaker" and w.typo_of is None]
    assert sneaker == ["custom sneakers", "sneakers", "trainers", "shoes", "kicks"]
    desk = [w.text for w in words.words if w.product == "desk" and w.typo_of is None]
    assert desk == ["standing desk", "desk", "sit-stand desk", "workstation", "table"]
    assert {w.typo_of for w in words.words if w.typo_of} >= {"sneakers", "workstation", "shirt"}
    assert not {w.typo_of for w in words.words} & {"tee", "desk", "team"}  # under five letters
    assert words.typos == sum(w.typo_of is not None for w in words.words) > 30


def test_a_typo_replaces_the_word_inside_its_phrase() -> None:
    words = product_words(CATALOG)
    typo = next(w for w in words.words if w.typo_of == "standing")
    assert typo.text.endswith(" desk") and typo.text != "standing desk"


def test_the_words_are_the_same_every_run() -> None:
    assert product_words(CATALOG) == product_words(CATALOG)


def test_typos_close_to_another_products_word_are_left_out() -> None:
    words = product_words(catalog_of(("lamp", "Garden lamp", ["lantern"]),
                                     ("poster", "Poster", ["banner"])))  # fmt: skip
    assert words.ambiguous, "lantern and banner are two edits apart"
    assert all(w.typo_of == "lantern" or w.typo_of == "banner" for w in words.ambiguous)
    assert not set(words.ambiguous) & set(words.words)


def test_rotation_gives_distinct_pairs_every_word_before_any_twice() -> None:
    pairs = list(rotation(4, 3, 10))
    assert len(set(pairs)) == 10
    assert [w for w, _ in pairs[:4]] == [0, 1, 2, 3]
    assert {t for _, t in pairs[:4]} == {0, 1, 2}
    assert sorted(rotation(4, 3, 100)) == sorted(itertools.product(range(4), range(3)))
    assert list(rotation(2, 2, 0)) == []


def test_cases_stay_within_the_turns_and_fill_the_template() -> None:
    words = [ProductWord("desk", f"desk{n}") for n in range(100)]
    wishes = wish_cases(words, ["I want a {product}", "{product} pls, my {product}"])
    assert len(wishes) == 200 <= TURNS_PER_SCENARIO
    assert [case.sentence for case in wishes[:2]] == ["I want a desk0", "desk1 pls, my desk1"]
    assert wishes[100].sentence == "desk0 pls, my desk0"
    many = wish_cases(words, [f"{n} {{product}}" for n in range(20)])
    assert len(many) == TURNS_PER_SCENARIO


def test_off_topic_cases_are_said_while_designing_another_product() -> None:
    words = [ProductWord("desk", "desk"), ProductWord("tshirt", "tee"), ProductWord("x", "x")]
    cases = off_topic_cases(words, ["my {product} broke"], ["desk", "tshirt"])
    assert [(c.word.product, c.during) for c in cases] == [
        ("desk", "tshirt"), ("tshirt", "desk"), ("x", "desk")]  # fmt: skip
    assert off_topic_cases(words[:1], ["my {product}"], ["desk"]) == []


def test_judging_and_figures() -> None:
    wish = WordCase(ProductWord("desk", "tabel", "table"), "a tabel please")
    started = judge_wish(wish, Observed("a tabel please", {"product": "desk"}, (), ("Width?",)))
    missed = judge_wish(wish, Observed("a tabel please", {"product": None}, (), ("What?",)))
    assert (started.passed, missed.passed) == (True, False)
    passing = WordCase(ProductWord("desk", "desk"), "my desk broke", during="tshirt")
    before = {"product": "tshirt", "design": {}}
    kept = judge_off_topic(passing, before, Observed("my desk broke", before, (), ()))
    switched = judge_off_topic(passing, before, Observed("x", {"product": "desk"}, (), ()))
    assert (kept.passed, switched.passed) == (True, False)
    words = product_words(CATALOG)
    counted = figures(words, [started, missed], [kept, switched])
    assert (counted.wishes, counted.wishes_understood) == (2, 1)
    assert (counted.off_topic, counted.off_topic_unchanged) == (2, 1)
    text = failures_markdown(words, [started, missed], [kept, switched])
    assert "## Wishes that did not start their product: 1 of 2" in text
    assert "| desk | tabel | a tabel please | - | What? |" in text
    assert "| desk | desk | my desk broke | tshirt | (nothing) |" in text


def test_no_words_give_no_cases() -> None:
    assert wish_cases([], ["{product}"]) == []
    assert off_topic_cases([], ["{product}"], ["desk"]) == []
