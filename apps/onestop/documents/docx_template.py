"""Word templates with docxtpl's tags, rendered by Django's template engine.

docxtpl (and its jinja2) is not installed in this project's environment, so this module renders the
same tags a province writes in Word with the subset of docxtpl that the forms need:

- `{{ name }}` and `{{ item.field }}` anywhere in the text (Word may split a tag across runs: the
  runs are joined back, as docxtpl does; curly quotes inside a tag become straight);
- `{%tr for x in rows %}` / `{%tr endfor %}` in a table row: the row is replaced by the tag, so the
  rows between repeat; `{%p if x %}` / `{%p endif %}` / `{%p for %}` in a paragraph of its own, and
  `{%tc ... %}` in a cell, likewise;
- `{% if %}`, `{% for %}` inside one paragraph.

Values are escaped for XML (user text is text). An image is a value `Image(png, width_mm)` printed
by `{{ qr }}` alone in its run. `undeclared_variables()` answers what docxtpl's
`get_undeclared_template_variables()` answers: the top-level names a template uses that it does not
define itself. Only the tags above are allowed (no `load`, `include`, `extends`, `with`...).
"""

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode
from django.utils.html import escape
from django.utils.safestring import mark_safe
from docx import Document
from docx.shared import Mm

CONTENT_PARTS = ("document", "header", "footer")

_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    libraries={},
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    autoescape=True,
    string_if_invalid="",
)
_ALLOWED = (TextNode, VariableNode, ForNode, IfNode, CommentNode)
# Filters that only reshape text (never `safe`: user text must stay escaped, or the XML would break).
_FILTERS = frozenset(
    {
        "upper",
        "lower",
        "title",
        "capfirst",
        "default",
        "default_if_none",
        "truncatechars",
        "truncatewords",
        "length",
        "add",
        "cut",
        "yesno",
    }
)
_TAG_IN_XML = re.compile(r"(\{\{|\{%)(.*?)(\}\}|%\})", re.DOTALL)
_XML_TAG = re.compile(r"<[^>]+>")
_SPLIT_OPEN = re.compile(r"\{(?:<[^>]+>)+(\{|%)")
_SPLIT_CLOSE = re.compile(r"(\}|%)(?:<[^>]+>)+\}")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


class TemplateError(ValueError):
    """The file is not a usable template; the message says why (in Vietnamese)."""


@dataclass(frozen=True)
class Image:
    """A PNG printed where `{{ name }}` stands alone in a run."""

    png: bytes
    width_mm: float

    def __str__(self) -> str:  # pragma: no cover - replaced by a marker before rendering
        return ""


def _clean_tag(match: re.Match[str]) -> str:
    inner = _XML_TAG.sub("", match.group(2)).translate(_QUOTES)
    for entity, char in (
        ("&quot;", '"'),
        ("&apos;", "'"),
        ("&#39;", "'"),
        ("&gt;", ">"),
        ("&lt;", "<"),
        ("&amp;", "&"),
    ):
        inner = inner.replace(entity, char)
    return match.group(1) + inner + match.group(3)


def _row_level(xml: str, element: str, short: str) -> str:
    """`{%tr ... %}` inside a `<w:tr>`: the whole row becomes the bare tag (docxtpl's rule)."""
    pattern = re.compile(
        rf"<w:{element}[ >](?:(?!<w:{element}[ >]).)*?(\{{%{short} .*?%\}}|\{{\{{{short} .*?\}}\}}).*?</w:{element}>",
        re.DOTALL,
    )
    xml = pattern.sub(lambda m: m.group(1), xml)
    return re.sub(rf"(\{{%|\{{\{{){short} ", r"\1 ", xml)


def preprocess(xml: str) -> str:
    """An XML part with Word's run splits taken out of the tags and the row/paragraph/cell tags lifted."""
    xml = _SPLIT_OPEN.sub(lambda m: "{" + m.group(1), xml)
    xml = _SPLIT_CLOSE.sub(lambda m: m.group(1) + "}", xml)
    xml = _TAG_IN_XML.sub(_clean_tag, xml)
    for element, short in (("tr", "tr"), ("tc", "tc"), ("p", "p")):
        xml = _row_level(xml, element, short)
    return xml


def _parts(doc: Any) -> Iterator[Any]:
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        content = name.startswith("/word/") and any(name[6:].startswith(kind) for kind in CONTENT_PARTS)
        if content and hasattr(part, "_element"):
            yield part


