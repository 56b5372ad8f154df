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
from zoneinfo import ZoneInfo

from django import template
from django.utils.safestring import SafeString

from followthrough.agenda.due import Action, AgendaItem, Field, url
from followthrough.agenda.text import local_label, relative
from followthrough.core.timeutil import utcnow

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
        cls = "btn small primary" if primary else "btn small"
        return (
            f'<a class="{cls}" href="{escape(a.url)}" data-action="{escape(a.name)}"'
            f"{' data-primary' if primary else ''}>{escape(a.label)}</a>"
        )
    if a.needs_input:
        if not primary:  # inside the More menu already: the form itself, no second popover
            return _form(a, primary=False, hidden=hidden, css="agenda-form")
        return (
            f'<details class="agenda-more" data-action="{escape(a.name)}">'
            f'<summary class="btn small primary" data-primary>{escape(a.label)}'
            f"</summary>{_form(a, primary=primary, hidden=hidden, css='agenda-form')}</details>"
        )
    form = _form(a, primary=primary, hidden=hidden, css="agenda-inline")
    return form.replace('type="submit">', 'type="submit" data-primary>', 1) if primary else form


def _page_hidden(context: Any) -> str:
    cache = context.render_context
    hidden: str | None = cache.get("agenda_hidden")
    if hidden is None:  # masking the token is costly: once per page, not per form
        hidden = cache["agenda_hidden"] = _hidden(str(context.get("csrf_token", "")), url("today"))
    return hidden


def _actions(item: AgendaItem, hidden: str) -> str:
    """The one action that clears the item, prominent; the others in a "More" menu (a
    `<details>`: it opens without JavaScript)."""
    first, *rest = item.actions
    html = _render(first, primary=True, hidden=hidden)
    if rest:
        inner = "".join(_render(a, primary=False, hidden=hidden) for a in rest)
        html += (
            '<details class="agenda-menu"><summary class="btn small" '
            f'aria-label="More actions for {escape(item.title)}">More</summary>'
            f'<div class="agenda-menu-body">{inner}</div></details>'
        )
    return html


def _when(item: AgendaItem, context: Any) -> str:
    """ "due today, 15:00", "2 h ago": the item's time in the member's zone, short."""
    member = context.get("member")
    tz = getattr(member, "timezone", "") or "UTC"
    now = context.get("now") or utcnow()
    if item.due_at is not None:
        text = f"due {local_label(item.due_at, tz, now)}"
    elif item.at <= now:
        text = relative(item.at, now)
    else:
        text = local_label(item.at, tz, now)
    stamp = (item.due_at or item.at).astimezone(ZoneInfo(tz))
    return f'<time datetime="{escape(stamp.isoformat())}">{escape(text)}</time>'


@register.simple_tag(takes_context=True)
def agenda_item(context: Any, item: AgendaItem) -> SafeString:
    """The item as a focusable <li>: its title; one line of who (a link to the contact), when
    and why; the action that clears it, and a menu of the others."""
    kind, key = escape(item.kind), escape(item.key)
    contact = url("contacts:detail", item.contact_code)
    why = escape(item.why)
    return SafeString(
        f'<li class="agenda-item {kind}" tabindex="0" data-key="{key}" data-kind="{kind}">'
        '<div class="agenda-main">'
        f'<div class="agenda-title">{escape(item.title)}</div>'
        f'<div class="agenda-line"><a href="{escape(contact)}" data-open>'
        f"{escape(item.contact_name)}</a>"
        f' <span class="sep" aria-hidden="true">·</span> {_when(item, context)}'
        f' <span class="sep" aria-hidden="true">·</span> <span class="agenda-why" title="{why}">'
        f"{why}</span></div>"
        "</div>"
        f'<div class="agenda-actions">{_actions(item, _page_hidden(context))}</div>'
        "</li>"
    )
