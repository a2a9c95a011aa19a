"""Evidence files, served only through this permission-checked view (never from /media/), under a
name built from the document's title and its detected type."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from apps.par import selectors
from apps.par.services.evidence import ALLOWED_TYPES, INLINE_TYPES, download_name


@require_safe
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=evidence.content_type if evidence.content_type in ALLOWED_TYPES else "application/octet-stream",
        as_attachment=evidence.content_type not in INLINE_TYPES,
        filename=download_name(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
