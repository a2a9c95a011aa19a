"""What the one-stop module tells people through the platform's outbox (filled in by the lifecycle work)."""

from typing import Any


def dossier_event(dossier: Any, kind: str) -> None:
    """Called in the transaction of each transition: tell the applicant (when they gave an e-mail)
    and the officers concerned. `kind` is an EventKind value."""
