"""Measuring the NLU: intent and entity figures, and fallback thresholds tuned on data.

Pure Python over the prediction files `rasa test nlu` writes, so every figure can be
checked by a unit test on a handful of predictions.
"""
