"""The audit history: every run recorded in an embedded SQLite store, and the trends it shows.

`scan`, `check` and `serve` record a run with `--store FILE.sqlite` (or `store` in
`[tool.newsaudit]`); `newsaudit history` reads the trends per source and per rule,
and the HTML report draws each source's trend.
"""
