"""The one field-markup include (templates/includes/_field.html, through _form_fields.html)."""

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    name = forms.CharField(label="Name", help_text="What it is called.")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    active = forms.BooleanField(label="Active", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict:
        raise forms.ValidationError("Something is wrong as a whole.")


def _render(form: forms.Form) -> str:
    return render_to_string("includes/_form_fields.html", {"form": form})


def test_it_renders_label_widget_and_help_text_for_every_field() -> None:
    html = _render(_Form())
    assert '<label class="form-label" for="id_name">Name</label>' in html
    assert 'class="form-control"' in html
    assert 'class="form-select"' in html
    assert 'class="form-check-input"' in html
    assert '<div class="form-text" id="id_name_helptext">What it is called.</div>' in html
    assert 'type="hidden" name="version"' in html
    assert "is-invalid" not in html


def test_it_marks_a_field_with_errors_invalid_and_shows_them() -> None:
    form = _Form({"kind": "zzz", "active": "on"})
    form.is_valid()
    html = _render(form)
    assert html.count("is-invalid") == 2  # name (required) and kind (invalid choice), not active
    assert html.count('class="invalid-feedback d-block"') == 2
    assert 'aria-invalid="true"' in html
    assert "Something is wrong as a whole." in html  # the form's own errors on top


def test_it_can_leave_the_errors_to_a_summary() -> None:
    form = _Form({})
    form.is_valid()
    html = render_to_string("includes/_field.html", {"field": form["name"], "no_errors": True, "wrapper_class": "col"})
    assert 'class="col"' in html
    assert "is-invalid" in html
    assert "invalid-feedback" not in html
