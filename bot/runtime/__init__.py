"""Running Tailor's processes: the stack supervisor, its components, training runs.

`bot.cli` drives these for `tailor run | train | chat`, the web app's retraining and
the end-to-end tests use the same code, so every way of starting a process is one.
"""
