"""NLU examples: read from the training files, checked, and added one at a time.

A trainer adds what a customer actually said (`I want [trainers](product)`) to an
intent. Before anything is written the example must make sense for this bot:

- one line of at most `MAX_EXAMPLE_CHARS` printable characters;
- an intent and entity types the domain declares, in entity markup Rasa can read;
- annotated products, attributes and options exactly where, and as what, the catalog's
  own entity finder reads them (the NLU gets these entities from the catalog, never
  from the examples, so an annotation that disagrees is simply wrong);
- not already in the training data (same intent: a duplicate; another intent: a
  conflict that would teach the model both), and not in the held-out set, which
  would then measure the model on what it was trained on.

The example is appended to the intent's `examples: |` block, so the diff is one line.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasa.shared.exceptions import InvalidEntityFormatException, SchemaValidationError
from rasa.shared.nlu.training_data import entities_parser
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from bot.catalog.labels import quoted, shorten, with_article
from bot.catalog.model import Catalog
from bot.evaluation.metrics import CATALOG_ENTITIES
from bot.layout import DEFAULT_NLU_FILE, DOMAIN_FILE, HELD_OUT, TRAINING_DATA
from bot.training.errors import ConflictingExample, DuplicateExample, TrainingDataError
from bot.training.yaml_files import (
    NLU_LAYOUT,
    FileChange,
    load_document,
    new_document,
    parse_document,
    read_text,
    relative_name,
    render,
    write_change,
)

if TYPE_CHECKING:
    from bot.understanding.vocabulary.pipeline import CatalogVocabulary

__all__ = [
    "MAX_EXAMPLE_CHARS",
    "ConflictingExample",
    "DuplicateExample",
    "Example",
    "add_example",
    "catalog_disagreements",
    "catalog_vocabulary",
    "clean_text",
    "comparison_key",
    "domain_intents",
    "parse_markup",
    "read_examples",
]

MAX_EXAMPLE_CHARS = 500
"""Customers type a sentence or two (the longest example we have is under 100
characters); 500 leaves room for a rambling message while keeping pasted documents,
which would teach the intent classifier nothing, out of the training data."""


_ALLOWED_FORMATS = frozenset({"\u200c", "\u200d"})
"""Invisible format characters that belong in real text (joiners in emoji and scripts);
every other one (bidi overrides, zero-width spaces, BOMs) only hides what a line says."""

_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Controls (line breaks, tabs, NUL), surrogates, private and unassigned code points,
line and paragraph separators: none of them is something a customer wrote."""


@dataclass(frozen=True)
class Example:
    """One NLU example as written in a training file, with where it is."""

    intent: str
    text: str
    """As written, entity markup included."""
    file: str
    """Project-relative path of the file."""
    line: int

    @property
    def plain(self) -> str:
        """The text the customer typed: the markup removed."""
        return entities_parser.replace_entities(self.text)

    @property
    def key(self) -> str:
        """What makes two examples the same: plain text, casefolded, spaces collapsed."""
        return comparison_key(self.plain)

    @property
    def place(self) -> str:
        """`file, line n`, for messages."""
        return f"{self.file}, line {self.line}"


def comparison_key(plain: str) -> str:
    """Plain text as duplicates are compared: casefolded, whitespace collapsed."""
    return " ".join(plain.casefold().split())


