"""The hand-written sets `tailor evaluate` sends through the running bot, read strictly.

Both grow by hand, and a slip in one would quietly change what is measured: a domain
spelt `domain:` measures nothing, an unquoted `no` is a boolean, a message starting
with "/" is a button payload that bypasses NLU, a template without `{product}` names
no product, a message under two domains counts twice. So each of these is an error
naming the file and the place, before a minute is spent starting the bot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.catalog.errors import CatalogError
from bot.catalog.yaml_file import parse_yaml

VERSION = 1
PRODUCT_PLACEHOLDER = "{product}"

MAX_SET_BYTES = 2_000_000
"""A few thousand sentences fit in a few hundred kB; more is a wrong file."""
MAX_MESSAGE_CHARS = 500
"""Longer is not a chat message (the trainers' `data add-example` has the same limit)."""
MAX_MESSAGES = 5_000
"""Each off-topic message is a live turn at every kind of question: 5 000 of them take
hours, which is a mistake rather than an evaluation."""


class EvaluationSetError(ValueError):
    """An evaluation set is missing, unreadable or not in its format."""


@dataclass(frozen=True)
class OffTopicSet:
    """Off-topic messages, by the domain they come from (banking, travel, ...)."""

    domains: Mapping[str, tuple[str, ...]]

    def messages(self) -> list[tuple[str, str]]:
        """Every (domain, message), in file order."""
        return [(domain, message) for domain, lines in self.domains.items() for message in lines]


@dataclass(frozen=True)
class ProductWordsSet:
    """Sentence templates with a `{product}` placeholder."""

    wishes: tuple[str, ...]
    """Said as the first design message, each must start the product it names."""
    off_topic: tuple[str, ...]
    """Said while designing another product, each must leave that design alone."""


def load_off_topic_set(path: Path) -> OffTopicSet:
    """The set in `path` (`version: 1`, `domains: {name: [message, ...]}`)."""
    top = _document(path, ("version", "domains"))
    domains = top["domains"]
    if not isinstance(domains, dict) or not domains:
        raise EvaluationSetError(f"{path}: `domains` must map domain names to message lists")
    seen: dict[str, str] = {}
    parsed: dict[str, tuple[str, ...]] = {}
    for name, lines in domains.items():
        if not isinstance(name, str) or not name.strip():
            raise EvaluationSetError(f"{path}: domain names must be text, got {name!r:.40}")
        parsed[name] = tuple(_messages(path, f"domains.{name}", lines, seen, template=False))
    _check_size(path, seen)
    return OffTopicSet(parsed)


def load_product_words_set(path: Path) -> ProductWordsSet:
    """The set in `path` (`version: 1`, `wishes: [...]`, `off_topic: [...]`)."""
    top = _document(path, ("version", "wishes", "off_topic"))
    seen: dict[str, str] = {}
    wishes = tuple(_messages(path, "wishes", top["wishes"], seen, template=True))
    off_topic = tuple(_messages(path, "off_topic", top["off_topic"], seen, template=True))
    _check_size(path, seen)
    return ProductWordsSet(wishes, off_topic)


def _document(path: Path, keys: tuple[str, ...]) -> dict[str, object]:
    """The top mapping of the file, with exactly `keys` and the right version."""
    try:
        size = path.stat().st_size
        if size > MAX_SET_BYTES:
            raise EvaluationSetError(
                f"{path}: {size} bytes; a set may have at most {MAX_SET_BYTES}"
            )
        data = path.read_bytes()
    except OSError as error:
        raise EvaluationSetError(f"{path}: cannot read it: {error.strerror or error}") from None
    try:
        top = parse_yaml(data, str(path))
    except CatalogError as error:
        raise EvaluationSetError(str(error)) from None
    if not isinstance(top, dict):
        raise EvaluationSetError(f"{path}: must be a mapping with {', '.join(keys)}")
    missing = [key for key in keys if key not in top]
    unknown = sorted(str(key) for key in top if key not in keys)
    if missing or unknown:
        raise EvaluationSetError(
            f"{path}: needs exactly the keys {', '.join(keys)} "
            f"(missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})"
        )
    if top["version"] != VERSION or isinstance(top["version"], bool):
        raise EvaluationSetError(f"{path}: version must be {VERSION}, got {top['version']!r:.40}")
    return top


def _messages(
    path: Path, place: str, lines: object, seen: dict[str, str], *, template: bool
) -> Iterator[str]:
    """The messages under `place`, checked; `seen` (folded text: place) finds repeats."""
    if not isinstance(lines, list) or not lines:
        raise EvaluationSetError(f"{path}: {place} must be a non-empty list of messages")
    for index, line in enumerate(lines):
        where = f"{path}: {place}[{index}]"
        if not isinstance(line, str):
            raise EvaluationSetError(
                f"{where}: {line!r:.40} is not text (quote it: YAML reads yes, no and numbers "
                "as other types)"
            )
        message = " ".join(line.split())
        problem = _problem(message, template=template)
        if problem:
            raise EvaluationSetError(f"{where}: {problem}")
        key = message.casefold()
        if key in seen:
            raise EvaluationSetError(f"{where}: {message!r:.60} is already at {seen[key]}")
        seen[key] = f"{place}[{index}]"
        yield message


def _problem(message: str, *, template: bool) -> str | None:
    """Why `message` (whitespace already collapsed) cannot be sent, if it cannot."""
    if not message:
        return "the message is empty"
    if len(message) > MAX_MESSAGE_CHARS:
        return f"{len(message)} characters; a message may have at most {MAX_MESSAGE_CHARS}"
    if not message.isprintable():
        return "the message holds control characters"
    if message.startswith("/"):
        return "it starts with '/', which Rasa reads as a button payload, not as words"
    if template and PRODUCT_PLACEHOLDER not in message:
        return f"a template must say where the product goes: {PRODUCT_PLACEHOLDER}"
    return None


def _check_size(path: Path, seen: Mapping[str, str]) -> None:
    if len(seen) > MAX_MESSAGES:
        raise EvaluationSetError(
            f"{path}: {len(seen)} messages; a set may have at most {MAX_MESSAGES}"
        )
