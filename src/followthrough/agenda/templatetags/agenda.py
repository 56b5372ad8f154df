"""`{% item_actions item %}`: an agenda item's inline actions as HTML.

Built in Python with format_html (every value escaped) rather than with nested template
includes: Today renders dozens of items with several small forms each, and the include-per-
field version cost about a millisecond per item (bench/bench_today.py).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from followthrough.agenda.due import Action, AgendaItem, Field, url

register = template.Library()
SELECTED = SafeString(" selected")


def _field(f: Field) -> SafeString:
    if f.kind == "hidden":
        return format_html('<input type="hidden" name="{}" value="{}">', f.name, f.value)
    if f.kind == "select":
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, SELECTED if v == f.value else "", label) for v, label in f.choices),
        )
        return format_html(
            '<select name="{}" aria-label="{}" class="small-select">{}</select>',
            f.name,
            f.label,
            options,
        )
    if f.kind == "checkbox":
        return format_html(
            '<label class="check small"><input type="checkbox" name="{}" value="{}" required> '
            "{}</label>",
            f.name,
            f.value or "1",
            f.label,
        )
    return format_html(
        '<input type="text" name="{}" aria-label="{}" placeholder="{}" value="{}" required>',
        f.name,
        f.label,
        f.placeholder,
        f.value,
    )


def _form(a: Action, *, primary: bool, csrf: str, back: str, css: str) -> SafeString:
    fields = SafeString("".join(_field(f) for f in a.fields))
    button = "btn small primary" if primary or a.needs_input else "btn small"
    return format_html(
        '<form method="post" action="{0}" hx-post="{0}" hx-target="#agenda" hx-swap="outerHTML"'
        ' class="{1}" data-action="{2}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{3}">'
        '<input type="hidden" name="next" value="{4}">{5}'
        '<button class="{6}" type="submit">{7}</button></form>',
        a.url,
        css,
        a.name,
        csrf,
        back,
        fields,
        button,
        a.label,
    )


def render_action(a: Action, *, primary: bool, csrf: str, back: str) -> SafeString:
    if a.method == "get":
        return format_html(
            '<a class="btn small" href="{}" data-action="{}">{}</a>', a.url, a.name, a.label
        )
    if a.needs_input:
        return format_html(
            '<details class="agenda-more" data-action="{}"><summary class="btn small{}">{}'
            "</summary>{}</details>",
            a.name,
            " primary" if primary else "",
            a.label,
            _form(a, primary=primary, csrf=csrf, back=back, css="agenda-form"),
        )
    return _form(a, primary=primary, csrf=csrf, back=back, css="agenda-inline")


@register.simple_tag(takes_context=True)
def item_actions(context: dict[str, Any], item: AgendaItem) -> SafeString:
    cache = context.render_context  # type: ignore[attr-defined]
    if "agenda_csrf" not in cache:  # masking the token is costly: once per page, not per form
        cache["agenda_csrf"] = str(context.get("csrf_token", ""))
    csrf = cache["agenda_csrf"]
    back = url("today")
    return SafeString(
        "".join(
            render_action(a, primary=n == 0, csrf=csrf, back=back)
            for n, a in enumerate(item.actions)
        )
    )
