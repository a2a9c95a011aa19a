"""PAR Index scoring: criteria sets, scoring periods, assessments, scores, evidence, results."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_bands() -> list[dict[str, object]]:
    return [
        {"label": "Xuất sắc", "min": 90},
        {"label": "Tốt", "min": 80},
        {"label": "Khá", "min": 70},
        {"label": "Trung bình", "min": 50},
        {"label": "Yếu", "min": 0},
    ]


class CriteriaSet(models.Model):
    """A year's criteria (Bộ tiêu chí) for one group of units: a tree of areas > criteria > sub-criteria."""

    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey("org.UnitGroup", on_delete=models.PROTECT, related_name="criteria_sets")
    name = models.CharField(_("name"), max_length=255)
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones", verbose_name=_("cloned from")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "group__name"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [models.UniqueConstraint(fields=["year", "group"], name="par_set_one_per_group_year")]

    def __str__(self) -> str:
        return self.name


class NodeKind(models.TextChoices):
    NORMAL = "normal", _("Normal")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Criterion(models.Model):
    """A node of a criteria set. Depth 1 = area (lĩnh vực), 2 = criterion, 3+ = sub-criterion."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=600)
    depth = models.PositiveSmallIntegerField(default=1)
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2)
    method = models.JSONField(_("scoring method"), default=dict)
    guidance = models.TextField(_("guidance"), blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    kind = models.CharField(_("kind"), max_length=10, choices=NodeKind.choices, default=NodeKind.NORMAL)
    sort_order = models.PositiveIntegerField(default=0)
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        verbose_name=_("last year's criterion"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["criteria_set", "sort_order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="par_criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_metric(self) -> bool:
        """Scored from a metric (a value a module computes or the secretariat enters), not by people."""
        return isinstance(self.method, dict) and self.method.get("type") == "metric"


def metric_q(prefix: str = "") -> models.Q:
    """The query twin of `Criterion.is_metric` (`prefix` reaches a criterion, e.g. "scores__criterion__")."""
    return models.Q(**{f"{prefix}method__type": "metric"})


class CriterionExclusion(models.Model):
    """A criterion that does not apply to a unit; the unit's index is taken over what applies."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="exclusions")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("not applicable criterion")
        verbose_name_plural = _("not applicable criteria")
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="par_exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.criterion.code} · {self.unit}"


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Published")


