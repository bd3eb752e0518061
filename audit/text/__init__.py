"""Text: the Document, its normalised views, sentences and lines, its language, and whether it is admitted."""
