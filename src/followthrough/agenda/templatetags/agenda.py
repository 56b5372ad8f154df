"""`{% agenda_item item %}`: one item of Today as HTML, with its inline actions.

Built in Python rather than in the template: Today renders fifty items with several small
forms each. The include-per-field version cost about a millisecond per item; `format_html`
(a lazy-aware `conditional_escape` per value) and a dozen template lookups per item still
cost ~0.4 ms per item, so the markup is plain f-strings whose every value goes through
`html.escape` — the very function Django's `escape` wraps (bench/bench_today.py).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString

from followthrough.agenda.due import Action, AgendaItem, Field, url

register = template.Library()


def _field(f: Field) -> str:
    if f.kind == "hidden":
        return f'<input type="hidden" name="{escape(f.name)}" value="{escape(f.value)}">'
    if f.kind == "select":
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if v == f.value else ""}>'
            f"{escape(label)}</option>"
            for v, label in f.choices
        )
        return (
            f'<select name="{escape(f.name)}" aria-label="{escape(f.label)}" '
            f'class="small-select">{options}</select>'
        )
    if f.kind == "checkbox":
        return (
            f'<label class="check small"><input type="checkbox" name="{escape(f.name)}" '
            f'value="{escape(f.value or "1")}" required> {escape(f.label)}</label>'
        )
    return (
        f'<input type="text" name="{escape(f.name)}" aria-label="{escape(f.label)}" '
        f'placeholder="{escape(f.placeholder)}" value="{escape(f.value)}" required>'
    )


def _form(a: Action, *, primary: bool, hidden: str, css: str) -> str:
    """`hidden` is the page's CSRF and `next` inputs, already escaped."""
    fields = "".join(_field(f) for f in a.fields)
    button = "btn small primary" if primary or a.needs_input else "btn small"
    action = escape(a.url)
    return (
        f'<form method="post" action="{action}" hx-post="{action}" hx-target="#agenda"'
        f' hx-swap="outerHTML" class="{css}" data-action="{escape(a.name)}">'
        f'{hidden}{fields}<button class="{button}" type="submit">{escape(a.label)}</button></form>'
    )


def _hidden(csrf: str, back: str) -> str:
    return (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'
        f'<input type="hidden" name="next" value="{escape(back)}">'
    )


def _render(a: Action, *, primary: bool, hidden: str) -> str:
    if a.method == "get":
        return (
            f'<a class="btn small" href="{escape(a.url)}" data-action="{escape(a.name)}">'
            f"{escape(a.label)}</a>"
        )
    if a.needs_input:
        return (
            f'<details class="agenda-more" data-action="{escape(a.name)}">'
            f'<summary class="btn small{" primary" if primary else ""}">{escape(a.label)}'
            f"</summary>{_form(a, primary=primary, hidden=hidden, css='agenda-form')}</details>"
        )
    return _form(a, primary=primary, hidden=hidden, css="agenda-inline")


def _page_hidden(context: Any) -> str:
    cache = context.render_context
    hidden: str | None = cache.get("agenda_hidden")
    if hidden is None:  # masking the token is costly: once per page, not per form
        hidden = cache["agenda_hidden"] = _hidden(str(context.get("csrf_token", "")), url("today"))
    return hidden


def _actions(item: AgendaItem, hidden: str) -> str:
    return "".join(_render(a, primary=n == 0, hidden=hidden) for n, a in enumerate(item.actions))


@register.simple_tag(takes_context=True)
def agenda_item(context: Any, item: AgendaItem) -> SafeString:
    """The item as a focusable <li>: what, for whom (a link to the contact), why, actions."""
    kind, key = escape(item.kind), escape(item.key)
    contact = url("contacts:detail", item.contact_code)
    return SafeString(
        f'<li class="agenda-item {kind}" tabindex="0" data-key="{key}" data-kind="{kind}">'
        '<div class="agenda-main">'
        f'<div class="agenda-title"><strong>{escape(item.title)}</strong> '
        f'<span class="muted">·</span> <a href="{escape(contact)}" data-open>'
        f"{escape(item.contact_name)}</a></div>"
        f'<div class="agenda-why">{escape(item.why)}</div>'
        "</div>"
        f'<div class="agenda-actions">{_actions(item, _page_hidden(context))}</div>'
        "</li>"
    )
