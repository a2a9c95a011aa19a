"""Forms of the appraisal, explanation, finalising and publishing pages. They only parse input;
the services validate and decide."""

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from apps.core.web.forms import VersionedForm
from apps.par.models import Score

TEXTAREA = {"class": "form-control", "rows": 2}


VERSION_MISSING = _("The form is missing its version; reload the page.")


class VersionForm(VersionedForm):
    """Every write here acts on an existing object, so it carries that object's version (required)."""

    def __init__(self, *args: Any, require_version: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, require_version=require_version, **kwargs)
        self.fields["version"].error_messages.update(
            {"required": VERSION_MISSING, "invalid": VERSION_MISSING, "min_value": VERSION_MISSING}
        )


class AppraiseForm(VersionForm):
    points = forms.CharField(
        label=_("Appraised points"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXTAREA, "class": "form-control form-control-sm"}),
    )


class RequestExplanationForm(VersionForm):
    note = forms.CharField(
        label=_("What should the unit explain?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXTAREA, "class": "form-control form-control-sm"}),
    )
    withdraw = forms.BooleanField(required=False)


class PublishForm(VersionForm):
    decision_reference = forms.CharField(
        label=_("Publishing decision (number and date)"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "123/QĐ-UBND ngày 05/02/2026"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ExplanationForm(VersionForm):
    """One text and any number of files per criterion under explanation."""

    def __init__(self, *args: Any, scores: Sequence[Score], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = list(scores)
        for score in self.scores:
            self.fields[f"answer_{score.pk}"] = forms.CharField(
                label=_("Your explanation"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
            )
            self.fields[f"files_{score.pk}"] = MultipleFileField(label=_("Files"), required=False)

    def rows(self) -> Iterable[tuple[Score, forms.BoundField, forms.BoundField]]:
        for score in self.scores:
            yield score, self[f"answer_{score.pk}"], self[f"files_{score.pk}"]

    def answers(self) -> dict[int, str]:
        return {score.pk: self.cleaned_data.get(f"answer_{score.pk}") or "" for score in self.scores}

    def uploads(self) -> dict[int, list[UploadedFile]]:
        return {score.pk: list(self.cleaned_data.get(f"files_{score.pk}") or []) for score in self.scores}