def _open(data: bytes) -> Any:
    try:
        return Document(BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a docx
        raise TemplateError("Tệp không phải là văn bản Word (.docx) hợp lệ.") from exc


def _xml_of(part: Any) -> str:
    from lxml import etree

    return etree.tostring(part._element, encoding="unicode")


def _compile(xml: str) -> Any:
    try:
        template = _ENGINE.from_string(preprocess(xml))
    except TemplateSyntaxError as exc:
        token = getattr(exc, "token", None)
        where = f": {_shown(token)}" if token is not None else ""
        raise TemplateError(f"Mẫu có thẻ sai cú pháp hoặc không được phép{where}.") from exc
    for node in _walk(template.nodelist):
        for expression in _expressions(node):
            for func, _args in expression.filters:
                if func.__name__ not in _FILTERS:
                    raise TemplateError(f"Mẫu dùng bộ lọc không được phép: {func.__name__}.")
        if not isinstance(node, _ALLOWED):
            token = getattr(node, "token", None)
            raise TemplateError(
                "Mẫu chỉ được dùng các thẻ {{ ... }}, for và if; thẻ không được phép: "
                f"{_shown(token) if token is not None else type(node).__name__}."
            )
    return template


def _expressions(node: Any) -> list[FilterExpression]:
    if isinstance(node, VariableNode):
        return [node.filter_expression]
    if isinstance(node, ForNode):
        return [node.sequence] if isinstance(node.sequence, FilterExpression) else []
    if isinstance(node, IfNode):
        found: list[FilterExpression] = []
        for condition, _nodelist in node.conditions_nodelists:
            found.extend(_condition_expressions(condition))
        return found
    return []


def _condition_expressions(condition: Any) -> list[FilterExpression]:
    if condition is None:
        return []
    value = getattr(condition, "value", None)
    found = [value] if isinstance(value, FilterExpression) else []
    for side in ("first", "second"):
        child = getattr(condition, side, None)
        if child is not None and child is not condition:
            found.extend(_condition_expressions(child))
    return found


def _shown(token: Any) -> str:
    """A tag as the province wrote it: "{% load static %}"."""
    contents = str(token.contents)[:80]
    return "{{ " + contents + " }}" if token.token_type.name == "VAR" else "{% " + contents + " %}"


def _walk(nodes: Any) -> Iterator[Node]:
    for node in nodes:
        yield node
        for attr in getattr(node, "child_nodelists", ()):
            yield from _walk(getattr(node, attr, None) or [])
        if isinstance(node, IfNode):
            for _condition, nodelist in node.conditions_nodelists:
                yield from _walk(nodelist)


def _names_of_expression(expression: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(expression, FilterExpression):
        if isinstance(expression.var, Variable) and expression.var.lookups:
            names.add(expression.var.lookups[0])
        for _func, args in expression.filters:
            for lookup, arg in args:
                if lookup and isinstance(arg, Variable) and arg.lookups:
                    names.add(arg.lookups[0])
    return names


def _names_of_condition(condition: Any) -> set[str]:
    if condition is None:
        return set()
    names = _names_of_expression(getattr(condition, "value", None))
    for side in ("first", "second"):
        child = getattr(condition, side, None)
        if child is not None and child is not condition:
            names |= _names_of_condition(child)
    return names


def _undeclared(nodes: Any, bound: frozenset[str]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, VariableNode):
            names |= _names_of_expression(node.filter_expression) - bound
        elif isinstance(node, ForNode):
            names |= _names_of_expression(node.sequence) - bound
            inner = bound | set(node.loopvars) | {"forloop"}
            names |= _undeclared(node.nodelist_loop, inner)
            names |= _undeclared(node.nodelist_empty, bound)
        elif isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                names |= _names_of_condition(condition) - bound
                names |= _undeclared(nodelist, bound)
    return names


def undeclared_variables(data: bytes) -> set[str]:
    """The names the template needs from its context (docxtpl's get_undeclared_template_variables)."""
    doc = _open(data)
    names: set[str] = set()
    for part in _parts(doc):
        names |= _undeclared(_compile(_xml_of(part)).nodelist, frozenset())
    return names


def render(data: bytes, context: dict[str, Any]) -> bytes:
    """The filled document. Images (`Image` values, top level) go where their tag stood.
    TemplateError when the template does not make a valid Word document (a tag opened in one
    paragraph and closed in another without the `p` form)."""
    from docx.oxml import parse_xml

    doc = _open(data)
    markers: dict[str, Image] = {}
    values = dict(context)
    for key, value in context.items():
        if isinstance(value, Image):
            marker = f"IMG{secrets.token_hex(8)}"
            markers[marker] = value
            values[key] = marker
    values = {key: _with_markers(value, markers) for key, value in values.items()}
    for part in _parts(doc):
        xml = _compile(_xml_of(part)).render(Context(values, autoescape=True))
        try:
            part._element = parse_xml(xml.encode("utf-8"))
        except Exception as exc:  # lxml's XMLSyntaxError: the tags cut through Word's structure
            raise TemplateError(
                "Mẫu tạo ra văn bản Word không hợp lệ: một thẻ if/for mở và đóng ở hai đoạn văn khác nhau "
                "phải dùng dạng {%p ... %} (hoặc {%tr ... %} trong bảng) trên một đoạn riêng."
            ) from exc
    out = BytesIO()
    doc.save(out)
    if not markers:
        return out.getvalue()
    doc = Document(BytesIO(out.getvalue()))  # the Document object still holds the old elements
    _place_images(doc, markers)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _with_markers(value: Any, markers: dict[str, Image]) -> Any:
    """Images inside lists of dicts (a slot's QR) become markers too."""
    if isinstance(value, list):
        return [_with_markers(item, markers) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, Image):
                marker = f"IMG{secrets.token_hex(8)}"
                markers[marker] = item
                out[key] = marker
            else:
                out[key] = _with_markers(item, markers)
        return out
    if isinstance(value, str):
        return _text(value)
    return value


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def _text(value: str) -> str:
    """User text for a run: characters XML 1.0 cannot hold dropped, escaped, line breaks as Word's."""
    cleaned = _NOT_XML.sub("", value)
    if "\n" not in cleaned:
        return cleaned
    lines = cleaned.replace("\r\n", "\n").split("\n")
    return mark_safe(_BREAK.join(str(escape(line)) for line in lines))  # noqa: S308 - each line escaped


def _paragraphs(doc: Any) -> Iterator[Any]:
    yield from doc.paragraphs
    for table in doc.tables:
        yield from _table_paragraphs(table)


def _table_paragraphs(table: Any) -> Iterator[Any]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def _place_images(doc: Any, markers: dict[str, Image]) -> None:
    for paragraph in _paragraphs(doc):
        for run in paragraph.runs:
            text = run.text
            for marker, image in markers.items():
                if marker in text:
                    run.text = text.replace(marker, "")
                    run.add_picture(BytesIO(image.png), width=Mm(image.width_mm))
                    text = run.text
