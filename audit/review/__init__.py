"""The newsroom's decisions on findings: per-path ignores, front-matter suppressions and the baseline."""
