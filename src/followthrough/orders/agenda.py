"""The orders' placements for Today: bad news to tell, the customer's choice to act on, and
overdue invoices to chase politely. Each is placed by an indexed range read of stored state
(a part of the agenda's one query) and worded, from one read by id, only when shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from followthrough.agenda.due import (
    Action,
    AgendaContext,
    AgendaItem,
    Field,
    Place,
    Placement,
    Urgency,
    db_date,
    db_list,
    db_time,
    snooze_action,
    url,
)
from followthrough.agenda.text import contact_name, duration, local_label, relative
from followthrough.orders import rules
from followthrough.orders.models import (
    HeardFirst,
    Order,
    Problem,
    ProblemState,
)
from followthrough.orders.telling import HOW_CHOICES, headline

CHASE_HOW = (("email", "by email"), ("message", "by message"), ("call", "by phone"))


class _Urls:
    """Each URL reversed once per read, then filled in per item (reverse() is not cheap)."""

    _MARK = "0CODE0"  # codes never contain a 0

    def __init__(self, *names: str) -> None:
        self._templates = {name: url(name, self._MARK) for name in names}

    def __call__(self, name: str, code: str) -> str:
        return self._templates[name].replace(self._MARK, code)


def _open_order(urls: _Urls, code: str) -> Action:
    return Action("open", "Open the order", urls("orders:detail", code), method="get")


def _open_in_order(state: str) -> str:
    """A problem `q` of the same order and owner as `p`, in `state`, needing attention."""
    return f"""q.order_id = p.order_id AND q.owner_id = p.owner_id
        AND q.state = '{state}' AND q.attention_at <= %(until)s"""


def _one_per_order(prefix: str, state: str, placed_at: str) -> str:
    """One row per order with problems in `state` for this owner (an order never stands twice
    on the list): keyed by its first problem, placed at `placed_at`, an aggregate over `q`."""
    same = _open_in_order(state)
    return f"""
  SELECT '{prefix}:' || p.code AS akey,
         (SELECT {placed_at} FROM orders_problem q WHERE {same}) AS placed_at,
         p.order_id AS ref
  FROM orders_problem p
  WHERE p.owner_id = %(member)s AND p.state = '{state}' AND p.attention_at <= %(until)s
    AND NOT EXISTS (
      SELECT 1 FROM orders_problem q WHERE {same}
        AND (q.attention_at < p.attention_at OR (q.attention_at = p.attention_at AND q.id < p.id))
    )"""  # noqa: S608 - constants only; values are parameters


_TO_TELL = ProblemState.TO_TELL.value
_CHOSEN = ProblemState.CHOSEN.value

# One item per order with news to tell (one conversation tells them everything), keyed by its
# first problem and placed at the earliest "tell by".
BAD_NEWS_SQL = f"""
SELECT akey,
       CASE WHEN placed_at <= %(now)s THEN {Urgency.BROKEN:d} ELSE {Urgency.DUE_NOW:d} END
         AS urgency,
       placed_at, ref
FROM ({_one_per_order("badnews", _TO_TELL, "MIN(q.tell_by)")}
) AS to_tell
"""  # noqa: S608 - constants only; values are parameters

# The customer's choices (on the public order page) to act on: one item per order, placed at
# the earliest choice; its "Done" closes them all.
CHOICES_SQL = f"""
SELECT akey, {Urgency.WAITING:d} AS urgency, placed_at, ref
FROM ({_one_per_order("choice", _CHOSEN, "MIN(COALESCE(q.chosen_at, q.detected_at))")}
) AS chosen
"""  # noqa: S608 - constants only; values are parameters

_CONTACT_JSON = """'contact_code', ct.code, 'first_name', ct.first_name,
                   'last_name', ct.last_name, 'email', ct.email, 'phone', ct.phone"""
_PROBLEM_JSON = """'code', p.code, 'kind', p.kind, 'state', p.state, 'reason', p.reason,
                   'detected_at', p.detected_at, 'tell_by', p.tell_by, 'new_date', p.new_date,
                   'heard_first', p.heard_first, 'them_at', p.them_at,
                   'customer_choice', p.customer_choice, 'choice_note', p.choice_note,
                   'chosen_at', p.chosen_at, 'attention_at', p.attention_at, 'id', p.id,
                   'product', l.product"""


def _order_detail(state: str) -> str:
    """The order, its customer, and every problem of it in `state` waiting on this owner."""
    return f"""
