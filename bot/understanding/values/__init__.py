"""Which attribute of one product each part of a message sets: the steps of `extract`.

The words around a value that name its attribute (`surroundings`), then the values of
choice, number and text attributes (`choice_values`, `number_values`, `text_values`)
and what naming an attribute alone says (`attribute_mentions`). They need the product
and the question asked, which only the dialogue knows, so they are kept apart from the
context-free readers (`bot.understanding.vocabulary`, `numbers`, `phrasing`) they build on.
"""
