"""What the staff dashboard tells the shop about its customers' designs.

Pure domain code, like `bot.catalog`: the figures as values (`figures`), their filter
(`filters`), words for stored ids (`labels`), what each figure shows as a table and a
chart (`views`, `dashboard`) and the charts as SVG (`charts`). It knows nothing of HTTP
or SQL; `bot.storage.insights` computes the figures and `bot.web` serves them.
"""