def add_example(
    project_root: Path,
    intent: str,
    text: str,
    *,
    catalog: Catalog,
    nlu_file: Path | None = None,
) -> FileChange:
    """Add `text` (Rasa markup allowed) as an example of `intent`; return the change written.

    `nlu_file` (absolute or relative to the project) must lie under `data/`; by default
    the example goes to the file that already holds the intent's examples, else to
    `data/nlu.yml`. Raises TrainingDataError (DuplicateExample, ConflictingExample) with
    a message for the trainer, and then nothing is written.
    """
    domain = _domain(project_root)
    intents, entity_types = _names(domain.get("intents")), _names(domain.get("entities"))
    text = clean_text(text)
    _check_intent(intent, intents)
    chosen = None if nlu_file is None else _chosen_file(project_root, nlu_file)
    plain, entities = parse_markup(text)
    _check_entity_types(entities, entity_types)
    problems = catalog_disagreements(catalog_vocabulary(catalog), plain, entities)
    if problems:
        raise TrainingDataError(f"{quoted(text)} contradicts the catalog: {'; '.join(problems)}")
    training = read_examples(project_root, TRAINING_DATA)
    _refuse_known(plain, intent, training, read_examples(project_root, HELD_OUT))
    holder = next((e.file for e in training if e.intent == intent), DEFAULT_NLU_FILE)
    change = _appended(project_root, chosen or project_root / holder, intent, text)
    write_change(change, root=project_root)
    return change


def clean_text(text: str) -> str:
    """`text` stripped, or TrainingDataError when it cannot be one NLU example."""
    text = text.strip()
    if not text:
        raise TrainingDataError("the example is empty")
    if len(text) > MAX_EXAMPLE_CHARS:
        raise TrainingDataError(
            f"the example has {len(text)} characters; an example may have at most "
            f"{MAX_EXAMPLE_CHARS}"
        )
    if any(character in text for character in "\n\r\u2028\u2029\x85\x0b\x0c"):
        raise TrainingDataError("the example has a line break; an example is one line")
    for character in text:
        category = unicodedata.category(character)
        if category in _REFUSED_CATEGORIES or (
            category == "Cf" and character not in _ALLOWED_FORMATS
        ):
            raise TrainingDataError(
                f"the example contains the invisible character U+{ord(character):04X}; "
                "an example is plain text as a customer typed it"
            )
    return text


