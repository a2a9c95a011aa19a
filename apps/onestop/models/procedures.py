"""The procedure catalogue (thủ tục hành chính) and the front offices that receive dossiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineMode(models.TextChoices):
    """Decree 42/2022: entirely online, partly online, or not online."""

    FULL = "full", _("Entirely online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class ProcedureLevel(models.TextChoices):
    """The level of government that resolves the procedure."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class Procedure(models.Model):
    """An administrative procedure as published in the national database (CSDL quốc gia về TTHC)."""

    code = models.CharField(_("national code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=600)
    field = models.CharField(_("field"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=ProcedureLevel.choices, default=ProcedureLevel.PROVINCE)
    agency = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("resolving agency"),
        help_text=_("Empty for a commune-level procedure: the commune that receives it resolves it."),
    )
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    fees = models.CharField(_("fees and charges"), max_length=500, blank=True)
    online_mode = models.CharField(_("online mode"), max_length=10, choices=OnlineMode.choices, default=OnlineMode.NONE)
    legacy_level = models.PositiveSmallIntegerField(
        _("online service level (old, 1-4)"), null=True, blank=True, help_text=_("For reports under the old rules.")
    )
    postal_allowed = models.BooleanField(_("postal service allowed"), default=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    search_text = models.CharField(max_length=400, blank=True, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["field", "name"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_inter_agency(self) -> bool:
        return self.steps.exists()


class ProcedureStep(models.Model):
    """One hand-off of an inter-agency (liên thông) procedure: the agency and its working days."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="procedure_steps", verbose_name=_("agency")
    )
    days = models.PositiveSmallIntegerField(_("working days"))
    title = models.CharField(_("what it does"), max_length=300, blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="onestop_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.agency}"


class Office(models.Model):
    """A front office (bộ phận một cửa) that receives dossiers: the provincial centre, each commune.

    `agency_code` is the office's identifier under QCVN 102:2016/BTTTT, the first part of its
    dossiers' codes ("000.17.22.H56")."""

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.PROTECT, related_name="onestop_office", verbose_name=_("unit")
    )
    agency_code = models.CharField(_("agency code (QCVN 102)"), max_length=40, unique=True)
    code_pattern = models.CharField(
        _("dossier code pattern"),
        max_length=60,
        default="{agency}-{yymmdd}-{seq:04d}",
        help_text=_("{agency}, {yymmdd} and {seq:04d} (the day's number, at least 4 digits)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("front office")
        verbose_name_plural = _("front offices")

    def __str__(self) -> str:
        return f"{self.agency_code} · {self.unit}"
