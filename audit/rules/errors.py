"""Errors a user can fix: they name the file and the key at fault."""


class RulePackError(ValueError):
    pass
