"""Who performs a write: a signed-in user, or a named system actor (a cron sweep, the demo loader)."""

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class SystemActor:
    """A non-human actor, recorded in the audit trail under its name."""

    name: str
    is_authenticated: bool = False
    is_active: bool = True
    pk: None = None

    def __str__(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name


SYSTEM = SystemActor("system")
CRON = SystemActor("cron")
DEMO = SystemActor("demo")

Actor: TypeAlias = AbstractBaseUser | SystemActor
