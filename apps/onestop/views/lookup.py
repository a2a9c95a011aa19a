"""The citizen's look-up at /tra-cuu-ho-so/ (no sign-in): a dossier code and the last 4 digits of the
phone given at receipt, or the PIN on the receipt. `?ma=<code>` fills the code in (the receipt's QR
code leads there). The digits travel in a POST, never in a URL.

Rate-limited twice: every public page per address (`public_page`), and look-up attempts per address
(`ONESTOP_LOOKUP_RATE`, 10 a minute unless set), besides the per-code failure counter of the
selector. A wrong code and wrong digits get the same answer, status and work."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from apps.core.public import public_page, too_many_requests_message
from apps.core.web.forms import BootstrapMixin
from apps.onestop.selectors.lookup import (
    LookupLocked,
    attempts_exceeded,
    dossier_lookup,
    locked_message,
    not_found_message,
)


class LookupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        help_text=_("As printed on your receipt, e.g. 000.00.08.H56-260213-0001."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text"}
        ),
    )
    secret = forms.CharField(
        label=_("Last 4 digits of your phone, or the PIN on your receipt"),
        max_length=12,
        help_text=_("The phone number you gave when you handed in the dossier."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )


@public_page()
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    template = "onestop/lookup/lookup.html"
    if request.method != "POST":
        code = str(request.GET.get("ma", ""))[:60]
        return render(request, template, {"form": LookupForm(initial={"code": code} if code else None)})
    form = LookupForm(request.POST)
    if attempts_exceeded(request):
        return render(request, template, {"form": form, "error": str(too_many_requests_message())}, status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    try:
        answer = dossier_lookup(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
    except LookupLocked:
        return render(request, template, {"form": form, "error": locked_message()}, status=429)
    if answer is None:
        return render(request, template, {"form": form, "error": not_found_message()}, status=404)
    response = render(request, template, {"form": LookupForm(initial={"code": answer.code}), "answer": answer})
    response["Cache-Control"] = "private, no-store"
    return response
