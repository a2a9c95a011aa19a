import hashlib

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.org.models import Unit
from apps.par.models import Evidence
from apps.par.services._common import refuse

# What evidence may be, judged from the file's content, never from its name.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "image/jpeg": "jpg",
    "image/png": "png",
}
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


# Old Office files are OLE compound files, like installers (.msi) and many others: only the
# stream a Word or Excel file must have tells them apart (stream names are stored in UTF-16).
_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), "application/msword"),
    ("Workbook".encode("utf-16-le"), "application/vnd.ms-excel"),
    ("Book".encode("utf-16-le") + b"\x00\x00", "application/vnd.ms-excel"),
)


def _ole_type(uploaded: UploadedFile) -> str | None:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    for marker, mime in _OLE_STREAMS:
        if marker in data:
            return mime
    return None


def _sniff(uploaded: UploadedFile) -> str | None:
    """The type the content says the file is (never its name or the browser's claim)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None and head.startswith(b"PK"):
        # Office files are zip archives whose parts can sit past the first 8 KiB.
        kind = filetype.guess(uploaded.read())
        uploaded.seek(0)
    if kind is None:
        return None
    if kind.mime == "application/x-ole-storage" or kind.extension in {"doc", "xls", "msi"}:
        return _ole_type(uploaded)
    return str(kind.mime)


def download_name(evidence: Evidence) -> str:
    """The name a document is served under: its title and the extension of its detected type
    (the uploader's file name and extension are never reused)."""
    stem = slugify(evidence.title, allow_unicode=True)[:80].strip("-_") or "tai-lieu"
    return f"{stem}.{ALLOWED_TYPES.get(evidence.content_type, 'bin')}"


def check_upload(uploaded: UploadedFile) -> str:
    """The content type of an acceptable upload; a ValidationError with a clear message otherwise."""
    limit = settings.UPLOAD_MAX_BYTES
    size = uploaded.size or 0
    if size == 0:
        refuse(_("The file is empty."))
    if size > limit:
        refuse(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    mime = _sniff(uploaded)
    if mime not in ALLOWED_TYPES:
        refuse(
            _(
                "“%(name)s” is not a PDF, Word, Excel or image file (its content does not match). "
                "Please attach PDF, DOC/DOCX, XLS/XLSX, JPG or PNG files."
            )
            % {"name": uploaded.name}
        )
    return mime


@transaction.atomic
def evidence_upload(*, actor: Actor, unit: Unit, year: int, title: str, uploaded: UploadedFile) -> Evidence:
    mime = check_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    original = (uploaded.name or "file").rsplit("/", 1)[-1][:255]
    evidence = Evidence(
        unit=unit,
        year=year,
        title=(title or original).strip()[:255],
        original_name=original,
        content_type=mime,
        size=uploaded.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor if isinstance(actor, User) else None,  # a system actor has no user row
    )
    uploaded.name = f"upload.{ALLOWED_TYPES[mime]}"
    evidence.file = uploaded
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=actor,
        action="par.evidence.upload",
        obj=evidence,
        unit_id=unit.pk,
        after={
            "title": evidence.title,
            "name": original,
            "type": mime,
            "size": evidence.size,
            "sha256": evidence.sha256,
        },
    )
    return evidence
