"""Rasa custom actions: thin glue between Rasa trackers and the `bot` package.

Importing the package does no work; `actions.server` warms the vocabularies up
before the running action server answers.
"""
