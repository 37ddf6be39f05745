"""`data check`'s own checks: on the demo catalog, and on small catalogs broken on purpose."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

from bot.catalog.loader import parse_catalog
from bot.catalog.model import Catalog
from bot.training.checks import (
    MAX_SEARCH_STEPS,
    Problem,
    check_catalog,
    check_examples,
    check_project,
)
from bot.training.examples import Example
from tests.demo_catalog import CATALOG


def catalog(attributes: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None) -> Catalog:
    """A one-product catalog, loaded (and so checked) like a real one."""
    product = {
        "id": "thing",
        "name": "Gadget",
        "base_price": 10,
        "lead_time_days": 1,
        "quantity": {"min": 1, "max": 5, "unit": "piece"},
        "attributes": attributes,
        "rules": rules or [],
    }
    return parse_catalog({"shop": "Test", "currency": "EUR", "products": [product]})


def choice(attribute_id: str, *option_ids: str, optional: bool = False) -> dict[str, Any]:
    return {
        "id": attribute_id,
        "name": attribute_id,
        "type": "choice",
        "optional": optional,
        "options": [{"id": o, "label": o.capitalize()} for o in option_ids],
    }


def test_the_demo_catalog_can_be_asked_filled_and_chosen_entirely() -> None:
    assert list(check_catalog(CATALOG)) == []


def test_an_option_read_as_another_option_is_reported() -> None:
    broken = catalog([choice("pattern", "line", "lines")])

    assert list(check_catalog(broken)) == [
        Problem(
            "catalog, thing > pattern > lines",
            "answering 'Lines' to 'Which pattern would you like?' is read as 'line', not 'lines'",
        )
    ]


def test_a_synonym_read_as_another_option_is_reported() -> None:
    attribute = choice("pattern", "stripe", "dot")
    attribute["options"][1]["also_called"] = ["stripes"]

    assert [p.where for p in check_catalog(catalog([attribute]))] == [
        "catalog, thing > pattern > dot"
    ]


def test_a_number_whose_limits_read_as_a_quantity_is_reported() -> None:
    laces = {"id": "laces", "name": "lace count", "type": "number", "unit": "piece"}
    broken = catalog([{**laces, "min": 1, "max": 3, "step": 1}])

    problems = list(check_catalog(broken))

    assert [p.where for p in problems] == [
        "catalog, thing > laces (min)",
        "catalog, thing > laces (max)",
    ]
    assert problems[0].message.startswith("answering '1 piece' to 'What lace count would")
    assert problems[0].message.endswith("is read as nothing, not 1")


def test_texts_and_yes_no_read_back() -> None:
    fine = catalog(
        [
            {"id": "note", "name": "note", "type": "text", "max_length": 2},
            {"id": "wrap", "name": "gift wrap", "type": "yes_no", "optional": True},
        ]
    )
    assert list(check_catalog(fine)) == []


def test_an_attribute_the_bot_cannot_ask_for_is_reported() -> None:
    fine = catalog(
        [
            {
                "id": "width",
                "name": "width",
                "type": "number",
                "unit": "cm",
                "min": 1,
                "max": 9,
                "step": 1,
            }
        ]
    )
    product = fine.products[0]
    broken_attribute = dataclasses.replace(product.attributes[0], step=None)
    broken = dataclasses.replace(
        fine, products=(dataclasses.replace(product, attributes=(broken_attribute,)),)
    )

    assert list(check_catalog(broken)) == [
        Problem(
            "catalog, thing > width", "the bot cannot ask for it: 'width' is not a number attribute"
        )
    ]


def test_an_option_every_design_forbids_is_unreachable() -> None:
    rules = [
        {"when": {"colour": "red"}, "forbid": {"finish": ["matte"]}, "message": "No matte red."},
        {"when": {"colour": "red"}, "forbid": {"finish": ["gloss"]}, "message": "No gloss red."},
    ]
    broken = catalog([choice("colour", "red", "blue"), choice("finish", "matte", "gloss")], rules)

    assert list(check_catalog(broken)) == [
        Problem(
            "catalog, thing > colour > red",
            "Red can never be chosen: every design with it breaks a rule "
            "(No matte red.; No gloss red.)",
        )
    ]


def test_skipping_an_optional_attribute_makes_an_option_reachable() -> None:
    rules = [{"when": {"colour": "red"}, "forbid": {"finish": ["matte", "gloss"]}, "message": "x"}]
    fine = catalog(
        [choice("colour", "red", "blue"), choice("finish", "matte", "gloss", optional=True)], rules
    )
    assert list(check_catalog(fine)) == []


def test_a_number_below_every_threshold_makes_an_option_reachable() -> None:
    width = {"id": "width", "name": "width", "type": "number", "unit": "cm"}
    rules = [{"when": {"width": {"above": 100}}, "forbid": {"frame": ["single"]}, "message": "x"}]
    fine = catalog(
        [{**width, "min": 100, "max": 200, "step": 10}, choice("frame", "single", "dual")], rules
    )
    assert list(check_catalog(fine)) == []


def pigeonholes(holes: int) -> Catalog:
    """`holes + 1` attributes that must all differ, over `holes` options: no design exists.

    Proving that takes a search exponential in `holes`, whatever the search does.
    """
    attributes = [choice(f"a{i}", *(f"o{k}" for k in range(holes))) for i in range(holes + 1)]
    rules = [
        {"when": {f"a{i}": f"o{k}"}, "forbid": {f"a{j}": [f"o{k}"]}, "message": "All differ."}
        for i, j in itertools.combinations(range(holes + 1), 2)
        for k in range(holes)
    ]
    return catalog(attributes, rules)


def test_options_no_design_allows_are_proven_unreachable() -> None:
    problems = [p for p in check_catalog(pigeonholes(3)) if "chosen" in p.message]

    assert len(problems) == 4 * 3
    assert problems[0] == Problem(
        "catalog, thing > a0 > o0",
        "O0 can never be chosen: every design with it breaks a rule (All differ.)",
    )


def test_a_search_too_large_is_stopped_and_reported_as_undecided() -> None:
    problems = [p for p in check_catalog(pigeonholes(6)) if "chosen" in p.message]

    undecided = [p for p in problems if p.message.startswith("could not decide")]
    assert len(problems) == 7 * 6
    assert undecided
    assert undecided[-1] == Problem(
        "catalog, thing > a6 > o5",
        f"could not decide within {MAX_SEARCH_STEPS} designs whether O5 can be chosen; "
        "simplify the rules of thing",
    )


def example(intent: str, text: str, file: str = "data/nlu.yml", line: int = 1) -> Example:
    return Example(intent, text, file, line)


def test_annotations_must_agree_with_the_catalog_strictly_in_training_data() -> None:
    training = [example("inform", "[blak](option) shirts", line=3)]
    held_out = [example("inform", "[blak](option) tees", "tests/nlu/test_nlu.yml", 9)]

    assert list(check_examples(CATALOG, training, held_out)) == [
        Problem(
            "data/nlu.yml, line 3",
            "'[blak](option) shirts': the catalog does not read 'blak' as an option",
        )
    ]


def test_annotations_read_as_something_else_are_reported_in_both_sets() -> None:
    held_out = [example("inform", "some [shirts](option)", "tests/nlu/test_nlu.yml", 4)]

    assert list(check_examples(CATALOG, [], held_out)) == [
        Problem(
            "tests/nlu/test_nlu.yml, line 4",
            "'some [shirts](option)': the catalog reads 'shirts' as product 'tshirt', "
            "not 'shirts' as an option",
        )
    ]


def test_unreadable_markup_is_reported() -> None:
    problems = list(check_examples(CATALOG, [example("inform", "a [b] c", line=7)], []))
    assert [p.where for p in problems] == ["data/nlu.yml, line 7"]
    assert "square brackets" in problems[0].message


def test_the_same_words_under_two_intents_and_in_both_sets_are_reported() -> None:
    training = [
        example("greet", "Hello there", line=2),
        example("greet", "hello  THERE", line=3),
        example("goodbye", "hello there", "data/more.yml", 5),
        example("greet", "hiya", line=4),
    ]
    held_out = [example("greet", "HIYA", "tests/nlu/test_nlu.yml", 8)]

    assert list(check_examples(CATALOG, training, held_out)) == [
        Problem(
            "data/more.yml, line 5",
            "'hello there' is an example of goodbye here and of greet at data/nlu.yml, line 2; "
            "keep one",
        ),
        Problem(
            "tests/nlu/test_nlu.yml, line 8",
            "'HIYA' is held-out test data and also training data (data/nlu.yml, line 4); "
            "remove it from one of them",
        ),
    ]


def test_check_project_reads_data_and_held_out_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello\n', encoding="utf-8"
    )
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "test_nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: goodbye\n  examples: |\n    - Hello\n', encoding="utf-8"
    )

    assert check_project(tmp_path, CATALOG) == [
        Problem(
            "tests/nlu/test_nlu.yml, line 5",
            "'Hello' is held-out test data and also training data (data/nlu.yml, line 5); "
            "remove it from one of them",
        )
    ]


def test_check_project_reports_an_unreadable_file_and_still_checks_the_catalog(
    tmp_path: Path,
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nlu.yml").write_text("nlu: [\n", encoding="utf-8")
    broken = catalog([choice("pattern", "line", "lines")])

    problems = check_project(tmp_path, broken)

    assert [p.where for p in problems] == ["catalog, thing > pattern > lines", "training data"]
    assert problems[1].message.startswith("data/nlu.yml, line 2, column 1: invalid YAML")
