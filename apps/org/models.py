from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECRETARIAT = "secretariat", _("PAR secretariat")
    APPRAISER = "appraiser", _("Appraiser")
    FOCAL_POINT = "focal_point", _("Unit focal point")
    UNIT_HEAD = "unit_head", _("Unit head")
    ONESTOP_OFFICER = "onestop_officer", _("One-stop officer")
    RESOLVING_OFFICER = "resolving_officer", _("Resolving officer")
    LEADER = "leader", _("Leader / viewer")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department")
    AGENCY = "agency", _("Provincial agency")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    SERVICE_CENTRE = "service_centre", _("Public administrative service centre")
    SUB_UNIT = "sub_unit", _("Sub-unit")


class Unit(models.Model):
    """An agency in the province's tree: the province, departments, communes, sub-units."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(_("official code"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("official abbreviation"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[^\W_]+(?:[-&][^\W_]+)*$",
                _("Use letters and digits only, e.g. STP or UBND (a hyphen or & may join two parts)."),
            )
        ],
        help_text=_('The letters in the numbers of its documents, e.g. "STP" in "Số: 12/BC-STP".'),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    search_text = models.CharField(max_length=400, blank=True, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~models.Q(code=""), name="org_unit_unique_code_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitGroup(models.Model):
    """A group of units scored and ranked together (e.g. "Sở, ban, ngành")."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="groups", verbose_name=_("units"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in a unit. A person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__sort_order", "unit__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="org_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
