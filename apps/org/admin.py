"""Read-only Django admin views of the organisation, for support staff.

Changes go through the app's own pages (/quan-tri/), whose services validate and write the audit
trail; an edit here would bypass both, so the admin only shows.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.org.models import Membership, Unit, UnitGroup


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "abbreviation", "kind", "code", "parent", "valid_from", "valid_to", "version"]
    list_filter = ["kind"]
    search_fields = ["search_text", "name", "code"]
    list_select_related = ["parent"]


@admin.register(UnitGroup)
class UnitGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "version"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "unit", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__search_text", "unit__search_text"]
    list_select_related = ["user", "unit"]
