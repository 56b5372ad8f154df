"""Typed factories shared by the tests of every app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from factory.declarations import (
    LazyAttribute,
    LazyFunction,
    PostGenerationMethodCall,
    Sequence,
    SubFactory,
)
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.contacts.services import contact_refresh_keys
from followthrough.workspaces.models import Member, Role, User, Workspace

PASSWORD = "correct horse battery staple"


class WorkspaceFactory(DjangoModelFactory[Workspace]):
    class Meta:
        model = Workspace

    name = Sequence(lambda n: f"Business {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"user{n}@example.com")
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.save()


class MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    workspace = SubFactory(WorkspaceFactory)
    user = SubFactory(UserFactory)
    display_name = Sequence(lambda n: f"Member {n}")
    role = Role.REP
    timezone = "UTC"


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    workspace = SubFactory(WorkspaceFactory)
    first_name = Sequence(lambda n: f"First{n}")
    last_name = Sequence(lambda n: f"Last{n}")
    email = Sequence(lambda n: f"contact{n}@customer.test")
    stage = Stage.PROSPECT

    @classmethod
    def _create(cls, model_class: type[Contact], *args: Any, **kwargs: Any) -> Contact:
        contact = model_class(**kwargs)
        contact_refresh_keys(contact)
        contact.save()
        return contact


class InteractionFactory(DjangoModelFactory[Interaction]):
    class Meta:
        model = Interaction

    contact = SubFactory(ContactFactory)
    workspace = LazyAttribute(lambda o: o.contact.workspace)
    kind = "email"
    direction = "inbound"
    occurred_at = LazyFunction(lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


def mark_lost(contact: Any, *, actor: Any, now: Any, reason: str = "price", said: str = "") -> Any:
    """Mark a contact lost the only way there is: with a reason (a built-in one by key)."""
    from followthrough.lost.models import LostReason
    from followthrough.lost.services import LossData, contact_mark_lost, reasons_ensure

    reasons_ensure(contact.workspace)
    chosen = LostReason.objects.get(workspace_id=contact.workspace_id, key=reason)
    return contact_mark_lost(
        contact=contact, data=LossData(reason=chosen, verbatim=said), actor=actor, now=now
    )
