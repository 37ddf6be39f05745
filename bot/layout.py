"""Where things are in a Tailor project folder, relative to its root.

Rasa's commands, the trainer's console pages, the CLI and the supervisor all find the
domain, the training data, the held-out set and the models by these names, so moving
one is an edit here and nowhere else.
"""

DOMAIN_FILE = "domain.yml"
CONFIG_FILE = "config.yml"
ENDPOINTS_FILE = "endpoints.yml"
CREDENTIALS_FILE = "credentials.yml"

TRAINING_DATA = "data"
"""Where Rasa finds the training data (`rasa train --data data`)."""

DEFAULT_NLU_FILE = f"{TRAINING_DATA}/nlu.yml"
"""Where new NLU examples go unless a trainer names another file."""

HELD_OUT = "tests/nlu"
"""The held-out NLU test sets, never trained on; `tailor data check` keeps the whole
folder apart from the training data."""

HELD_OUT_SETS = (f"{HELD_OUT}/first_set.yml", f"{HELD_OUT}/varied_customers.yml")
"""The held-out sets `tailor evaluate` measures the model on, each on its own: written
apart and at different times, so each set's figures say something the other's do not."""

EVALUATION_SETS = "tests/evaluation_sets"
"""Messages `tailor evaluate` sends through the running bot, beside the held-out sets."""

OFF_TOPIC_SET = f"{EVALUATION_SETS}/off_topic.yml"
"""Off-topic messages by domain, each said mid-design at every kind of question."""

PRODUCT_WORDS_SET = f"{EVALUATION_SETS}/product_words.yml"
"""Sentence templates around a product's words: wishes that must start that product,
and off-topic sentences that must leave another product's design alone."""

TEST_STORIES_DIR = "tests/stories"
"""The test stories `make test` and `tailor evaluate` run."""

MODELS_DIR = "models"
"""Trained model archives; `rasa run --model models` serves the newest."""

RESULTS_DIR = "results"
"""Evaluation reports."""

TRAINING_INPUTS = (DOMAIN_FILE, CONFIG_FILE, TRAINING_DATA)
"""What a model is trained from (with the catalog), so what its fingerprint hashes."""

MODEL_CODE = ("bot/rasa_plugins", "bot/understanding")
"""Our code inside the model's NLU components: the vocabulary and the features it saves
are computed by these packages' `.py` files, so they are training inputs too."""
