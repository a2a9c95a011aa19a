"""Writes to accounts: each validates, changes, and records an audit event in the same transaction."""

from typing import Any

from django.contrib.auth import password_validation
from django.db import transaction

from apps.accounts.models import User
from apps.core.audit import audit_record
from apps.core.models import AuditEvent


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """Set a new password. The audit event says that it changed, never what it is."""
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    # Only the password changes here; other fields are validated where they are edited.
    user.full_clean(exclude=[f.name for f in user._meta.concrete_fields if f.name != "password"], validate_unique=False)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_change", obj=user)
    return user


@transaction.atomic
def user_login_record(*, user: Any) -> AuditEvent:
    """Record a successful sign-in (failed ones are counted by django-axes)."""
    return audit_record(actor=user, action="user.login", obj=user)


@transaction.atomic
def user_logout_record(*, user: Any) -> AuditEvent:
    return audit_record(actor=user, action="user.logout", obj=user)
