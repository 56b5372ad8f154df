"""Orders, their lines and status events, the problems when they slip, and invoices."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from followthrough.contacts.models import Contact, Interaction
from followthrough.core.codes import new_token
from followthrough.core.models import CodedModel, TimestampedModel
from followthrough.orders import rules
from followthrough.workspaces.models import Member, Workspace


class OrderStatus(models.TextChoices):
    PLACED = rules.PLACED, "Placed"
    CONFIRMED = rules.CONFIRMED, "Confirmed"
    PARTIALLY_SHIPPED = rules.PARTIALLY_SHIPPED, "Partly shipped"
    SHIPPED = rules.SHIPPED, "Shipped"
    DELIVERED = rules.DELIVERED, "Delivered"
    CANCELLED = rules.CANCELLED, "Cancelled"


OPEN_STATUSES = (
    OrderStatus.PLACED,
    OrderStatus.CONFIRMED,
    OrderStatus.PARTIALLY_SHIPPED,
    OrderStatus.SHIPPED,
)


class Source(models.TextChoices):
    MANUAL = "manual", "By hand"
    API = "api", "API"
    IMPORT = "import", "Import"


class Order(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=64, help_text="The shop's order number, e.g. #1001.")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="orders")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    placed_at = models.DateTimeField()
    promised_date = models.DateField(null=True, blank=True)
    expected_date = models.DateField(null=True, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # The customer's page: whoever has the token sees this order and nothing else.
    public_token = models.CharField(max_length=64, unique=True, default=new_token)
    public_enabled = models.BooleanField(default=True)
    customer_viewed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="order_unique_number"),
        ]
        indexes = [
            models.Index(fields=["workspace", "-placed_at"], name="order_recent"),
            models.Index(fields=["workspace", "status", "-placed_at"], name="order_status"),
            models.Index(fields=["owner", "status", "-placed_at"], name="order_owner"),
            models.Index(fields=["contact", "-placed_at"], name="order_contact"),
        ]

    def __str__(self) -> str:
        return f"Order {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        return bool(
            self.promised_date and self.expected_date and self.expected_date > self.promised_date
        )


class LineStatus(models.TextChoices):
    IN_STOCK = rules.IN_STOCK, "In stock"
    BACK_ORDERED = rules.BACK_ORDERED, "Back-ordered"
    SHIPPED = rules.SHIPPED, "Shipped"
    DELIVERED = rules.DELIVERED, "Delivered"
    CANCELLED = rules.CANCELLED, "Cancelled"


class OrderLine(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    product = models.CharField(max_length=300)
    sku = models.CharField(max_length=100, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=LineStatus.choices, default=LineStatus.IN_STOCK
    )

    class Meta:
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="order_line_position"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"


class EventKind(models.TextChoices):
    PLACED = "placed", "Placed"
    CONFIRMED = "confirmed", "Confirmed"
    BACK_ORDERED = "back_ordered", "Back-ordered"
    DELAYED = "delayed", "Delayed"
    PARTIALLY_SHIPPED = "partially_shipped", "Partly shipped"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    DELIVERY_FAILED = "delivery_failed", "Delivery failed"
    CANCELLED = "cancelled", "Cancelled"
    NOTE = "note", "Note to the customer"
    # Written by the services, never posted: the telling and the customer's choice.
    TOLD = "told", "Customer told"
    CHOSE = "chose", "Customer chose"


# What an integration or a member may record; the rest are written by the services.
RECORDABLE_KINDS = tuple(
    k for k in EventKind.values if k not in (EventKind.PLACED, EventKind.TOLD, EventKind.CHOSE)
)
# What the customer's page shows in the progress timeline.
CUSTOMER_KINDS = tuple(k for k in EventKind.values if k not in (EventKind.TOLD, EventKind.CHOSE))


class OrderEvent(models.Model):
    """One step in an order's history. `event_id` is the caller's id for an event pushed
    by an integration: a retried webhook with the same id is recognised, not recorded twice."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(help_text="When it happened.")
    received_at = models.DateTimeField(help_text="When we learned of it.")
    reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True, help_text="For the customer (shown on their page).")
    expected_date = models.DateField(null=True, blank=True)
    lines = models.JSONField(default=list, blank=True, help_text="Line positions it moved.")
    event_id = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="order_event_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "event_id"],
                condition=~Q(event_id=""),
                name="order_event_unique_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class ProblemKind(models.TextChoices):
    BACK_ORDER = "back_order", "Back-ordered"
    LATE = "late", "Running late"
    DELIVERY_FAILED = "delivery_failed", "Delivery failed"


