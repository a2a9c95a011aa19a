from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change, written by a service in the same transaction as the change.

    Events form a hash chain: each carries the hash of the previous one, so an edited or
    deleted event breaks the chain at that point (see `verify_audit_chain`).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row locked by every audit writer, so concurrent writers never fork the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class CalendarOverride(models.Model):
    """A day the province declares off or working, against the national calendar."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class Notification(models.Model):
    """An outbox row: something to tell people, written by a service in the same transaction as the
    change and delivered later by `send_notifications` through the configured channels.

    `dedupe_key` is unique, so writing the same notification twice (a sweep run twice, a double
    click) keeps one row. A worker claims a row with a conditional UPDATE before sending it."""

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="NotificationRecipient", related_name="+", verbose_name=_("recipients")
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    # People without an account (a citizen who gave an e-mail at a counter): e-mailed only.
    email_to = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    email_to_sent_at = models.DateTimeField(_("e-mailed to the addresses"), null=True, blank=True)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="core_notification_pending",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.dedupe_key}"


class NotificationRecipient(models.Model):
    """One person's copy of a notification: the in-app inbox (read or not) and the e-mail state."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification recipient")
        verbose_name_plural = _("notification recipients")
        constraints = [
            models.UniqueConstraint(fields=["notification", "user"], name="core_notification_recipient_unique")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notif_recipient_unread")]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.user_id}"


class NotificationPreference(models.Model):
    """A person's choice to receive a kind of notification by e-mail (in-app always shows it).
    No row: the kind's `email_default`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=80)
    email = models.BooleanField(_("e-mail"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="core_notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} email={self.email}"
