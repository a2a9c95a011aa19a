"""`{% field_widget field %}`: a form field's widget with the Bootstrap class its state needs.

Used by `templates/includes/_field.html`, the one include every form renders its fields with."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def _css_class(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        base = "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        base = "form-select"
    else:
        base = "form-control"
    classes = widget.attrs.get("class", "").split()
    if base and base not in classes:
        classes.append(base)
    if field.errors:
        classes.append("is-invalid")
    return " ".join(classes)


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """The widget with `form-control`/`form-select`/`form-check-input` and `is-invalid` when it has errors."""
    css = _css_class(field)
    return field.as_widget(attrs={"class": css} if css else None)
