"""The orders' providers for Today: bad news to tell, the customer's choice to act on, and
overdue invoices to chase politely. Each is one indexed range read of stored state."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from followthrough.agenda.due import Action, AgendaContext, AgendaItem, Field, Urgency
from followthrough.agenda.text import duration, local_label, relative
from followthrough.orders import rules
from followthrough.orders.models import HeardFirst, Invoice, Problem, ProblemState
from followthrough.orders.telling import HOW_CHOICES, headline

LIMIT = 200
SNOOZE_CHOICES = (("1h", "for an hour"), ("3h", "for 3 hours"), ("tomorrow", "until tomorrow"))
CHASE_HOW = (("email", "by email"), ("message", "by message"), ("call", "by phone"))


# What the items show of a contact, an order and its line: read nothing else.
_CONTACT = ("code", "first_name", "last_name", "email", "phone")
_PROBLEM_COLUMNS = (
    "code", "kind", "state", "reason", "detected_at", "tell_by", "new_date", "heard_first",
    "them_at", "customer_choice", "choice_note", "chosen_at", "attention_at", "line__product",
    "order__code", "order__number", *(f"order__contact__{f}" for f in _CONTACT),
)  # fmt: skip
_INVOICE_COLUMNS = (
    "code", "number", "amount", "currency", "due_date", "last_chased_at", "chase_at",
    "order__code", "order__number", *(f"order__contact__{f}" for f in _CONTACT),
)  # fmt: skip


class _Urls:
    """Each URL reversed once per read, then filled in per item (reverse() is not cheap)."""

    _MARK = "0CODE0"  # codes never contain a 0

    def __init__(self, *names: str) -> None:
        self._templates = {name: reverse(name, args=[self._MARK]) for name in names}
        self.snooze = reverse("agenda_snooze")

    def __call__(self, name: str, code: str) -> str:
        return self._templates[name].replace(self._MARK, code)


def _snooze(urls: _Urls, key: str) -> Action:
    return Action(
        "snooze",
        "Snooze",
        urls.snooze,
        fields=(
            Field("key", "", kind="hidden", value=key),
            Field("for", "Snooze", kind="select", choices=SNOOZE_CHOICES),
        ),
    )


def _open_order(urls: _Urls, code: str) -> Action:
    return Action("open", "Open the order", urls("orders:detail", code), method="get")


def bad_news_items(ctx: AgendaContext) -> list[AgendaItem]:
    """Problems waiting on their owner: to tell the customer (one item per order, since one
    conversation tells them everything), or to act on their choice."""
    rows = (
        Problem.objects.filter(owner=ctx.member, attention_at__lte=ctx.until)
        .select_related("order__contact", "line")
        .only(*_PROBLEM_COLUMNS)
        .order_by("attention_at", "id")[:LIMIT]
    )
    urls = _Urls("orders:detail", "orders:problem_tell", "orders:problem_resolve")
    to_tell: dict[int, list[Problem]] = {}
    items = []
    for p in rows:
        if p.state == ProblemState.TO_TELL:
            to_tell.setdefault(p.order_id, []).append(p)
        elif p.state == ProblemState.CHOSEN:
            items.append(_chosen(p, ctx, urls))
    items += [_to_tell(problems, ctx, urls) for problems in to_tell.values()]
    return items


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _to_tell(problems: list[Problem], ctx: AgendaContext, urls: _Urls) -> AgendaItem:
    first = problems[0]
    order = first.order
    name = order.contact.name
    tz = ctx.member.timezone
    now = ctx.now
    tell_by = min(p.tell_by for p in problems)
    what = "; ".join(headline(p, order) for p in problems)
    reasons = "; ".join(dict.fromkeys(p.reason for p in problems if p.reason))
    late = tell_by <= now
    when = f"{local_label(tell_by, tz, now)} ({relative(tell_by, now)})"
    parts = [f"Order {order.number}: {what}" + (f" ({reasons})." if reasons else ".")]
    asked = [p.them_at for p in problems if p.heard_first == HeardFirst.THEM and p.them_at]
    if asked:
        parts.append(f"{name} already asked about it {duration(now - min(asked))} ago.")
    if late:
        parts.append(f"You were to tell them by {when}: tell them now.")
    else:
        parts.append(f"Tell them before {when}.")
    kind = first.kind if len({p.kind for p in problems}) == 1 else ""
    offer = rules.options_of_all([rules.options_for(p.kind) for p in problems])
    parts.append(f"Offer: {rules.offer_phrase(offer, kind)}.")
    key = f"badnews:{first.code}"
    return AgendaItem(
        key=key,
        kind="bad_news",
        urgency=Urgency.BROKEN if late else Urgency.DUE_NOW,
        at=tell_by,
        title=f"Tell {name}: {what}",
        why=" ".join(parts),
        contact_code=order.contact.code,
        contact_name=name,
        actions=(
            Action(
                "tell",
                "I told them",
                urls("orders:problem_tell", first.code),
                api=f"/api/orders/problems/{first.code}/tell",
                fields=(
                    Field("how", "How", kind="select", choices=HOW_CHOICES),
                    Field("note", "What you told them", placeholder="e.g. new date Friday"),
                ),
            ),
            _open_order(urls, order.code),
            _snooze(urls, key),
        ),
        due_at=tell_by,
        ref=first.code,
        extra={
            "order": order.number,
            "problems": ",".join(p.kind for p in problems),
            "heard_first": "them" if asked else "",
        },
    )


def _chosen(p: Problem, ctx: AgendaContext, urls: _Urls) -> AgendaItem:
    order = p.order
    name = order.contact.name
    chosen_at: datetime = p.chosen_at or p.detected_at
    label = rules.option_label(p.customer_choice, p.kind)
    note = f" They wrote: “{p.choice_note}”" if p.choice_note else ""
    key = f"choice:{p.code}"
    return AgendaItem(
        key=key,
        kind="customer_chose",
        urgency=Urgency.WAITING,
        at=chosen_at,
        title=f"Do what {name} chose for order {order.number}",
        why=f"{_sentence(headline(p, order))}; {name} chose “{label}” "
        f"{duration(ctx.now - chosen_at)} ago.{note}",
        contact_code=order.contact.code,
        contact_name=name,
        actions=(
            Action(
                "resolve",
                "Done",
                urls("orders:problem_resolve", p.code),
                api=f"/api/orders/problems/{p.code}/resolve",
            ),
            _open_order(urls, order.code),
            _snooze(urls, key),
        ),
        ref=p.code,
        extra={"order": order.number, "choice": p.customer_choice},
    )


def invoice_items(ctx: AgendaContext) -> list[AgendaItem]:
    """Unpaid invoices whose next friendly reminder is due."""
    rows = (
        Invoice.objects.filter(owner=ctx.member, chase_at__lte=ctx.until)
        .select_related("order__contact")
        .only(*_INVOICE_COLUMNS)
        .order_by("chase_at")[:LIMIT]
    )
    urls = _Urls("orders:detail", "orders:invoice_chase", "orders:invoice_pay")
    return [_chaser(i, ctx, urls) for i in rows]


def _chaser(i: Invoice, ctx: AgendaContext, urls: _Urls) -> AgendaItem:
    order = i.order
    name = order.contact.name
    now = ctx.now
    amount = f"{i.amount:,.2f} {i.currency}".strip()
    overdue = (now.date() - i.due_date).days
    ago = "today" if overdue <= 0 else ("yesterday" if overdue == 1 else f"{overdue} days ago")
    last = (
        f" Your last reminder went {duration(now - i.last_chased_at)} ago."
        if i.last_chased_at
        else ""
    )
    key = f"invoice:{i.code}"
    chase_at = i.chase_at or now
    return AgendaItem(
        key=key,
        kind="invoice_chaser",
        urgency=Urgency.CHASE if chase_at <= now else Urgency.LATER,
        at=chase_at,
        title=f"Remind {name} about invoice {i.number}",
        why=f"Invoice {i.number} for order {order.number} ({amount}) was due {ago}.{last} "
        "A friendly reminder, no pressure: it may simply have slipped their mind.",
        contact_code=order.contact.code,
        contact_name=name,
        actions=(
            Action(
                "chase",
                "Log the reminder",
                urls("orders:invoice_chase", i.code),
                api=f"/api/orders/invoices/{i.code}/chase",
                fields=(Field("how", "How", kind="select", choices=CHASE_HOW),),
            ),
            Action(
                "pay",
                "It's paid",
                urls("orders:invoice_pay", i.code),
                api=f"/api/orders/invoices/{i.code}/pay",
            ),
            _open_order(urls, order.code),
            _snooze(urls, key),
        ),
        due_at=chase_at,
        ref=i.code,
        extra={"order": order.number, "amount": amount, "due_date": i.due_date.isoformat()},
    )
