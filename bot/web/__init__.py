"""The web app: the demo shop with its chat widget, specification pages, staff API, health.

It only translates HTTP to calls on `bot.storage` and back; what a specification or a
conversation is, and how it is stored, is decided elsewhere. The widget
(`static/widget.js`) is a product of its own: it talks to Rasa's REST channel directly
and runs on any shop's page.
"""