class ProblemState(models.TextChoices):
    TO_TELL = "to_tell", "To tell the customer"
    TOLD = "told", "Customer told"
    CHOSEN = "chosen", "Customer chose an option"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Went away before anyone told them"


LIVE_PROBLEM_STATES = (ProblemState.TO_TELL, ProblemState.TOLD, ProblemState.CHOSEN)


class HeardFirst(models.TextChoices):
    UNKNOWN = "", "Not yet"
    US = "us", "From us"
    THEM = "them", "They contacted us first"


class ToldHow(models.TextChoices):
    NOT_YET = "", "Not yet"
    REP = "rep", "By the rep"
    PAGE = "page", "They confirmed on their order page"


class Problem(CodedModel):
    """A slip: bad news the customer should hear from us before they have to ask."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="problems")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems"
    )
    line = models.ForeignKey(
        OrderLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems"
    )
    event = models.ForeignKey(
        OrderEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ProblemKind.choices)
    state = models.CharField(
        max_length=16, choices=ProblemState.choices, default=ProblemState.TO_TELL
    )
    reason = models.CharField(max_length=500, blank=True)
    detected_at = models.DateTimeField()
    tell_by = models.DateTimeField(help_text="Tell the customer before this.")
    promised_date = models.DateField(null=True, blank=True)
    new_date = models.DateField(null=True, blank=True, help_text="The expected date now.")
    told_at = models.DateTimeField(null=True, blank=True)
    told_how = models.CharField(max_length=8, choices=ToldHow.choices, blank=True, default="")
    told_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    told_via = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    options_offered = models.JSONField(default=list, blank=True)
    customer_choice = models.CharField(max_length=16, blank=True)
    choice_note = models.TextField(blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True)
    heard_first = models.CharField(max_length=8, choices=HeardFirst.choices, blank=True, default="")
    them_at = models.DateTimeField(null=True, blank=True)
    them_via = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Stored state that "what is due" reads: when it needs its owner (to tell, or to act on
    # the customer's choice); null while it waits on nobody.
    attention_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "attention_at"], name="problem_attention"),
            models.Index(fields=["owner", "detected_at"], name="problem_owner_detected"),
            models.Index(fields=["workspace", "detected_at"], name="problem_detected"),
            models.Index(fields=["order", "state"], name="problem_order_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: order {self.order_id}"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_PROBLEM_STATES


class OrderInteraction(TimestampedModel):
    """A timeline entry about an order: the telling, or the customer asking about it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="links")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="order_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "interaction"], name="order_link_unique"),
        ]

    def __str__(self) -> str:
        return f"order {self.order_id} ↔ interaction {self.interaction_id}"


class Invoice(CodedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="invoices")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    number = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True)
    issued_on = models.DateField()
    due_date = models.DateField()
    paid_date = models.DateField(null=True, blank=True)
    chasers_sent = models.PositiveIntegerField(default=0)
    last_chased_at = models.DateTimeField(null=True, blank=True)
    # Stored state that "what is due" reads: the next polite reminder; null once paid.
    chase_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="invoice_unique_number"),
        ]
        indexes = [models.Index(fields=["owner", "chase_at"], name="invoice_chase")]

    def __str__(self) -> str:
        return f"Invoice {self.number}"

    @property
    def is_paid(self) -> bool:
        return self.paid_date is not None
