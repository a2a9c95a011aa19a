"""Writes to units, unit groups, people and memberships. Views, the API, commands and the demo loader call these.

Every service validates (`full_clean`), keeps `search_text` in step, bumps `version` on a change and
records an audit event with before/after snapshots in the same transaction.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.audit import audit_record, snapshot
from apps.core.errors import ConflictError
from apps.core.text import search_document
from apps.org.models import Membership, Unit, UnitGroup, UnitKind

UNIT_FIELDS = ["parent", "kind", "code", "name", "short_name", "valid_from", "valid_to", "sort_order", "version"]
UNIT_EDITABLE = frozenset({"parent", "kind", "code", "name", "short_name", "valid_from", "valid_to", "sort_order"})
GROUP_FIELDS = ["code", "name", "description", "version"]
GROUP_EDITABLE = frozenset({"code", "name", "description"})
USER_FIELDS = ["username", "full_name", "email", "position", "phone", "is_active", "version"]
USER_EDITABLE = frozenset({"username", "full_name", "email", "position", "phone"})
MEMBERSHIP_FIELDS = ["user", "unit", "role", "is_active"]


def _search_text(*parts: str) -> str:
    return search_document(*parts)


def unit_search_text(unit: Unit) -> str:
    return _search_text(unit.name, unit.short_name, unit.code)


def user_search_text(user: User) -> str:
    return _search_text(user.full_name, user.username, user.email, user.position)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{what}: fields that cannot be changed here: {', '.join(sorted(unknown))}")


def _lock_and_check_version(obj: Model, version: int, message: str) -> None:
    """Lock the row, reload the object from it, and refuse a stale version."""
    type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True).first()
    obj.refresh_from_db()
    if int(version) != obj.version:  # type: ignore[attr-defined]
        raise ConflictError(message)


def _forget_cached_grants(user: Any) -> None:
    """Drop the role caches `apps.org.permissions` keeps on a user object."""
    for attr in ("_cchc_grants", "_cchc_own_units"):
        user.__dict__.pop(attr, None)


# --- Units ------------------------------------------------------------------------------------


def _check_unit_dates(unit: Unit) -> None:
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})


def _check_unit_parent(unit: Unit) -> None:
    """Refuse a parent that is the unit itself or one of its descendants (a cycle in the tree)."""
    if unit.pk is None or unit.parent_id is None:
        return
    seen: set[int] = set()
    current: int | None = unit.parent_id
    while current is not None and current not in seen:
        if current == unit.pk:
            raise ValidationError({"parent": _("A unit cannot sit under itself or under one of its own sub-units.")})
        seen.add(current)
        current = Unit.objects.filter(pk=current).values_list("parent_id", flat=True).first()


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    short_name: str = "",
    code: str = "",
    parent: Unit | None = None,
    valid_from: Any = None,
    valid_to: Any = None,
    sort_order: int = 0,
) -> Unit:
    unit = Unit(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
    )
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    _check_unit_dates(unit)
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, unit_id=unit.pk, after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, version: int, **fields: Any) -> Unit:
    """Change some fields of a unit. `version` is the one the caller's data was based on."""
    _check_fields(fields, UNIT_EDITABLE, "unit_update")
    _lock_and_check_version(
        unit, version, _("Someone else changed this unit in the meantime. Reload the page and try again.")
    )
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(unit, name, value)
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    _check_unit_dates(unit)
    _check_unit_parent(unit)
    after = snapshot(unit, UNIT_FIELDS)
    if after == before:
        return unit
    unit.version += 1
    unit.save()
    audit_record(
        actor=actor, action="unit.update", obj=unit, unit_id=unit.pk, before=before, after=snapshot(unit, UNIT_FIELDS)
    )
    return unit


@transaction.atomic
def unit_set_predecessors(*, actor: Any, unit: Unit, predecessors: list[Unit]) -> Unit:
    """Record which units this one continues (after a merger or a split)."""
    if any(p.pk == unit.pk for p in predecessors):
        raise ValidationError({"predecessors": _("A unit cannot be its own predecessor.")})
    fields = [*UNIT_FIELDS, "predecessors"]
    before = snapshot(unit, fields)
    new_ids = sorted({p.pk for p in predecessors})
    if new_ids == before["predecessors"]:
        return unit
    unit.predecessors.set(new_ids)
    unit.version += 1
    unit.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action="unit.set_predecessors",
        obj=unit,
        unit_id=unit.pk,
        before=before,
        after=snapshot(unit, fields),
    )
    return unit


# --- Unit groups ------------------------------------------------------------------------------


