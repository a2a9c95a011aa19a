"""Who may do what with one-stop dossiers. Built on the roles and units of apps.org.permissions.

- The catalogue (procedures, front offices, form templates, the service index definition) is kept by
  one-stop officers of the provincial centre and the system administrator; everyone signed in with a
  one-stop role, and the province-wide roles, may read it.
- A dossier is seen by the officers (one-stop or resolving) of the units it passes through (the
  receiving office, the resolving agency, the agency holding it now, and their parent units) and by the
  province-wide roles (leaders, secretariat, administrator), read-only. The officers of those units act on it;
  the engine decides which actions its state allows.
- Statistics and the service index: province-wide roles for every unit; a unit's officers and head for their unit.
- Imports and the integration API: the system administrator (an integration signs in with an API token).
"""

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from apps.org.models import Role
from apps.org.permissions import has_role, member_unit_ids, own_unit_ids, register_policy, sees_all_units


class OnestopAction(StrEnum):
    READ_CATALOGUE = "onestop_read_catalogue"
    MANAGE_CATALOGUE = "onestop_manage_catalogue"  # procedures, offices, form templates, index definition
    RECEIVE = "onestop_receive"  # obj: the receiving unit (or None: at any of the user's offices)
    VIEW_INBOX = "onestop_view_inbox"
    VIEW_DOSSIER = "onestop_view_dossier"
    PROCESS = "onestop_process"  # obj: a dossier
    VIEW_APPLICANT = "onestop_view_applicant"  # the applicant's phone, e-mail, address
    VIEW_STATS = "onestop_view_stats"  # obj: a unit id or None (the province)
    MANAGE_INDEX = "onestop_manage_index"  # entered values of the service index
    IMPORT = "onestop_import"  # imports and the integration API


OFFICER_ROLES = (Role.ONESTOP_OFFICER, Role.RESOLVING_OFFICER)
PROVINCE_ROLES = (Role.LEADER, Role.SECRETARIAT, Role.SYSTEM_ADMIN)


def officer_unit_ids(user: Any) -> set[int]:
    """The units where the user is a one-stop or resolving officer."""
    return member_unit_ids(user, *OFFICER_ROLES)


def is_officer(user: Any) -> bool:
    return bool(officer_unit_ids(user))


def _dossier_units(dossier: Any) -> set[int]:
    return {dossier.receiving_unit_id, dossier.resolving_unit_id, dossier.current_unit_id}


def _handles(user: Any, dossier: Any) -> bool:
    """The user is an officer of a unit the dossier passes through (a sub-unit's officer counts for it)."""
    return dossier is not None and bool(_dossier_units(dossier) & _officer_tree(user))


def _officer_tree(user: Any) -> set[int]:
    """The units the user works for and their sub-units, when the user is an officer somewhere."""
    return own_unit_ids(user) if officer_unit_ids(user) else set()


class OnestopPolicy:
    def can(self, user: Any, action: OnestopAction, obj: Any = None) -> bool:
        match action:
            case OnestopAction.READ_CATALOGUE:
                return is_officer(user) or has_role(user, *PROVINCE_ROLES)
            case OnestopAction.MANAGE_CATALOGUE:
                return has_role(user, Role.SYSTEM_ADMIN, Role.ONESTOP_OFFICER)
            case OnestopAction.RECEIVE:
                offices = member_unit_ids(user, Role.ONESTOP_OFFICER)
                return bool(offices) if obj is None else _unit_id(obj) in offices
            case OnestopAction.VIEW_INBOX:
                return is_officer(user)
            case OnestopAction.VIEW_DOSSIER:
                return has_role(user, *PROVINCE_ROLES) or _handles(user, obj)
            case OnestopAction.VIEW_APPLICANT | OnestopAction.PROCESS:
                return _handles(user, obj)
            case OnestopAction.VIEW_STATS:
                if sees_all_units(user):
                    return True
                mine = member_unit_ids(user, *OFFICER_ROLES, Role.UNIT_HEAD)
                return bool(mine) if obj is None else _unit_id(obj) in own_unit_ids(user) and bool(mine)
            case OnestopAction.MANAGE_INDEX:
                return has_role(user, Role.SYSTEM_ADMIN, Role.SECRETARIAT)
            case OnestopAction.IMPORT:
                return has_role(user, Role.SYSTEM_ADMIN)
        return False

    def scope(self, user: Any, action: OnestopAction, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Dossiers (or rows with a `dossier`) the user may see or act on; units for VIEW_STATS."""
        if action in (OnestopAction.VIEW_DOSSIER, OnestopAction.VIEW_INBOX, OnestopAction.PROCESS):
            if action == OnestopAction.VIEW_DOSSIER and has_role(user, *PROVINCE_ROLES):
                return queryset
            units = _officer_tree(user)
            if not units:
                return queryset.none()
            prefix = "" if queryset.model._meta.model_name == "dossier" else "dossier__"
            return queryset.filter(
                Q(**{f"{prefix}receiving_unit_id__in": units})
                | Q(**{f"{prefix}resolving_unit_id__in": units})
                | Q(**{f"{prefix}current_unit_id__in": units})
            )
        if action == OnestopAction.VIEW_STATS:
            if sees_all_units(user):
                return queryset
            if not member_unit_ids(user, *OFFICER_ROLES, Role.UNIT_HEAD):
                return queryset.none()
            field = "pk__in" if queryset.model._meta.model_name == "unit" else "unit_id__in"
            return queryset.filter(**{field: own_unit_ids(user)})
        return queryset if self.can(user, action, None) else queryset.none()


def _unit_id(obj: Any) -> int:
    return int(getattr(obj, "pk", obj))


register_policy(OnestopAction, OnestopPolicy())
