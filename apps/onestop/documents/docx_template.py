"""Word templates a province edits, rendered by docxtpl in a sandboxed, autoescaping Jinja environment.

An uploaded template is untrusted input, so it is rendered by `docxtpl.DocxTemplate` with
`jinja2.sandbox.SandboxedEnvironment(autoescape=True)`:

- the sandbox refuses access to Python internals (`{{ x.__class__ }}`...);
- autoescape keeps user text (`<b>`, `&`) as text, so the document's XML stays valid; the `safe`
  filter and the `autoescape`, `include`, `extends`, `import` and `from` tags, which would undo that
  or reach outside the file, are refused;
- a name the context does not hold prints empty (and an uploaded template may only use the form's
  placeholders: `undeclared_variables()` is docxtpl's `get_undeclared_template_variables()`);
- an `Image(png, width_mm)` value becomes a `docxtpl.InlineImage` (the QR codes);
- a line break in user text becomes a Word line break (docxtpl's Listing rule, applied to every
  rendered run), and characters XML 1.0 cannot hold are dropped.

Every failure (not a Word file, a Jinja syntax, security or undefined error, a rendered document that
is not valid XML) becomes `TemplateError`, whose message is translated: an upload is refused with a
message, never a 500.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import jinja2
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

# Tags that would undo the escaping (autoescape) or read other templates (there is no loader anyway).
FORBIDDEN_TAGS = frozenset({"autoescape", "include", "extends", "import", "from"})
# Filters that would print user text as XML.
FORBIDDEN_FILTERS = frozenset({"safe"})
MAX_SIZE = 100_000  # the longest string or list a `*` may build; the largest power


class TemplateError(ValueError):
    """The file is not a usable template; the message says why (translated)."""


@dataclass(frozen=True)
class Image:
    """A PNG printed where `{{ name }}` stands (alone in its run)."""

    png: bytes
    width_mm: float


class _ForbiddenTag(jinja2.TemplateSyntaxError):
    def __init__(self, tag: str, lineno: int, name: str | None, filename: str | None) -> None:
        super().__init__(f"tag not allowed: {tag}", lineno, name, filename)
        self.tag = tag


class _RefuseTags(Extension):
    """Refuses the tags of FORBIDDEN_TAGS while the template is parsed (so at upload, not at print)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        previous: Token | None = None
        for token in stream:
            opens_tag = previous is not None and previous.type == "block_begin" and token.type == "name"
            if opens_tag and token.value in FORBIDDEN_TAGS:
                raise _ForbiddenTag(token.value, token.lineno, stream.name, stream.filename)
            previous = token
            yield token


