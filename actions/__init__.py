"""Rasa custom actions: thin glue between Rasa trackers and the `bot` package."""

from actions.resources import warm_up

warm_up()
