"""Finding a question of each kind in a catalog, with valid answers to reach it."""

from __future__ import annotations

from bot.catalog.loader import parse_catalog
from bot.catalog.validation import find_conflicts
from bot.evaluation.questions import (
    QuestionKind,
    first_choice_question,
    product_question,
    questions_by_kind,
)
from tests.demo_catalog import CATALOG, DESK

LAMPS = parse_catalog(
    {
        "shop": "Lights",
        "currency": "EUR",
        "products": [
            {
                "id": "lamp",
                "name": "Lamp",
                "base_price": 10,
                "lead_time_days": 1,
                "quantity": {"min": 1, "max": 4, "unit": "lamp"},
                "attributes": [
                    {"id": "colour", "name": "colour", "type": "choice", "options": [
                        {"id": "white", "label": "White", "price": 0},
                        {"id": "black", "label": "Black", "price": 0}]},
                    {"id": "shade", "name": "shade", "type": "choice", "options": [
                        {"id": "paper", "label": "Paper", "price": 0},
                        {"id": "glass", "label": "Glass", "price": 0}]},
                    {"id": "height", "name": "height", "type": "number", "unit": "cm",
                     "min": 20, "max": 40, "step": 10},
                ],
                "rules": [
                    {"when": {"colour": "white"}, "forbid": {"shade": ["paper"]},
                     "message": "White lamps have glass shades."},
                ],
            }
        ],
    }
)  # fmt: skip


def answers(kind: QuestionKind) -> dict[str, object]:
    question = questions_by_kind(CATALOG)[kind]
    return {answer.attribute.id: answer.value for answer in question.answers}


def test_the_demo_catalog_has_one_question_of_each_kind() -> None:
    found = {kind: question.name for kind, question in questions_by_kind(CATALOG).items()}
    assert found == {
        QuestionKind.NUMBER: "sneaker size",
        QuestionKind.CHOICE: "sneaker material",
        QuestionKind.TEXT: "tshirt print_text",  # the sneaker's monogram is optional
        QuestionKind.YES_NO: "desk cable_tray",
        QuestionKind.QUANTITY: "sneaker quantity",
    }


def test_every_question_before_is_answered_validly() -> None:
    assert answers(QuestionKind.NUMBER) == {}
    assert answers(QuestionKind.CHOICE) == {"size": 36}
    assert answers(QuestionKind.YES_NO) == {
        "width": 100, "depth": 60, "top": "laminate", "frame": "manual", "frame_color": "black",
    }  # fmt: skip
    assert not find_conflicts(DESK, answers(QuestionKind.YES_NO))


def test_the_quantity_question_comes_after_every_attribute_optional_ones_skipped() -> None:
    assert answers(QuestionKind.QUANTITY) == {
        "size": 36, "material": "canvas", "color": "white", "sole": "white", "laces": "white",
        "monogram": None,
    }  # fmt: skip


def test_answers_keep_to_the_rules() -> None:
    question = questions_by_kind(LAMPS)[QuestionKind.QUANTITY]
    assert [(a.attribute.id, a.value) for a in question.answers] == [
        ("colour", "white"),
        ("shade", "glass"),  # paper is not made in white
        ("height", 20),
    ]


def test_kinds_the_catalog_lacks_are_left_out() -> None:
    assert list(questions_by_kind(LAMPS)) == [
        QuestionKind.NUMBER,
        QuestionKind.CHOICE,
        QuestionKind.QUANTITY,
    ]
    assert questions_by_kind(LAMPS)[QuestionKind.NUMBER].name == "lamp height"


def test_the_product_question_and_first_choices() -> None:
    assert product_question().name == "product"
    assert product_question().answers == ()
    first = first_choice_question(DESK)
    assert first is not None and first.name == "desk top"
    assert [a.attribute.id for a in first.answers] == ["width", "depth"]
