"""The public API the dialogue actions call: names and parameters must stay put."""

import inspect

import bot.understanding as understanding


def test_exported_names() -> None:
    assert sorted(understanding.__all__) == [
        "Extraction",
        "NumberMention",
        "convert",
        "extract",
        "find_numbers",
        "find_products",
        "parse_rating",
        "parse_yes_no",
    ]


def test_parameters() -> None:
    def parameters(name: str) -> list[str]:
        return list(inspect.signature(getattr(understanding, name)).parameters)

    assert parameters("find_numbers") == ["text"]
    assert parameters("convert") == ["value", "from_unit", "to_unit"]
    assert parameters("find_products") == ["text", "catalog"]
    assert parameters("extract") == ["text", "product", "asked"]
    assert parameters("parse_rating") == ["text"]
    assert parameters("parse_yes_no") == ["text"]
    assert parameters("NumberMention") == ["value", "unit", "start", "end"]
    assert parameters("Extraction") == ["values", "skipped", "mentioned", "quantity", "unknown"]