@transaction.atomic
def unit_group_create(*, actor: Any, code: str, name: str, description: str = "") -> UnitGroup:
    group = UnitGroup(code=code.strip(), name=name.strip(), description=description.strip())
    group.full_clean()
    group.save()
    audit_record(actor=actor, action="unit_group.create", obj=group, after=snapshot(group, GROUP_FIELDS))
    return group


@transaction.atomic
def unit_group_update(*, actor: Any, group: UnitGroup, version: int, **fields: Any) -> UnitGroup:
    _check_fields(fields, GROUP_EDITABLE, "unit_group_update")
    _lock_and_check_version(
        group, version, _("Someone else changed this group in the meantime. Reload the page and try again.")
    )
    before = snapshot(group, GROUP_FIELDS)
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)
    group.full_clean()
    if snapshot(group, GROUP_FIELDS) == before:
        return group
    group.version += 1
    group.save()
    audit_record(actor=actor, action="unit_group.update", obj=group, before=before, after=snapshot(group, GROUP_FIELDS))
    return group


@transaction.atomic
def unit_group_set_units(*, actor: Any, group: UnitGroup, units: list[Unit]) -> UnitGroup:
    fields = [*GROUP_FIELDS, "units"]
    before = snapshot(group, fields)
    new_ids = sorted({u.pk for u in units})
    if new_ids == before["units"]:
        return group
    group.units.set(new_ids)
    group.version += 1
    group.save(update_fields=["version"])
    audit_record(actor=actor, action="unit_group.set_units", obj=group, before=before, after=snapshot(group, fields))
    return group


# --- People -------------------------------------------------------------------------------------


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
    actor: Any,
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
def user_update(*, actor: Any, user: User, version: int, **fields: Any) -> User:
    _check_fields(fields, USER_EDITABLE, "user_update")
    _lock_and_check_version(
        user, version, _("Someone else changed this person in the meantime. Reload the page and try again.")
    )
    before = snapshot(user, USER_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.search_text = user_search_text(user)
    user.full_clean()
    if snapshot(user, USER_FIELDS) == before:
        return user
    user.version += 1
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


def _user_set_active(*, actor: Any, user: User, active: bool, action: str) -> User:
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    user.refresh_from_db()
    if user.is_active == active:
        return user
    before = snapshot(user, USER_FIELDS)
    user.is_active = active
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    _forget_cached_grants(user)
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
def user_deactivate(*, actor: Any, user: User) -> User:
    """Stop a person from signing in; their history stays."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    return _user_set_active(actor=actor, user=user, active=False, action="user.deactivate")


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    return _user_set_active(actor=actor, user=user, active=True, action="user.reactivate")


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
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
def membership_add(*, actor: Any, user: User, unit: Unit, role: str) -> Membership:
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
    _forget_cached_grants(user)
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
def membership_remove(*, actor: Any, membership: Membership) -> Membership:
    """End a role. The row stays (inactive) so the history of who did what remains readable."""
    if not membership.is_active:
        return membership
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _forget_cached_grants(membership.user)
    audit_record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        unit_id=membership.unit_id,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


# --- Import of commune-level units -------------------------------------------------------------

_DIVISION_KINDS = {
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


@transaction.atomic
def units_import_communes(*, actor: Any, province_code: int, parent: Unit) -> tuple[int, int]:
    """Create or refresh the province's communes, wards and special zones from `vietnam-provinces`.

    Idempotent by (kind, code): a second run creates nothing and updates only what changed.
    Returns (created, updated).
    """
    from vietnam_provinces import Ward

    wards = list(Ward.iter_by_province(province_code))  # type: ignore[arg-type]
    if not wards:
        raise ValidationError(
            _("No commune-level units are known for province code %(code)s.") % {"code": province_code}
        )
    kinds = set(_DIVISION_KINDS.values())
    existing = {
        (u.kind, u.code): u for u in Unit.objects.filter(kind__in=kinds, code__in=[f"{int(w.code):05d}" for w in wards])
    }
    created = updated = 0
    for ward in wards:
        division = ward.division_type.value if hasattr(ward.division_type, "value") else str(ward.division_type)
        kind = _DIVISION_KINDS.get(division)
        if kind is None:
            continue
        code = f"{int(ward.code):05d}"
        unit = existing.get((kind, code))
        if unit is None:
            unit_create(actor=actor, kind=kind, name=ward.name, code=code, parent=parent)
            created += 1
        elif unit.name != ward.name or unit.parent_id != parent.pk:
            unit_update(actor=actor, unit=unit, version=unit.version, name=ward.name, parent=parent)
            updated += 1
    return created, updated
