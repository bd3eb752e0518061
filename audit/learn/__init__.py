"""Training for the learned detectors (needs scikit-learn; the audit itself does not).

    python -m audit.learn.clutter ../shared/data/clutter/dev.jsonl
    python -m audit.learn.hedging ../shared/data/hedging/dev.jsonl
    python -m audit.learn.claims ../shared/data/claims/dev.jsonl

Each writes its model to audit/models/shipped/ and prints its cross-validated figures
(`newsaudit model train NAME DATA` runs them).
"""
