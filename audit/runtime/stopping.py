"""The signals that end a run the way Ctrl-C does (audit/cli/__init__.py): the command unwinds
and the worker processes stop (audit/runtime/execute.py)."""

from __future__ import annotations

import signal

TERMINATING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
