"""Serving trained models: which ones exist, which one Rasa serves, and retraining.

Shared by the CLI (`tailor models`, `tailor train --activate`) and the staff console,
so both list the same models and switch the Rasa server the same way: through Rasa's
own token-protected model endpoint, never by restarting it.
"""
