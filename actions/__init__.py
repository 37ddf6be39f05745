"""Rasa custom actions: thin glue between Rasa trackers and the `bot` package."""
