"""Reading the off-topic and product-word sets: good files, and every way to get one wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation.sets import (
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    MAX_SET_BYTES,
    EvaluationSetError,
    load_off_topic_set,
    load_product_words_set,
)

OFF_TOPIC = """\
version: 1
domains:
  banking:
    - how do I open a savings account
    - "no, the other bank"
  weather:
    - will it   rain in Oslo tomorrow
"""

PRODUCT_WORDS = """\
version: 1
wishes:
  - I'd like to design {product}
  - "{product} please"
off_topic:
  - my neighbour's {product} are ugly
"""


def write(tmp_path: Path, text: str, name: str = "set.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_off_topic_set_is_read_by_domain_in_file_order(tmp_path: Path) -> None:
    loaded = load_off_topic_set(write(tmp_path, OFF_TOPIC))
    assert loaded.messages() == [
        ("banking", "how do I open a savings account"),
        ("banking", "no, the other bank"),
        ("weather", "will it rain in Oslo tomorrow"),
    ]


def test_a_product_words_set_is_read(tmp_path: Path) -> None:
    loaded = load_product_words_set(write(tmp_path, PRODUCT_WORDS))
    assert loaded.wishes == ("I'd like to design {product}", "{product} please")
    assert loaded.off_topic == ("my neighbour's {product} are ugly",)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EvaluationSetError, match=r"absent\.yml: cannot read it"):
        load_off_topic_set(tmp_path / "absent.yml")


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\n" + "#" * MAX_SET_BYTES)
    with pytest.raises(EvaluationSetError, match="at most"):
        load_off_topic_set(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "must be a mapping"),
        ("- a\n- list\n", "must be a mapping"),
        ("version: 1\ndomains: [\n", "invalid YAML at line"),
        ("version: 1\nversion: 1\ndomains: {}\n", "duplicate key"),
        ("version: 2\ndomains: {a: [b]}\n", "version must be 1"),
        ("version: true\ndomains: {a: [b]}\n", "version must be 1"),
        ("domains: {a: [b]}\n", "missing: version"),
        ("version: 1\ndomain: {a: [b]}\n", "missing: domains; unknown: domain"),
        ("version: 1\ndomains: {}\n", "must map domain names"),
        ("version: 1\ndomains: [a, b]\n", "must map domain names"),
        ("version: 1\ndomains: {1: [b]}\n", "domain names must be text"),
        ("version: 1\ndomains: {a: []}\n", r"domains\.a must be a non-empty list"),
        ("version: 1\ndomains: {a: hello}\n", r"domains\.a must be a non-empty list"),
        ("version: 1\ndomains: {a: [yes]}\n", r"domains\.a\[0\]: True is not text \(quote it"),
        ("version: 1\ndomains: {a: [42]}\n", "42 is not text"),
        ("version: 1\ndomains: {a: [{b: c}]}\n", "is not text"),
        ("version: 1\ndomains: {a: ['   ']}\n", "the message is empty"),
        ("version: 1\ndomains: {a: ['/restart']}\n", "button payload"),
        ('version: 1\ndomains: {a: ["bell \\x07 here"]}\n', "control characters"),
        ("version: 1\ndomains: {a: [hi there], b: [Hi  There]}\n", r"already at domains\.a\[0\]"),
        ("version: 1\ndomains: {a: [" + "[" * 50 + "]}\n", "nested more than"),
    ],
)
def test_broken_off_topic_sets_say_what_and_where(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(EvaluationSetError, match=problem):
        load_off_topic_set(write(tmp_path, text))


def test_too_long_a_message_is_refused_and_not_repeated(tmp_path: Path) -> None:
    long = "word " * MAX_MESSAGE_CHARS
    with pytest.raises(EvaluationSetError, match="characters; a message may have") as error:
        load_off_topic_set(write(tmp_path, f"version: 1\ndomains: {{a: [{long}]}}\n"))
    assert len(str(error.value)) < 300


def test_too_many_messages_are_refused(tmp_path: Path) -> None:
    lines = "\n".join(f"    - message number {n}" for n in range(MAX_MESSAGES + 1))
    with pytest.raises(EvaluationSetError, match="messages; a set may have at most"):
        load_off_topic_set(write(tmp_path, f"version: 1\ndomains:\n  a:\n{lines}\n"))


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_bytes(b"version: 1\ndomains: {a: [caf\xe9]}\n")
    with pytest.raises(EvaluationSetError, match="not UTF-8"):
        load_off_topic_set(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 1\nwishes: [design one]\noff_topic: ['{product} x']\n", "where the product"),
        ("version: 1\nwishes: ['{product}']\n", "missing: off_topic"),
        ("version: 1\nwishes: ['{product}']\noff_topic: []\n", "off_topic must be a non-empty"),
        ("version: 1\nwishes: ['a {product}']\noff_topic: ['A  {product}']\n", "already at"),
        ("version: 1\nwishes: ['/design {product}']\noff_topic: ['{product}!']\n", "payload"),
    ],
)
def test_broken_product_word_sets_say_what_and_where(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(EvaluationSetError, match=problem):
        load_product_words_set(write(tmp_path, text))
