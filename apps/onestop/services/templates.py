"""The province's Word templates of the standard forms: upload (checked before it is used) and reset."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.onestop.documents import FORMS, TemplateError, check_template
from apps.onestop.models import FormTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


@transaction.atomic
def form_template_upload(*, actor: Actor, form: str, upload: Any) -> FormTemplate:
    """Check an uploaded .docx (size, a Word file, only the form's placeholders) and make it the
    template in use for `form`; the previous one stays on record, inactive."""
    if form not in FORMS:
        raise _refuse(_("Unknown form."))
    if upload is None:
        raise _refuse(_("Choose a Word file (.docx)."))
    if upload.size > MAX_TEMPLATE_BYTES:
        raise _refuse(_("The file is larger than %(size)d MB.") % {"size": MAX_TEMPLATE_BYTES // (1024 * 1024)})
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(".docx"):
        raise _refuse(_("Choose a Word file (.docx)."))
    data = upload.read()
    try:
        check_template(form, data)
    except TemplateError as exc:
        raise _refuse(str(exc)) from exc
    previous = list(
        FormTemplate.objects.select_for_update().filter(form=form, is_active=True).values_list("pk", flat=True)
    )
    FormTemplate.objects.filter(pk__in=previous).update(is_active=False)
    template = FormTemplate(form=form, file_name=name, uploaded_by=actor if isinstance(actor, User) else None)
    template.file.save(f"mau-{form}.docx", ContentFile(data), save=False)
    template.save()
    audit_record(
        actor=actor,
        action="onestop.form_template.upload",
        obj=template,
        before={"active": previous},
        after={"form": form, "file_name": name, "size": len(data)},
    )
    return template


@transaction.atomic
def form_template_reset(*, actor: Actor, form: str) -> None:
    """Go back to the shipped template for `form` (uploads stay on record, inactive)."""
    if form not in FORMS:
        raise _refuse(_("Unknown form."))
    previous = list(
        FormTemplate.objects.select_for_update().filter(form=form, is_active=True).values_list("pk", flat=True)
    )
    FormTemplate.objects.filter(pk__in=previous).update(is_active=False)
    audit_record(
        actor=actor,
        action="onestop.form_template.reset",
        object_type="onestop.formtemplate",
        object_id=form,
        object_repr=f"{form} {FORMS[form].title}",
        before={"active": previous},
        after={"form": form},
    )
