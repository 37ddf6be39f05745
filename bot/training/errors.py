"""The errors a training-data change raises instead of writing a bad file."""

from __future__ import annotations


class TrainingDataError(ValueError):
    """A training file cannot be read or changed as asked; nothing was written.

    Trainers fix these by hand, so the message names the file (relative to the project)
    and, for YAML syntax errors, the line. Whoever raises it guarantees the file on disk
    is exactly as it was.
    """


class DuplicateExample(TrainingDataError):
    """The example is already in the training data under the same intent."""


class ConflictingExample(TrainingDataError):
    """The example is already in the training data under another intent.

    The same words with two labels teach the model nothing but confusion, so one of
    them has to go; the message names the other intent and its file.
    """
