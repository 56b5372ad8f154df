"""Typed factories shared by the tests of every app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import factory

from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.contacts.services import contact_refresh_keys
from followthrough.workspaces.models import Member, Role, User, Workspace

PASSWORD = "correct horse battery staple"


class WorkspaceFactory(factory.django.DjangoModelFactory[Workspace]):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Business {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Member {n}")
    role = Role.REP
    timezone = "UTC"


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    workspace = factory.SubFactory(WorkspaceFactory)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.Sequence(lambda n: f"contact{n}@customer.test")
    stage = Stage.PROSPECT

    @classmethod
    def _create(cls, model_class: type[Contact], *args: Any, **kwargs: Any) -> Contact:
        contact = model_class(*args, **kwargs)
        contact_refresh_keys(contact)
        contact.save()
        return contact


class InteractionFactory(factory.django.DjangoModelFactory[Interaction]):
    class Meta:
        model = Interaction

    contact = factory.SubFactory(ContactFactory)
    workspace = factory.LazyAttribute(lambda o: o.contact.workspace)
    kind = "email"
    direction = "inbound"
    occurred_at = factory.LazyFunction(lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
