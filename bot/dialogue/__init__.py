"""What the bot says and decides in a design conversation, independent of Rasa.

The Rasa actions in `actions/` translate trackers into these plain values and back;
everything worth testing about the conversation lives here.
"""
