"""Writes to people and their memberships (roles in units)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import bump, lock, lock_and_check
from apps.org.models import Membership, Unit
from apps.org.services._common import (
    MEMBERSHIP_FIELDS,
    UNSET,
    USER_FIELDS,
    forget_cached_grants,
    given,
    user_search_text,
)


def _audit_unit_of(user: User) -> int | None:
    """The unit an event about a person is filed under: their first active membership's unit."""
    if user.pk is None:
        return None
    return (
        Membership.objects.filter(user=user, is_active=True)
        .order_by("unit__sort_order", "unit__name", "pk")
        .values_list("unit_id", flat=True)
        .first()
    )


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str = "",
    position: str = "",
    phone: str = "",
    password: str | None = None,
) -> User:
    """A new person. Without a password the account cannot sign in until an administrator sets one."""
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=email.strip(),
        position=position.strip(),
        phone=phone.strip(),
    )
    if password is None:
        user.set_unusable_password()
    else:
        _validate_password(password, user)
        user.set_password(password)
    user.search_text = user_search_text(user)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    version: int | str | None,
    username: str = UNSET,
    full_name: str = UNSET,
    email: str = UNSET,
    position: str = UNSET,
    phone: str = UNSET,
) -> User:
    """Change the given fields of a person."""
    fields = given(username=username, full_name=full_name, email=email, position=position, phone=phone)
    lock_and_check(user, version, what=_("person"))
    before = snapshot(user, USER_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.search_text = user_search_text(user)
    user.full_clean()
    if snapshot(user, USER_FIELDS) == before:
        return user
    bump(user)
    user.save()
    audit_record(
        actor=actor,
        action="user.update",
        obj=user,
        unit_id=_audit_unit_of(user),
        before=before,
        after=snapshot(user, USER_FIELDS),
    )
    return user


def _user_set_active(*, actor: Actor, user: User, active: bool, action: str) -> User:
    lock(user)
    if user.is_active == active:
        return user
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    bump(user)
    user.save(update_fields=["is_active", "version"])
    forget_cached_grants(user)
    audit_record(
        actor=actor,
        action=action,
        obj=user,
        unit_id=_audit_unit_of(user),
        before=before,
        after=snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Stop a person from signing in; their history stays."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    return _user_set_active(actor=actor, user=user, active=False, action="user.deactivate")


@transaction.atomic
def user_reactivate(*, actor: Actor, user: User) -> User:
    return _user_set_active(actor=actor, user=user, active=True, action="user.reactivate")


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """An administrator sets a new password. The audit event records that it happened, never the password."""
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="user.set_password",
        obj=user,
        unit_id=_audit_unit_of(user),
        before={"password_set": None},
        after={"password_set": True},
    )
    return user


# --- Memberships -------------------------------------------------------------------------------


@transaction.atomic
def membership_add(*, actor: Actor, user: User, unit: Unit, role: str) -> Membership:
    """Give a person a role in a unit. Adding one that exists re-activates it; an active one is left as is."""
    membership = Membership.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
    if membership is not None and membership.is_active:
        return membership
    before = snapshot(membership, MEMBERSHIP_FIELDS) if membership is not None else None
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role)
        membership.full_clean()
        membership.save()
    else:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    forget_cached_grants(user)
    audit_record(
        actor=actor,
        action="membership.add",
        obj=membership,
        unit_id=unit.pk,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> Membership:
    """End a role. The row stays (inactive) so the history of who did what remains readable."""
    if not membership.is_active:
        return membership
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    forget_cached_grants(membership.user)
    audit_record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        unit_id=membership.unit_id,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership
