"""The `tailor` command line: train the model, run the stack, chat from a terminal.

`bot.runtime.stack` doubles as the process supervisor the end-to-end tests use, so the
stack they exercise is started exactly the way a developer starts it.
"""
