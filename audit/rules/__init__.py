"""The rule engine: declarative packs, Python checks, one registry."""
