"""Wording that means the same for every product: quotes, cues, yes/no, ratings, requests.

Quoted text (`quotes`), the words before an attribute that want or decline it (`cues`),
the polite wrapping around an answer (`answer_content`), yes/no answers (`yes_no`),
star ratings (`ratings`), messages that read as a question or request to the bot
(`requests`) and wording that asks to switch product (`switching`). Separate from
`bot.understanding.vocabulary` because these are fixed English phrasings, not the
catalog's words, so a catalog edit never changes them; the dialogue uses some of them
directly (consent, handover, feedback, product switches, free-text answers).
"""
