"""The real-time service index (Decision 766/QĐ-TTg): its definition as data, and entered values."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.onestop.engine.index import FormulaKind


class IndexDefinition(models.Model):
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("service index definition")

    def __str__(self) -> str:
        return self.name


class IndexIndicator(models.Model):
    definition = models.ForeignKey(IndexDefinition, on_delete=models.CASCADE, related_name="indicators")
    group = models.CharField(_("group"), max_length=200)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=400)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2, default=Decimal(0))
    formula = models.CharField(
        _("formula"), max_length=20, choices=FormulaKind.choices, default=FormulaKind.PROPORTIONAL
    )
    full_at = models.DecimalField(_("full points at (rate)"), max_digits=6, decimal_places=4, null=True, blank=True)
    source = models.CharField(
        _("computed from"), max_length=80, blank=True, help_text=_("Empty: an officer enters the value.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["definition", "order"]
        constraints = [models.UniqueConstraint(fields=["definition", "code"], name="onestop_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndexEnteredValue(models.Model):
    """A rate an officer enters for an indicator our data cannot compute, per unit and month."""

    indicator = models.ForeignKey(IndexIndicator, on_delete=models.CASCADE, related_name="entered_values")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    value = models.DecimalField(max_digits=7, decimal_places=4)  # a ratio, 0.85 = 85 %
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "month"], name="onestop_entered_key")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.month}"
