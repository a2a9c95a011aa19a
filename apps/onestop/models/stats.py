"""Rollups: counts per resolving agency, procedure and day, maintained with each change of a dossier."""

from django.db import models


class DossierRollup(models.Model):
    """Counts of one agency's dossiers of one procedure on one day. Statistics sum these rows;
    `verify_rollups` proves they equal a recount from the dossiers."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("onestop.Procedure", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_postal = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    resolution_days = models.PositiveIntegerField(default=0)  # working days, summed over resolved dossiers
    refused = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    apologies = models.PositiveIntegerField(default=0)
    supplement_twice = models.PositiveIntegerField(default=0)
    # By the day received, for the service index: fees paid online, digitised, synced, electronic result.
    paid_online = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)
    synced = models.PositiveIntegerField(default=0)
    result_electronic = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "procedure", "day"], name="onestop_rollup_key")]
        indexes = [models.Index(fields=["unit", "day"], name="onestop_rollup_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_id} {self.day}"
