"""Tailor: customers design their own product in conversation.

The packages form layers; each imports only from the layers below it, which
`make lint` checks (import-linter, the contracts in pyproject.toml):

1. Entry points, independent of each other: `bot.cli` (the `tailor` command),
   `bot.web` (the FastAPI app: shop, widget, specs, staff console, API) and the
   top-level `actions` package (Rasa SDK glue).
2. Adapters that drive Rasa: `bot.serving` (trained models, the running server,
   retraining), `bot.training` (Rasa's training files) and `bot.rasa_plugins` (the
   tracker store, event broker, entity component and server entry point Rasa loads).
3. `bot.runtime`: starting and supervising processes (the stack, training runs).
4. `bot.storage`: SQLAlchemy tables, migrations and the stores over them.
5. The domain, plain Python that knows nothing of Rasa, HTTP, SQL or settings:
   `bot.dialogue`, `bot.spec`, `bot.insights`, `bot.review`, `bot.staff` and
   `bot.evaluation`; below them `bot.understanding`, `bot.pricing` and
   `bot.privacy`; at the bottom `bot.catalog`.
6. `bot.settings` (configuration from the environment) and `bot.layout` (where
   things are in a project folder), for the layers above the domain.
"""