class _Environment(SandboxedEnvironment):
    """The sandbox, plus a bound on `*` and `**` (a template cannot fill the memory with `'x' * 10**9`)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = (int, float)
        numeric = isinstance(right, numbers) and isinstance(left, numbers)
        if operator == "**" and numeric and (abs(right) > 64 or abs(left) > MAX_SIZE):
            raise jinja2.exceptions.SecurityError("power too large")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                sized = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if sized and len(sequence) * count > MAX_SIZE:
                    raise jinja2.exceptions.SecurityError("sequence too long")
        return super().call_binop(context, operator, left, right)


def environment() -> SandboxedEnvironment:
    """The Jinja environment of every form: sandboxed, autoescaping, without the forbidden tags and filters."""
    env = _Environment(autoescape=True, extensions=[_RefuseTags])
    for name in FORBIDDEN_FILTERS:
        env.filters.pop(name, None)
    return env


_ENV = environment()


class _Template(DocxTemplate):
    """docxtpl, with each rendered part checked to be XML (docxtpl's own parser would repair it)."""

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        xml: str = super().render_xml_part(src_xml, part, context, jinja_env)
        try:
            etree.fromstring(xml.encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            raise TemplateError(
                _(
                    "The template makes an invalid Word document: an if/for tag opened in one paragraph "
                    "and closed in another must use the {%p ... %} form (or {%tr ... %} in a table) "
                    "in a paragraph of its own."
                )
            ) from exc
        return xml


def _open(data: bytes) -> _Template:
    template = _Template(BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a file that is not a docx
        raise TemplateError(_("The file is not a valid Word document (.docx).")) from exc
    return template


def undeclared_variables(data: bytes) -> set[str]:
    """The names the template needs from its context (docxtpl's get_undeclared_template_variables)."""
    template = _open(data)
    try:
        # the body first, one paragraph a line as docxtpl renders it, so a syntax error names its paragraph
        _ENV.parse(_PARAGRAPH.sub(r"\n<w:p\1", template.patch_xml(template.get_xml())))
        return set(template.get_undeclared_template_variables(jinja_env=_ENV))
    except jinja2.TemplateError as exc:
        raise _explained(exc) from exc


def render(data: bytes, context: dict[str, Any]) -> bytes:
    """The filled document. `Image` values (top level or inside lists of dicts) go where their tag stood."""
    template = _open(data)
    values = {key: _value(value, template) for key, value in context.items()}
    try:
        template.render(values, jinja_env=_ENV)
        out = BytesIO()
        template.save(out)
    except TemplateError:
        raise
    except jinja2.TemplateError as exc:
        raise _explained(exc) from exc
    except (ArithmeticError, LookupError, TypeError, ValueError, etree.LxmlError) as exc:
        # what a sandboxed expression may still raise: {{ 1 / 0 }}, {{ range('a') }}...
        raise TemplateError(_("The template cannot be filled: %(error)s.") % {"error": _short(str(exc))}) from exc
    return out.getvalue()


_PARAGRAPH = re.compile(r"<w:p([ >])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _value(value: Any, template: DocxTemplate) -> Any:
    """A context value as the template prints it: an `Image` as an InlineImage, user text as plain
    text (never a "safe" string that autoescape would let through) without what XML cannot hold."""
    if isinstance(value, Image):
        return InlineImage(template, BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, str | Promise):
        text = str.__str__(str(value)).replace("\r\n", "\n").replace("\r", "\n")
        return _NOT_XML.sub("", text)  # "\n" then becomes <w:br/> (docxtpl's Listing rule)
    if isinstance(value, dict):
        return {key: _value(item, template) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_value(item, template) for item in value]
    return value


_UNKNOWN_TAG = re.compile(r"unknown tag '([^']+)'")
_UNKNOWN_FILTER = re.compile(r"No filter named '([^']+)'")
_XML_TAG = re.compile(r"<[^>]+>")


def _explained(exc: jinja2.TemplateError) -> TemplateError:
    """A Jinja error as a TemplateError whose message a province can act on."""
    where = _where(exc)
    syntax = exc.message or "" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
    unknown_tag = _UNKNOWN_TAG.search(syntax)
    unknown_filter = _UNKNOWN_FILTER.search(syntax)
    if isinstance(exc, _ForbiddenTag) or unknown_tag:
        tag = exc.tag if isinstance(exc, _ForbiddenTag) else unknown_tag.group(1) if unknown_tag else ""
        message = _("The template uses a tag that is not allowed: {%% %(tag)s %%}.") % {"tag": tag}
    elif unknown_filter:
        message = _("The template uses a filter that is not allowed: %(name)s.") % {"name": unknown_filter.group(1)}
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        message = _("The template has a tag with a syntax error: %(error)s.") % {"error": _short(syntax)}
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = _("The template reads something it is not allowed to: %(error)s.") % {"error": _short(str(exc))}
    elif isinstance(exc, jinja2.UndefinedError):
        message = _("The template uses a value that does not exist: %(error)s.") % {"error": _short(str(exc))}
    else:
        message = _("The template cannot be filled: %(error)s.") % {"error": _short(str(exc))}
    if where:
        message += " " + _("In the text: “%(text)s”.") % {"text": where}
    return TemplateError(message)


def _where(exc: jinja2.TemplateError) -> str:
    """The paragraph (docxtpl puts each on its own line) where a syntax error is, as text."""
    source = getattr(exc, "source", None)
    lineno = getattr(exc, "lineno", None)
    if not isinstance(exc, jinja2.TemplateSyntaxError) or not source or not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    return _short(_XML_TAG.sub("", lines[lineno - 1]).strip())


def _short(text: str, limit: int = 120) -> str:
    text = text.rstrip(".")
    return text if len(text) <= limit else text[: limit - 1] + "…"
