"""What each article scores: the score from its findings, its readability, and what to fix first."""
