"""Word templates of the standard forms (01-07) that a province edits in Word (docxtpl)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormTemplate(models.Model):
    """An uploaded template for one form; the newest active one is used, else the shipped default."""

    form = models.CharField(_("form"), max_length=2)  # "01" .. "07"
    file = models.FileField(_("Word template"), upload_to="onestop/templates/")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["form", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.form} {self.file_name}"