class ScoringPeriod(models.Model):
    """A year's scoring of one group: deadlines, the survey's share, bands and caps."""

    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey("org.UnitGroup", on_delete=models.PROTECT, related_name="scoring_periods")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="periods")
    name = models.CharField(_("name"), max_length=255)
    self_assessment_deadline = models.DateField(_("self-assessment deadline"))
    appraisal_deadline = models.DateField(_("appraisal deadline"))
    explanation_deadline = models.DateField(_("explanation deadline"))
    survey_points = models.DecimalField(_("survey points"), default=Decimal("0"), max_digits=7, decimal_places=2)
    bands = models.JSONField(_("bands"), default=default_bands)
    bonus_cap = models.DecimalField(_("bonus cap"), default=Decimal("0"), max_digits=7, decimal_places=2)
    penalty_cap = models.DecimalField(_("penalty cap"), default=Decimal("0"), max_digits=7, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    decision_reference = models.CharField(_("publishing decision"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "group__name"]
        verbose_name = _("scoring period")
        verbose_name_plural = _("scoring periods")
        constraints = [models.UniqueConstraint(fields=["year", "group"], name="par_period_one_per_group_year")]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Self-assessment in progress")
    SUBMITTED = "submitted", _("Submitted, awaiting appraisal")
    EXPLANATION_REQUESTED = "explanation_requested", _("Explanation requested")
    EXPLAINED = "explained", _("Explained, awaiting second appraisal")
    APPRAISED = "appraised", _("Appraised")
    FINALISED = "finalised", _("Finalised")


class Assessment(models.Model):
    """One unit's scoring in a period."""

    period = models.ForeignKey(ScoringPeriod, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"), max_length=25, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["period", "unit__sort_order", "unit__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="par_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.period} · {self.unit}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"evidence/{instance.year}/{instance.unit_id}/{uuid.uuid4().hex}.{suffix}"


class Evidence(models.Model):
    """A document in a unit's evidence library for a year (one decision often proves several criteria)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="evidence")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    """One leaf criterion of one assessment: self-score, appraisal rounds, explanation, measured value."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_value = models.DecimalField(_("self-assessed value"), null=True, blank=True, max_digits=12, decimal_places=4)
    self_points = models.DecimalField(_("self-assessed points"), null=True, blank=True, max_digits=7, decimal_places=2)
    self_note = models.TextField(_("note"), blank=True)
    no_evidence_reason = models.TextField(_("explanation for missing evidence"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="scores", verbose_name=_("evidence"))
    round1_points = models.DecimalField(
        _("first appraisal points"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    round1_reason = models.TextField(_("first appraisal reason"), blank=True)
    explanation_requested = models.BooleanField(_("explanation requested"), default=False)
    explanation_request_note = models.TextField(_("what to explain"), blank=True)
    explanation_text = models.TextField(_("explanation"), blank=True)
    explanation_evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="explained_scores", verbose_name=_("explanation files")
    )
    round2_points = models.DecimalField(
        _("second appraisal points"), null=True, blank=True, max_digits=7, decimal_places=2
    )
    round2_reason = models.TextField(_("second appraisal reason"), blank=True)
    measured_value = models.DecimalField(_("measured value"), null=True, blank=True, max_digits=12, decimal_places=4)
    measured_points = models.DecimalField(_("measured points"), null=True, blank=True, max_digits=7, decimal_places=2)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "criterion__sort_order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="par_score_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code}"


class MetricUnitChoice(models.TextChoices):
    RATIO = "ratio", _("Ratio (0.85 = 85 %)")
    PERCENT = "percent", _("Percentage (85 = 85 %)")
    COUNT = "count", _("Count")
    POINTS = "points", _("Points")


class DeclaredMetric(models.Model):
    """A value PAR scores from that no installed module computes yet (the survey index, enterprise
    growth from the Department of Finance, the on-time share before the one-stop module exists):
    declared as data and entered by the secretariat as measured values. When a module registers a
    metric with the same key (apps.core.metrics, through its hooks), its computed values take over."""

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9_.]+$", _("Lower-case letters, digits, dots and underscores only."))],
    )
    label = models.CharField(_("label"), max_length=255)
    unit = models.CharField(_("unit"), max_length=10, choices=MetricUnitChoice.choices, default=MetricUnitChoice.RATIO)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("declared metric")
        verbose_name_plural = _("declared metrics")

    def __str__(self) -> str:
        return self.key


class MeasuredValue(models.Model):
    """A value from outside the self-assessment (survey points, enterprise growth, ISO share…)."""

    period = models.ForeignKey(ScoringPeriod, on_delete=models.CASCADE, related_name="measured_values")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    metric = models.CharField(_("metric"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    source_note = models.CharField(_("source"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        constraints = [models.UniqueConstraint(fields=["period", "unit", "metric"], name="par_measured_unique")]

    def __str__(self) -> str:
        return f"{self.metric}={self.value}"


class AssessmentResult(models.Model):
    """The computed result of an assessment, refreshed by `results_recompute`; read by rankings."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    self_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    appraised_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    measured_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    survey_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    bonus_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    penalty_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    total_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    max_points = models.DecimalField(default=Decimal("0"), max_digits=7, decimal_places=2)
    index = models.DecimalField(default=Decimal("0"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(null=True, blank=True)
    band = models.CharField(max_length=50, blank=True)
    areas = models.JSONField(default=dict)  # {criterion id: {"points": str, "max": str, "index": str|None}}
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.index} %"
