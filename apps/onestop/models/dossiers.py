"""Dossiers (hồ sơ), their steps between agencies, their events (history) and the daily numbering."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.onestop.engine.states import Channel, DossierState, EventKind, ResultDelivery, Source, Timing


class Dossier(models.Model):
    """One dossier from receipt to result. Dates and states change only through apps.onestop.services."""

    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        "onestop.Procedure", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    receiving_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving office")
    )
    resolving_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("resolving agency")
    )
    current_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("held by"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON)
    result_delivery = models.CharField(
        _("result delivery"), max_length=10, choices=ResultDelivery.choices, default=ResultDelivery.COUNTER
    )
    # The applicant: what the job needs and nothing more (Decree 13/2023/NĐ-CP).
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    pin = models.CharField(_("look-up PIN"), max_length=8, blank=True)
    documents = models.JSONField(_("documents received"), default=list, blank=True)
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    start_day = models.DateField(_("counted from"))
    due_date = models.DateField(_("appointment date"))
    original_due_date = models.DateField(_("first appointment date"))
    state = models.CharField(_("state"), max_length=12, choices=DossierState.choices, default=DossierState.RECEIVED)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    paused_since = models.DateTimeField(_("waiting for supplement since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0)
    apologised_at = models.DateTimeField(_("apologised at"), null=True, blank=True)
    apology_reason = models.TextField(_("reason for the delay"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    timing = models.CharField(_("timing"), max_length=8, choices=Timing.choices, blank=True)
    resolution_days = models.PositiveIntegerField(_("working days taken"), null=True, blank=True)
    # What the real-time service index (Decision 766/QĐ-TTg) counts.
    paid_online = models.BooleanField(_("fees paid online"), default=False)
    digitised = models.BooleanField(_("digitised"), default=False)
    synced = models.BooleanField(_("synchronised to the national portal"), default=False)
    result_electronic = models.BooleanField(_("electronic result"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.COUNTER)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["current_unit", "state", "due_date"], name="onestop_dossier_inbox"),
            models.Index(fields=["receiving_unit", "state", "due_date"], name="onestop_dossier_office"),
            models.Index(fields=["resolving_unit", "received_at"], name="onestop_dossier_resolving"),
            models.Index(fields=["state", "due_date"], name="onestop_dossier_due"),
            # Statistics: a resolving agency's pending and overdue dossiers "now" (apps.onestop.selectors.stats).
            models.Index(fields=["resolving_unit", "state", "due_date"], name="onestop_dossier_pending"),
        ]

    def __str__(self) -> str:
        return self.code


class DossierStep(models.Model):
    """One agency's part of a dossier, with its own deadline, so a late dossier shows the late step."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    days = models.PositiveSmallIntegerField(_("working days"))
    started_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    due_date = models.DateField(_("step deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    timing = models.CharField(_("timing"), max_length=8, choices=Timing.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["dossier", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="onestop_dossier_step_order")]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.order}"


class DossierEvent(models.Model):
    """One transition of a dossier: its history. `idempotency_key` makes a pushed event land once."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, blank=True)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state_after = models.CharField(max_length=12, choices=DossierState.choices)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["dossier", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=~models.Q(idempotency_key=""), name="onestop_event_idempotency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.kind}"


class DailyCounter(models.Model):
    """The last daily number given at one front office on one day (gap-free, one row per day)."""

    agency_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_code", "day"], name="onestop_counter_day")]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"