SELECT json_object('order_code', o.code, 'order_number', o.number, {_CONTACT_JSON},
  'problems', (SELECT json_group_array(json_object({_PROBLEM_JSON}))
               FROM orders_problem p LEFT JOIN orders_orderline l ON l.id = p.line_id
               WHERE p.order_id = o.id AND p.owner_id = %(member)s
                 AND p.state = '{state}' AND p.attention_at <= %(until)s))
FROM orders_order o JOIN contacts_contact ct ON ct.id = o.contact_id
WHERE o.id = head.ref
"""  # noqa: S608 - constants only; values are parameters


BAD_NEWS_DETAIL_SQL = _order_detail(_TO_TELL)
CHOICE_DETAIL_SQL = _order_detail(_CHOSEN)


@dataclass(frozen=True, slots=True)
class _Contact:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class _Order:
    code: str
    number: str
    contact: _Contact


@dataclass(frozen=True, slots=True)
class _Line:
    product: str


@dataclass(frozen=True, slots=True)
class _Problem:
    """What an item shows of a problem (as the model's attributes, for `headline`)."""

    id: int
    code: str
    kind: str
    state: str
    reason: str
    detected_at: datetime
    tell_by: datetime
    new_date: date | None
    heard_first: str
    them_at: datetime | None
    customer_choice: str
    choice_note: str
    chosen_at: datetime | None
    attention_at: datetime | None
    order: _Order
    line: _Line | None


@dataclass(frozen=True, slots=True)
class _Invoice:
    code: str
    number: str
    amount: Decimal
    currency: str
    due_date: date
    last_chased_at: datetime | None
    chase_at: datetime | None
    order: _Order


def _order(d: Mapping[str, Any]) -> _Order:
    name = contact_name(
        d["first_name"] or "", d["last_name"] or "", d["email"] or "", d["phone"] or ""
    )
    return _Order(d["order_code"], d["order_number"], _Contact(d["contact_code"], name))


def _when(value: str | datetime | None) -> datetime | None:
    return db_time(value) if value else None


def _problem(d: Mapping[str, Any], order: _Order) -> _Problem:
    return _Problem(
        id=d["id"],
        code=d["code"],
        kind=d["kind"],
        state=d["state"],
        reason=d["reason"],
        detected_at=db_time(d["detected_at"]),
        tell_by=db_time(d["tell_by"]),
        new_date=db_date(d["new_date"]) if d["new_date"] else None,
        heard_first=d["heard_first"],
        them_at=_when(d["them_at"]),
        customer_choice=d["customer_choice"],
        choice_note=d["choice_note"],
        chosen_at=_when(d["chosen_at"]),
        attention_at=_when(d["attention_at"]),
        order=order,
        line=_Line(d["product"]) if d["product"] is not None else None,
    )


def _headline(p: _Problem) -> str:
    """`telling.headline` reads only what a `_Problem` carries."""
    return headline(cast(Problem, p), cast(Order, p.order))


Word = Callable[[list[_Problem], AgendaContext, _Urls], AgendaItem]


def _per_order(
    ctx: AgendaContext, places: Sequence[Place], word: Word, first: Callable[[_Problem], Any]
) -> list[AgendaItem]:
    """One item per order shown, worded from all its problems that its detail read."""
    urls = _Urls("orders:detail", "orders:problem_tell", "orders:problem_resolve")
    items = []
    for place in places:
        order = _order(place.data)
        problems = [_problem(p, order) for p in db_list(place.data["problems"])]
        problems.sort(key=lambda p: (first(p), p.id))
        if problems:
            items.append(word(problems, ctx, urls))
    return items


def build_bad_news(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """Word the news to tell: every open problem of each order shown, in one item."""
    return _per_order(ctx, places, _to_tell, lambda p: p.attention_at or p.tell_by)


def build_choices(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    """Word the choices to act on: every choice of each order shown, in one item."""
    return _per_order(ctx, places, _chosen, lambda p: p.attention_at or p.detected_at)


BAD_NEWS = Placement(BAD_NEWS_SQL, build_bad_news, detail=BAD_NEWS_DETAIL_SQL, timed=True)
CHOICES = Placement(CHOICES_SQL, build_choices, detail=CHOICE_DETAIL_SQL)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _to_tell(problems: list[_Problem], ctx: AgendaContext, urls: _Urls) -> AgendaItem:
    first = problems[0]
    order = first.order
    name = order.contact.name
    tz = ctx.member.timezone
    now = ctx.now
    tell_by = min(p.tell_by for p in problems)
    what = "; ".join(_headline(p) for p in problems)
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
            snooze_action(key),
        ),
        due_at=tell_by,
        ref=first.code,
        extra={
            "order": order.number,
            "problems": ",".join(p.kind for p in problems),
            "heard_first": "them" if asked else "",
        },
    )


def _chosen(problems: list[_Problem], ctx: AgendaContext, urls: _Urls) -> AgendaItem:
    first = problems[0]
    order = first.order
    name = order.contact.name
    chosen_at = min(p.chosen_at or p.detected_at for p in problems)
    said = []
    for p in problems:
        label = rules.option_label(p.customer_choice, p.kind)
        note = f" (they wrote: “{p.choice_note}”)" if p.choice_note else ""
        said.append(f"{_headline(p)}: they chose “{label}”{note}")
    key = f"choice:{first.code}"
    return AgendaItem(
        key=key,
        kind="customer_chose",
        urgency=Urgency.WAITING,
        at=chosen_at,
        title=f"Do what {name} chose for order {order.number}",
        why=f"{_sentence('; '.join(said))} — {duration(ctx.now - chosen_at)} ago.",
        contact_code=order.contact.code,
        contact_name=name,
        actions=(
            Action(
                "resolve",
                "Done",
                urls("orders:problem_resolve", first.code),
                api=f"/api/orders/problems/{first.code}/resolve?siblings=true",
                fields=(Field("siblings", "", kind="hidden", value="1"),),
            ),
            _open_order(urls, order.code),
            snooze_action(key),
        ),
        ref=first.code,
        extra={
            "order": order.number,
            "choice": ",".join(p.customer_choice for p in problems),
        },
    )


# Unpaid invoices whose next friendly reminder is due (or due later in the window).
INVOICES_SQL = f"""
SELECT 'invoice:' || v.code AS akey,
       CASE WHEN v.chase_at <= %(now)s THEN {Urgency.CHASE:d} ELSE {Urgency.LATER:d} END
         AS urgency,
       v.chase_at AS placed_at, v.id AS ref
FROM orders_invoice v
WHERE v.owner_id = %(member)s AND v.chase_at <= %(until)s
"""  # noqa: S608 - constants only; values are parameters


INVOICE_DETAIL_SQL = f"""
SELECT json_object('code', v.code, 'number', v.number, 'amount', v.amount,
                   'currency', v.currency, 'due_date', v.due_date,
                   'last_chased_at', v.last_chased_at, 'chase_at', v.chase_at,
                   'order_code', o.code, 'order_number', o.number, {_CONTACT_JSON})
FROM orders_invoice v JOIN orders_order o ON o.id = v.order_id
JOIN contacts_contact ct ON ct.id = o.contact_id
WHERE v.id = head.ref
"""  # noqa: S608 - constants only; values are parameters


def build_invoices(ctx: AgendaContext, places: Sequence[Place]) -> list[AgendaItem]:
    urls = _Urls("orders:detail", "orders:invoice_chase", "orders:invoice_pay")
    items = []
    for place in places:
        d = place.data
        invoice = _Invoice(
            code=d["code"],
            number=d["number"],
            amount=Decimal(str(d["amount"])),
            currency=d["currency"],
            due_date=db_date(d["due_date"]),
            last_chased_at=db_time(d["last_chased_at"]) if d["last_chased_at"] else None,
            chase_at=db_time(d["chase_at"]) if d["chase_at"] else None,
            order=_order(d),
        )
        items.append(_chaser(invoice, ctx, urls))
    return items


INVOICES = Placement(INVOICES_SQL, build_invoices, detail=INVOICE_DETAIL_SQL, timed=True)


def _chaser(i: _Invoice, ctx: AgendaContext, urls: _Urls) -> AgendaItem:
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
            snooze_action(key),
        ),
        due_at=chase_at,
        ref=i.code,
        extra={"order": order.number, "amount": amount, "due_date": i.due_date.isoformat()},
    )
