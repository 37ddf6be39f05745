"""Numbers as customers write them, with their units: "41,5", "forty-two", "1m60".

Finding numbers in digits (`number_mentions`) or words (`number_words`) and reading and
converting their units (`units`). Nothing here knows the catalog: what a number measures
is decided by the callers (`bot.understanding.values`, the NLU entities, ratings), so the
same numbers are read alike everywhere.
"""
