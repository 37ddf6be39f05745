"""Building, saving and loading the catalog's spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

from bot.catalog.model import Catalog
from bot.understanding.vocabulary.pipeline import CatalogVocabulary

MESSAGES = [
    "2 pairs of lether sneekers, navy-blue, white sole",
    "a walnutt desktop, dual motor, 1.6 m wide",
    "Heather Grey tees with 'GO TEAM' in metallic gold",
]


def test_a_saved_pipeline_reads_exactly_like_the_built_one(
    catalog: Catalog, tmp_path: Path
) -> None:
    built = CatalogVocabulary.build(catalog.products)
    built.save(tmp_path)
    loaded = CatalogVocabulary.load(tmp_path)
    for message in MESSAGES:
        assert loaded.spans(message) == built.spans(message)
    assert loaded.spans(MESSAGES[0])


def test_the_pipeline_is_spacy_blank_english_with_lemmas_spelling_and_a_ruler(
    catalog: Catalog,
) -> None:
    nlp = CatalogVocabulary.build(catalog.products).nlp
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["lemmatizer", "tailor_spelling", "entity_ruler"]


def test_inflections_are_read_through_the_lemmatizer(catalog: Catalog) -> None:
    vocabulary = CatalogVocabulary.build(catalog.products)
    [span] = vocabulary.spans("knitted")
    assert (span.label, span.value) == ("option", "knit")


def test_the_words_of_product_names_are_the_product_words(catalog: Catalog) -> None:
    """Whatever their label: "shirt" also names the shirt colour, "custom" is one word."""
    spelling = CatalogVocabulary.build(catalog.products).nlp.get_pipe("tailor_spelling")
    assert {"sneaker", "custom", "standing", "desk", "shirt", "tshirt", "tee"} <= (
        spelling.product_words
    )
    assert not {"leather", "walnut", "white", "print", "size"} & spelling.product_words


def test_a_saved_pipeline_reads_product_typos_like_the_built_one(
    catalog: Catalog, tmp_path: Path
) -> None:
    built = CatalogVocabulary.build(catalog.products)
    built.save(tmp_path)
    [span] = CatalogVocabulary.load(tmp_path).spans("custom sneekrs")
    assert (span.label, span.value) == ("product", "sneaker")
    assert built.spans("custom sneekrs") == [span]