def parse_markup(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and the entities of `text`, read by Rasa's own markup parser.

    Raises TrainingDataError for markup Rasa would reject or silently misread: bad JSON,
    a missing entity type, brackets left over, an entity around no words.
    """
    try:
        entities = entities_parser.find_entities_in_training_example(text)
    except InvalidEntityFormatException as error:
        raise TrainingDataError(
            f"the entity markup {quoted(error.doc)} is not valid JSON"
        ) from None
    except SchemaValidationError as error:
        raise TrainingDataError(
            f"the entity markup in {quoted(text)} is not what Rasa reads: "
            f"{shorten(str(error).partition('. ')[0], 120)}"
        ) from None
    plain = entities_parser.replace_entities(text)
    if "[" in plain or "]" in plain:
        raise TrainingDataError(
            f"{quoted(plain)} has square brackets Rasa cannot read as entity markup; "
            'write [words](entity), [words](entity:value) or [words]{"entity": "...", '
            '"value": "..."}, or leave the brackets out'
        )
    for entity in entities:
        words = plain[entity["start"] : entity["end"]]
        if not words.strip() or words != words.strip():
            raise TrainingDataError(
                f"the {entity['entity']} entity {quoted(words)} must start and end with a "
                "word, without spaces around it"
            )
    return plain, entities


def catalog_disagreements(
    vocabulary: CatalogVocabulary,
    plain: str,
    entities: Sequence[Mapping[str, Any]],
    *,
    misses_allowed: bool = False,
) -> list[str]:
    """How the annotated products, attributes and options differ from the catalog's reading.

    Each annotation must be an entity the catalog's finder reads at exactly that span,
    of that kind and, when the markup gives a value (`[dark blue](option:navy)`), with
    that value. With `misses_allowed`, an annotation where the finder reads nothing at
    all is accepted: in the held-out set such a miss (a short typo like "blak") is what
    the evaluation measures, not a mistake in the data.
    """
    from bot.understanding.entities import find_entities  # see catalog_vocabulary

    found = find_entities(vocabulary, plain)
    problems = []
    for entity in entities:
        kind = entity["entity"]
        if kind not in CATALOG_ENTITIES:
            continue
        start, end = entity["start"], entity["end"]
        words = plain[start:end]
        value = entity.get("value", words)
        overlapping = [f for f in found if f.start < end and start < f.end]
        same = next(
            (f for f in overlapping if (f.kind, f.start, f.end) == (kind, start, end)), None
        )
        if same is not None:
            if value != words and str(same.value) != value:
                problems.append(
                    f"the catalog reads {quoted(words)} as {kind} {quoted(same.value)}, "
                    f"not {quoted(value)}"
                )
        elif overlapping:
            other = overlapping[0]
            problems.append(
                f"the catalog reads {quoted(plain[other.start : other.end])} as "
                f"{other.kind} {quoted(other.value)}, not {quoted(words)} as {with_article(kind)}"
            )
        elif not misses_allowed:
            problems.append(f"the catalog does not read {quoted(words)} as {with_article(kind)}")
    return problems


def read_examples(project_root: Path, folder: str) -> list[Example]:
    """Every intent example in the NLU files under `folder` (recursively), file by file.

    An NLU file is any YAML file with an `nlu:` key. A file that cannot be read is an
    error: duplicates and conflicts cannot be ruled out without it.
    """
    return [
        example
        for path, document in _nlu_documents(project_root, folder)
        for example in _examples(document, relative_name(path, project_root))
    ]


def _nlu_documents(project_root: Path, folder: str) -> Iterator[tuple[Path, CommentedMap]]:
    """Each YAML file under `folder` with an `nlu:` key, loaded, in path order."""
    base = project_root / folder
    paths = sorted(p for p in base.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())
    for path in paths:
        document = load_document(path, root=project_root)
        if "nlu" in document:
            yield path, document


def _nlu_items(document: CommentedMap, name: str) -> CommentedSeq:
    """The list under `nlu:` (empty for a bare `nlu:`); TrainingDataError if not a list."""
    items = document["nlu"]
    if items is None:
        return CommentedSeq()
    if not isinstance(items, CommentedSeq):
        line = document.lc.key("nlu")[0] + 1
        raise TrainingDataError(f"{name}, line {line}: nlu: must be a list of intents")
    return items


def _examples(document: CommentedMap, name: str) -> Iterator[Example]:
    """The examples of `document`, read as Rasa reads them (lines starting with `-`)."""
    for item in _nlu_items(document, name):
        if not isinstance(item, CommentedMap) or not isinstance(item.get("intent"), str):
            continue
        examples = item.get("examples")
        if isinstance(examples, str):
            first = item.lc.value("examples")[0] + 2
            for offset, line in enumerate(examples.splitlines()):
                if line.startswith("-"):
                    yield Example(item["intent"], line[1:].strip(), name, first + offset)
        elif isinstance(examples, CommentedSeq):
            for index, entry in enumerate(examples):
                if isinstance(entry, CommentedMap) and isinstance(entry.get("text"), str):
                    line = examples.lc.item(index)[0] + 1
                    yield Example(item["intent"], entry["text"].strip(), name, line)


def domain_intents(project_root: Path) -> list[str]:
    """The intents `domain.yml` declares, in its order: what an example may be labelled."""
    return _names(_domain(project_root).get("intents"))


def _domain(project_root: Path) -> CommentedMap:
    return load_document(project_root / DOMAIN_FILE, root=project_root)


def _names(entries: object) -> list[str]:
    """Names in a domain list: `- greet` or `- greet: {use_entities: ...}`."""
    if not isinstance(entries, list):
        return []
    names = []
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, Mapping) and len(entry) == 1:
            names.extend(str(key) for key in entry)
    return names


def _check_intent(intent: str, intents: Sequence[str]) -> None:
    if intent in intents:
        return
    close = difflib.get_close_matches(intent, intents, n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise TrainingDataError(
        f"{DOMAIN_FILE} has no intent {quoted(intent)}; {hint}the intents are: {', '.join(intents)}"
    )


def _check_entity_types(entities: Sequence[Mapping[str, Any]], entity_types: Sequence[str]) -> None:
    for entity in entities:
        kind = entity["entity"]
        if kind not in entity_types:
            close = difflib.get_close_matches(kind, entity_types, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise TrainingDataError(
                f"{DOMAIN_FILE} has no entity {quoted(kind)}; {hint}"
                f"the entities are: {', '.join(entity_types)}"
            )


def _refuse_known(
    plain: str, intent: str, training: Sequence[Example], held_out: Sequence[Example]
) -> None:
    key = comparison_key(plain)
    for example in training:
        if example.key != key:
            continue
        if example.intent == intent:
            raise DuplicateExample(
                f"{quoted(plain)} is already an example of {intent} ({example.place})"
            )
        raise ConflictingExample(
            f"{quoted(plain)} is already an example of {example.intent} ({example.place}); "
            f"the same words cannot also teach {intent}: relabel or remove that one first"
        )
    for example in held_out:
        if example.key == key:
            raise TrainingDataError(
                f"{quoted(plain)} is in the held-out test set ({example.place}, intent "
                f"{example.intent}); training on it would make the evaluation "
                "measure what the model has already seen"
            )


def _chosen_file(project_root: Path, nlu_file: Path) -> Path:
    """`nlu_file` under the project, or TrainingDataError if Rasa would not train on it."""
    path = nlu_file if nlu_file.is_absolute() else project_root / nlu_file
    data = (project_root / TRAINING_DATA).resolve()
    if not path.resolve().is_relative_to(data) or path.suffix not in {".yml", ".yaml"}:
        raise TrainingDataError(
            f"{relative_name(path, project_root)}: training examples go into a .yml file "
            f"under {TRAINING_DATA}/, where Rasa reads them"
        )
    return path


def _appended(project_root: Path, path: Path, intent: str, text: str) -> FileChange:
    """The change adding `- text` to `intent`'s block in `path` (created when missing)."""
    name = relative_name(path, project_root)
    if path.exists():
        before = read_text(path, root=project_root)
        document = parse_document(before, name)
    else:
        before = ""
        document = new_document("nlu", layout=NLU_LAYOUT)
    if "nlu" not in document:
        raise TrainingDataError(f"{name} holds no NLU data (no nlu: key); pick an NLU file")
    items = _nlu_items(document, name)
    document["nlu"] = items
    item = next(
        (i for i in items if isinstance(i, CommentedMap) and i.get("intent") == intent), None
    )
    if item is None:
        items.append(CommentedMap([("intent", intent), ("examples", _block("", text))]))
        if len(items) > 1 and not before.endswith("\n\n"):
            items.yaml_set_comment_before_after_key(len(items) - 1, before="\n")
    else:
        _extend(item, text, name)
    return FileChange(path, before, render(document))


def _extend(item: CommentedMap, text: str, name: str) -> None:
    examples = item.get("examples")
    if examples is None or isinstance(examples, str):
        item["examples"] = _block(examples or "", text)
    elif isinstance(examples, CommentedSeq):
        examples.append(CommentedMap([("text", text)]))
    else:
        line = item.lc.key("examples")[0] + 1
        raise TrainingDataError(
            f"{name}, line {line}: the examples of {item['intent']} are neither a "
            "`examples: |` block nor a list"
        )


def _block(examples: str, text: str) -> LiteralScalarString:
    """`examples` with `- text` as its last line, still a literal block with its chomping.

    Trailing line breaks (kept by `|+`) stay after the new line, and a comment after the
    `|` stays on it.
    """
    body = examples.rstrip("\n")
    trailing = examples[len(body) :] or ("" if body else "\n")
    block = LiteralScalarString(f"{body}\n- {text}{trailing}" if body else f"- {text}{trailing}")
    comment = getattr(examples, "comment", None)
    if comment is not None:
        block.comment = comment
    return block


@lru_cache(maxsize=1)
def catalog_vocabulary(catalog: Catalog) -> CatalogVocabulary:
    """The catalog's spaCy vocabulary, built once per catalog (it takes seconds).

    spaCy is imported here, not with this module, because it loads TensorFlow (ten
    seconds): every `tailor` command imports this module, few need the catalog's words.
    """
    from bot.understanding.vocabulary.pipeline import CatalogVocabulary

    return CatalogVocabulary.build(catalog.products)
