"""Adding NLU examples: checked against domain, catalog and data, written as a one-line diff."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.settings import PROJECT_ROOT
from bot.training.errors import TrainingDataError
from bot.training.examples import (
    MAX_EXAMPLE_CHARS,
    ConflictingExample,
    DuplicateExample,
    add_example,
    catalog_disagreements,
    catalog_vocabulary,
    domain_intents,
    parse_markup,
    read_examples,
)
from tests.demo_catalog import CATALOG

TINY_DOMAIN = """\
version: "3.1"
intents:
  - greet
  - inform
  - goodbye:
      use_entities: []
entities:
  - product
  - option:
      influence_conversation: false
  - text
"""

TINY_NLU = """\
version: "3.1"
# greetings first
nlu:
- intent: greet
  examples: |
    - hello
    - hi there  # not a comment: part of the example

# what customers say about designs
- intent: inform
  examples: |
    - I want [trainers](product)
"""


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def changed_lines(diff: str) -> list[str]:
    return [
        line
        for line in diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project's domain, config, training data and held-out set."""
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "nlu", tmp_path / "tests" / "nlu")
    return tmp_path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A small project whose files the tests know line by line."""
    (tmp_path / "domain.yml").write_text(TINY_DOMAIN, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nlu.yml").write_text(TINY_NLU, encoding="utf-8")
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "test_nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - good evening\n',
        encoding="utf-8",
    )
    return tmp_path


def rasa_reads(path: Path) -> set[tuple[str, str]]:
    """`(intent, text)` of every example as Rasa itself reads the file."""
    data = RasaYAMLReader().read(path)
    return {(m.get("intent"), m.get("text")) for m in data.intent_examples}


def test_adds_one_line_to_the_intents_block(tiny: Path) -> None:
    change = add_example(tiny, "greet", "  good morning  ", catalog=CATALOG)

    assert change.path == tiny / "data" / "nlu.yml"
    assert change.diff(tiny) == (
        "--- a/data/nlu.yml\n"
        "+++ b/data/nlu.yml\n"
        "@@ -5,6 +5,7 @@\n"
        "   examples: |\n"
        "     - hello\n"
        "     - hi there  # not a comment: part of the example\n"
        "+    - good morning\n"
        " \n"
        " # what customers say about designs\n"
        " - intent: inform\n"
    )
    assert (tiny / "data" / "nlu.yml").read_text(encoding="utf-8") == change.after
    assert ("greet", "good morning") in rasa_reads(tiny / "data" / "nlu.yml")


def test_the_real_nlu_file_changes_by_exactly_one_line(project: Path) -> None:
    before = (project / "data" / "nlu.yml").read_text(encoding="utf-8")

    change = add_example(
        project, "inform", "I'd like [trainers](product) in [navy](option)", catalog=CATALOG
    )

    assert change.before == before
    assert changed_lines(change.diff(project)) == [
        "+    - I'd like [trainers](product) in [navy](option)"
    ]
    assert "examples: |\n" in change.after
    assert change.after.count("examples: |\n") == before.count("examples: |\n")


def test_an_intent_without_examples_gets_a_new_block_at_the_end(tiny: Path) -> None:
    change = add_example(tiny, "goodbye", "see you", catalog=CATALOG)

    assert change.after == TINY_NLU + "\n- intent: goodbye\n  examples: |\n    - see you\n"


def test_a_new_file_under_data_is_created(tiny: Path) -> None:
    change = add_example(
        tiny, "goodbye", "bye for now", catalog=CATALOG, nlu_file=Path("data/more/goodbye.yml")
    )

    path = tiny / "data" / "more" / "goodbye.yml"
    assert change.before == ""
    assert path.read_text(encoding="utf-8") == (
        'version: "3.1"\nnlu:\n- intent: goodbye\n  examples: |\n    - bye for now\n'
    )
    assert change.diff(tiny).startswith("--- /dev/null\n+++ b/data/more/goodbye.yml\n")
    # The next example of the intent goes where its examples now are.
    add_example(tiny, "goodbye", "later", catalog=CATALOG)
    assert ("goodbye", "later") in rasa_reads(path)


def test_chomping_and_comments_of_a_block_are_kept(tiny: Path) -> None:
    nlu = tiny / "data" / "nlu.yml"
    keep = "- intent: inform\n  examples: |+\n    - a [trainers](product)\n\n"
    strip = "- intent: greet\n  examples: |-  # kept\n    - hello\n"
    nlu.write_text(f'version: "3.1"\nnlu:\n{keep}{strip}', encoding="utf-8")

    add_example(tiny, "greet", "hiya", catalog=CATALOG)
    add_example(tiny, "inform", "the [sneakers](product)", catalog=CATALOG)

    assert nlu.read_text(encoding="utf-8") == (
        'version: "3.1"\nnlu:\n'
        "- intent: inform\n  examples: |+\n    - a [trainers](product)\n"
        "    - the [sneakers](product)\n\n"
        "- intent: greet\n  examples: |-  # kept\n    - hello\n    - hiya\n"
    )


def test_examples_written_as_a_list_get_a_list_entry(tiny: Path) -> None:
    nlu = tiny / "data" / "nlu.yml"
    nlu.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples:\n'
        "  - text: hello\n    metadata: {a: 1}\n",
        encoding="utf-8",
    )

    add_example(tiny, "greet", "hey: you # there", catalog=CATALOG)

    assert ("greet", "hey: you # there") in rasa_reads(nlu)


HOSTILE_BUT_FINE = [
    "<script>alert('hi')</script>",
    "key: value # not a comment",
    "- foo",
    "&anchor *alias !tag |literal >folded",
    "'single' \"double\" `back`",
    "Ünïcødé naïve café 👍🏽 👩‍👩‍👧 日本語",
    "{flow: mapping}, 50% off?",
]


@pytest.mark.parametrize("text", HOSTILE_BUT_FINE)
def test_odd_but_harmless_text_is_written_exactly(tiny: Path, text: str) -> None:
    add_example(tiny, "greet", text, catalog=CATALOG)

    assert ("greet", text) in rasa_reads(tiny / "data" / "nlu.yml")


def test_entity_markup_is_kept_and_read_by_rasa(tiny: Path) -> None:
    text = 'i want [dark blue](option:navy) laces on my [trainers]{"entity": "product"}'
    add_example(tiny, "inform", text, catalog=CATALOG)

    data = RasaYAMLReader().read(tiny / "data" / "nlu.yml")
    added = next(m for m in data.intent_examples if m.get("text").startswith("i want"))
    assert [(e["entity"], e["value"]) for e in added.get("entities")] == [
        ("option", "navy"),
        ("product", "trainers"),
    ]


REFUSED = {
    "empty": ("greet", "", "the example is empty"),
    "only spaces": ("greet", " \t ", "the example is empty"),
    "too long": (
        "greet",
        "a" * 100_000,
        f"100000 characters; an example may have at most {MAX_EXAMPLE_CHARS}",
    ),
    "just too long": ("greet", "a" * (MAX_EXAMPLE_CHARS + 1), "501 characters"),
    "yaml injection": ("greet", "foo\n- bar", "has a line break; an example is one line"),
    "carriage return": ("greet", "foo\rbar", "line break"),
    "line separator": ("greet", "foo\u2028bar", "line break"),
    "NUL": ("greet", "foo\x00bar", "invisible character U+0000"),
    "escape": ("greet", "red \x1b[31m text", "invisible character U+001B"),
    "tab inside": ("greet", "a\tb", "invisible character U+0009"),
    "bidi override": ("greet", "abc\u202edef", "invisible character U+202E"),
    "zero width space": ("greet", "he\u200bllo", "invisible character U+200B"),
    "unknown intent": ("gret", "hello you", "domain.yml has no intent 'gret'; did you mean greet?"),
    "hostile intent": (
        "<script>",
        "hello you",
        "domain.yml has no intent '<script>'; the intents are: greet, inform, goodbye",
    ),
    "unknown entity": (
        "inform",
        "a [red](colour) one",
        "domain.yml has no entity 'colour'; the entities are: product, option, text",
    ),
    "bad json markup": ("inform", 'a [red]{"entity": } one', "is not valid JSON"),
    "markup without entity": (
        "inform",
        'a [red]{"value": "x"} one',
        "'entity' is a required property",
    ),
    "unclosed markup": ("inform", "a [trainers](product one", "square brackets Rasa cannot read"),
    "stray bracket": ("inform", "a ] b", "square brackets"),
    "spaces in markup": ("inform", "a [ trainers](product)", "must start and end with a word"),
    "wrong kind": (
        "inform",
        "I want [trainers](option)",
        "the catalog reads 'trainers' as product 'sneaker', not 'trainers' as an option",
    ),
    "too short a span": (
        "inform",
        "[navy](option) blue laces",
        "the catalog reads 'navy blue' as option 'navy', not 'navy' as an option",
    ),
    "wrong value": (
        "inform",
        "[dark blue](option:black) laces",
        "the catalog reads 'dark blue' as option 'navy', not 'black'",
    ),
    "not in the catalog": (
        "inform",
        "[purple](option) laces",
        "the catalog does not read 'purple' as an option",
    ),
    "duplicate": (
        "greet",
        "HELLO",
        "'HELLO' is already an example of greet (data/nlu.yml, line 6)",
    ),
    "duplicate with markup": (
        "inform",
        "i want  [TRAINERS](product)",
        "already an example of inform (data/nlu.yml, line 12)",
    ),
    "conflict": (
        "goodbye",
        "Hi  there  # not a comment: part of the example",
        "is already an example of greet (data/nlu.yml, line 7); "
        "the same words cannot also teach goodbye",
    ),
    "held out": (
        "greet",
        "Good Evening",
        "'Good Evening' is in the held-out test set (tests/nlu/test_nlu.yml, line 5, intent greet)",
    ),
}


@pytest.mark.parametrize(("intent", "text", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_examples_leave_every_file_untouched(
    tiny: Path, intent: str, text: str, message: str
) -> None:
    before = snapshot(tiny)

    with pytest.raises(TrainingDataError) as error:
        add_example(tiny, intent, text, catalog=CATALOG)

    assert message in str(error.value)
    assert snapshot(tiny) == before


def test_duplicates_and_conflicts_have_their_own_errors(tiny: Path) -> None:
    with pytest.raises(DuplicateExample):
        add_example(tiny, "greet", "hello", catalog=CATALOG)
    with pytest.raises(ConflictingExample, match="greet"):
        add_example(tiny, "inform", "hello", catalog=CATALOG)


def test_duplicates_are_found_in_every_nlu_file_under_data(tiny: Path) -> None:
    (tiny / "data" / "extra").mkdir()
    (tiny / "data" / "extra" / "more.yaml").write_text(
        'version: "3.1"\nnlu:\n- intent: goodbye\n  examples: |\n    - ciao\n', encoding="utf-8"
    )
    (tiny / "data" / "rules.yml").write_text('version: "3.1"\nrules: []\n', encoding="utf-8")

    with pytest.raises(ConflictingExample, match=r"goodbye \(data/extra/more\.yaml, line 5\)"):
        add_example(tiny, "greet", "Ciao", catalog=CATALOG)


@pytest.mark.parametrize(
    ("nlu_file", "message"),
    [
        (
            Path("tests/nlu/test_nlu.yml"),
            "tests/nlu/test_nlu.yml: training examples go into a .yml file under data/",
        ),
        (Path("data/../domain.yml"), "training examples go into"),
        (Path("/etc/passwd"), "/etc/passwd: training examples go into"),
        (Path("data/notes.txt"), "data/notes.txt: training examples go into"),
        (Path("data/rules.yml"), "data/rules.yml holds no NLU data"),
    ],
)
def test_only_nlu_files_under_data_are_written(tiny: Path, nlu_file: Path, message: str) -> None:
    (tiny / "data" / "rules.yml").write_text('version: "3.1"\nrules: []\n', encoding="utf-8")
    before = snapshot(tiny)

    with pytest.raises(TrainingDataError, match=re.escape(message)):
        add_example(tiny, "greet", "howdy partner", catalog=CATALOG, nlu_file=nlu_file)

    assert snapshot(tiny) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "data/nlu.yml",
            'version: "3.1"\nnlu:\n- intent: greet\n\texamples: |\n',
            "data/nlu.yml, line 4, column 1",
        ),
        (
            "data/nlu.yml",
            'version: "3.1"\nnlu: {greet: hello}\n',
            "data/nlu.yml, line 2: nlu: must be a list",
        ),
        ("data/broken.yml", 'version: "3.1"\nnlu: [\n', "data/broken.yml"),
        (
            "tests/nlu/test_nlu.yml",
            "- a list\n",
            "tests/nlu/test_nlu.yml, line 1: a training file is a mapping",
        ),
        (
            "domain.yml",
            'version: "3.1"\nintents: !!python/object:os.system {}\n',
            "domain.yml, line 2: the tag",
        ),
    ],
)
def test_corrupted_files_stop_the_change_and_stay_as_they_are(
    tiny: Path, name: str, content: str, message: str
) -> None:
    (tiny / name).write_text(content, encoding="utf-8")
    before = snapshot(tiny)

    with pytest.raises(TrainingDataError, match=re.escape(message)):
        add_example(tiny, "greet", "a brand new greeting", catalog=CATALOG)

    assert snapshot(tiny) == before


def test_read_examples_reports_intent_text_file_and_line(tiny: Path) -> None:
    examples = read_examples(tiny, "data")

    assert [(e.intent, e.text, e.place) for e in examples] == [
        ("greet", "hello", "data/nlu.yml, line 6"),
        ("greet", "hi there  # not a comment: part of the example", "data/nlu.yml, line 7"),
        ("inform", "I want [trainers](product)", "data/nlu.yml, line 12"),
    ]
    assert examples[2].plain == "I want trainers"
    assert examples[1].key == "hi there # not a comment: part of the example"


def test_a_miss_can_be_allowed_but_a_contradiction_cannot() -> None:
    vocabulary = catalog_vocabulary(CATALOG)
    missed = parse_markup("[blak](option) shirts")
    wrong = parse_markup("[shirts](option)")

    assert catalog_disagreements(vocabulary, *missed) == [
        "the catalog does not read 'blak' as an option"
    ]
    assert catalog_disagreements(vocabulary, *missed, misses_allowed=True) == []
    assert catalog_disagreements(vocabulary, *wrong, misses_allowed=True) == [
        "the catalog reads 'shirts' as product 'tshirt', not 'shirts' as an option"
    ]


def test_numbers_and_texts_are_not_the_catalogs_to_judge() -> None:
    vocabulary = catalog_vocabulary(CATALOG)
    assert (
        catalog_disagreements(vocabulary, *parse_markup('print "[JD](text)" in [42](number)')) == []
    )


def test_domain_intents_lists_both_spellings_in_order(tiny: Path) -> None:
    assert domain_intents(tiny) == ["greet", "inform", "goodbye"]


def test_domain_intents_of_a_broken_domain_is_an_error(tiny: Path) -> None:
    (tiny / "domain.yml").write_text("intents: [greet\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"domain\.yml, line 2"):
        domain_intents(tiny)
