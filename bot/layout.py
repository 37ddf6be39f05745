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
"""The held-out NLU test set `tailor evaluate` measures the model on."""

TEST_STORIES_DIR = "tests/stories"
"""The test stories `make test` and `tailor evaluate` run."""

MODELS_DIR = "models"
"""Trained model archives; `rasa run --model models` serves the newest."""

RESULTS_DIR = "results"
"""Evaluation reports."""

TRAINING_INPUTS = (DOMAIN_FILE, CONFIG_FILE, TRAINING_DATA)
"""What a model is trained from (with the catalog), so what its fingerprint hashes."""
