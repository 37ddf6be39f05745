"""The shop's catalog: what can be customized, and the rules every answer must follow.

Pure domain code: it knows nothing of Rasa, HTTP or SQL, so the dialogue, the web app
and the tests all share one definition of what a valid design is.
"""
