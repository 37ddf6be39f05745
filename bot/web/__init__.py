"""The web app: printable specification pages, the staff API and the health check.

It only translates HTTP to calls on `bot.storage` and back; what a specification or a
conversation is, and how it is stored, is decided elsewhere.
"""
