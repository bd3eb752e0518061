"""Evaluations of newsaudit against labelled data, and the fitting they need."""
