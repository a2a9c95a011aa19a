"""Output schemas of the org API. Inputs are query parameters (filters); there are no write schemas yet."""

from datetime import date
from typing import Any

from ninja import Schema


class UnitOut(Schema):
    id: int
    kind: str
    kind_label: str
    code: str
    name: str
    short_name: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class UnitRef(Schema):
    id: int
    name: str


class UnitGroupRef(Schema):
    id: int
    code: str
    name: str


class UnitDetailOut(UnitOut):
    parent: UnitRef | None
    groups: list[UnitGroupRef]

    @staticmethod
    def resolve_groups(obj: Any) -> list[Any]:
        return list(obj.groups.all())


class UnitGroupOut(Schema):
    id: int
    code: str
    name: str
    description: str
    unit_ids: list[int]

    @staticmethod
    def resolve_unit_ids(obj: Any) -> list[int]:
        return [unit.pk for unit in obj.units.all()]  # prefetched by selectors.unit_group_list


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    role_label: str


def memberships_out(user: Any) -> list[MembershipOut]:
    """Active memberships from the prefetched `memberships__unit` (no query per person)."""
    return [
        MembershipOut(unit_id=m.unit_id, unit_name=m.unit.name, role=m.role, role_label=str(m.get_role_display()))
        for m in user.memberships.all()
        if m.is_active
    ]


class PersonOut(Schema):
    """A person the caller may see (`selectors.user_list_for_user`), contacts included.

    Only ever built from people the selector returned, so the contacts are never those of a
    person outside the caller's reach.
    """

    id: int
    username: str
    full_name: str
    position: str
    email: str
    phone: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Any) -> list[MembershipOut]:
        return memberships_out(obj)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    position: str
    email: str
    phone: str
    roles: list[str]
    sees_all_units: bool
    memberships: list[MembershipOut]
