from collections.abc import Callable

import pytest

from bot.catalog.model import Design, Product
from bot.catalog.rules import Conflict, allowed_options, describe_allowed, find_conflicts
from tests.demo_catalog import DESK, SNEAKER, TSHIRT


def test_choice_rule_conflict_names_both_sides() -> None:
    conflicts = find_conflicts(SNEAKER, {"material": "suede", "color": "white"})

    assert conflicts == [Conflict(SNEAKER.rules[0], "material", "suede", "color", "white")]
    assert conflicts[0].rule.message == "Suede is not offered in white."


def test_number_rule_conflict() -> None:
    conflicts = find_conflicts(DESK, {"top": "bamboo", "width": 190})

    assert [(c.when_value, c.forbid_attribute, c.forbid_value) for c in conflicts] == [
        ("bamboo", "width", 190)
    ]


def test_number_on_the_when_side() -> None:
    conflicts = find_conflicts(DESK, {"width": 170, "frame": "single"})

    assert [c.rule for c in conflicts] == [DESK.rules[1]]


@pytest.mark.parametrize(
    "design",
    [
        {"top": "bamboo", "width": 180},
        {"top": "oak", "width": 200},
        {"width": 160, "frame": "single"},
        {"width": 200, "frame": "dual"},
        {"material": "suede", "color": "navy"},
    ],
)
def test_allowed_combinations_have_no_conflict(design: dict[str, object]) -> None:
    target = DESK if "width" in design else SNEAKER
    assert find_conflicts(target, design) == []


def test_rules_wait_until_both_sides_are_known() -> None:
    assert find_conflicts(SNEAKER, {"material": "suede"}) == []
    assert find_conflicts(SNEAKER, {"color": "white"}) == []
    assert find_conflicts(DESK, {"width": 200}) == []


def test_every_broken_rule_is_reported_in_catalog_order() -> None:
    conflicts = find_conflicts(DESK, {"top": "bamboo", "width": 190, "frame": "single"})

    assert [c.rule for c in conflicts] == list(DESK.rules)


def test_allowed_options_leave_out_forbidden_ones() -> None:
    allowed = allowed_options(SNEAKER, {"material": "suede"}, "color")

    assert [o.id for o in allowed] == ["black", "navy", "red", "forest", "sand"]


def test_allowed_options_work_from_the_forbid_side_too() -> None:
    allowed = allowed_options(SNEAKER, {"color": "white"}, "material")

    assert [o.id for o in allowed] == ["canvas", "leather", "knit"]


def test_allowed_options_ignore_the_attributes_own_value() -> None:
    design = {"material": "knit", "sole": "gum"}

    assert [o.id for o in allowed_options(SNEAKER, design, "sole")] == ["white", "black"]


def test_allowed_options_follow_number_rules() -> None:
    allowed = allowed_options(DESK, {"width": 170}, "frame")

    assert [o.id for o in allowed] == ["manual", "dual"]


def test_allowed_options_ignore_unrelated_conflicts() -> None:
    design = {"color": "white", "print_color": "white"}

    allowed = allowed_options(TSHIRT, design, "size")

    assert [o.id for o in allowed] == ["xs", "s", "m", "l", "xl", "xxl"]


def test_all_options_allowed_on_an_empty_design() -> None:
    assert len(allowed_options(DESK, {}, "top")) == 4


def test_describe_allowed_caps_width_for_bamboo() -> None:
    assert describe_allowed(DESK, {"top": "bamboo"}, "width") == "up to 180 cm"


def test_describe_allowed_caps_width_for_a_single_motor() -> None:
    assert describe_allowed(DESK, {"frame": "single"}, "width") == "up to 160 cm"


def test_describe_allowed_takes_the_tightest_cap() -> None:
    design = {"top": "bamboo", "frame": "single"}
    assert describe_allowed(DESK, design, "width") == "up to 160 cm"


@pytest.mark.parametrize("design", [{}, {"top": "oak"}, {"frame": "dual"}, {"width": 200}])
def test_describe_allowed_is_none_without_a_limit(design: dict[str, object]) -> None:
    assert describe_allowed(DESK, design, "width") is None


@pytest.mark.parametrize(
    ("call", "attribute_id", "message"),
    [
        (allowed_options, "width", "'width' is a number attribute, not a choice one"),
        (allowed_options, "colour", "Standing desk has no attribute 'colour'"),
        (describe_allowed, "top", "'top' is a choice attribute, not a number one"),
        (describe_allowed, "height", "Standing desk has no attribute 'height'"),
    ],
)
def test_asking_about_the_wrong_attribute_is_an_error(
    call: Callable[[Product, Design, str], object], attribute_id: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(DESK, {}, attribute_id)
