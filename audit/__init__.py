"""newsaudit: audit news articles and rank the sources that publish them."""

__version__ = "0.1.0"
