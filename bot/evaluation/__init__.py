"""Measuring the bot: NLU figures, the fallback threshold, and conversations' outcomes.

Pure Python over what the bot produced (the prediction files `rasa test nlu` writes,
the slots and replies of a turn), plus the sets and scenarios the live evaluation
sends, so every figure can be checked by a unit test on a handful of values. Talking
to a running bot is `bot.serving`'s job, starting one `bot.runtime`'s.
"""
