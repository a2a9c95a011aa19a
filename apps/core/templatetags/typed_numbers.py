"""`{{ value|typed }}`: a number as it is typed into a field ("0,95"), see apps.core.web.forms.typed_number."""

from decimal import Decimal
from typing import Any

from django import template

from apps.core.web.forms import typed_number

register = template.Library()


@register.filter
def typed(value: Any) -> str:
    if value is None or value == "":
        return ""
    return typed_number(value if isinstance(value, Decimal) else Decimal(str(value)))
