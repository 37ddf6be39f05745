"""Rasa's training files as trainers edit them: NLU examples, stories, and our checks.

Everything here reads and writes the YAML under `data/` and `tests/` the way a person
would (comments, order and layout kept, so a change is a small diff to commit) and
refuses what would make the data wrong. No HTTP, no SQL: the CLI and the staff
console both call these functions.
"""
