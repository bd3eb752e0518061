"""Sources: the signals measured per article, the ranking of sources and the cross-checks between them."""
