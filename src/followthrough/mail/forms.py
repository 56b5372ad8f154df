"""Forms of the mail pages: a mailbox (its password never shown back) and an upload."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from followthrough.mail.mailboxes import MailboxData
from followthrough.mail.models import Mailbox, Security
from followthrough.workspaces.models import Member


class MailboxForm(forms.Form):
    address = forms.EmailField(label="Email address", max_length=254)
    username = forms.CharField(
        label="User name", max_length=254, help_text="What you sign in with; often the address."
    )
    password = forms.CharField(
        label="Password or app password",
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted, never shown again. With two-step sign-in (Gmail, "
        "Microsoft 365, iCloud) use an app password.",
    )
    imap_host = forms.CharField(label="IMAP server", max_length=200, help_text="imap.example.com")
    imap_port = forms.IntegerField(label="IMAP port", initial=993, min_value=1, max_value=65535)
    imap_security = forms.ChoiceField(
        label="IMAP security", choices=Security.choices, initial=Security.SSL
    )
    smtp_host = forms.CharField(
        label="SMTP server (for sending)",
        max_length=200,
        required=False,
        help_text="smtp.example.com; empty: replies go through the workspace's relay.",
    )
    smtp_port = forms.IntegerField(label="SMTP port", initial=587, min_value=1, max_value=65535)
    smtp_security = forms.ChoiceField(
        label="SMTP security", choices=Security.choices, initial=Security.STARTTLS
    )
    initial_days = forms.IntegerField(
        label="Read back (days)",
        initial=90,
        min_value=1,
        max_value=3650,
        help_text="How far back the first sync reads.",
    )
    shared = forms.BooleanField(
        label="Shared mailbox (sales@, support@): not mine, seen by the members chosen below",
        required=False,
    )
    shared_with = forms.ModelMultipleChoiceField(
        label="Who sees it",
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, actor: Member, instance: Mailbox | None = None, **kwargs: Any
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "address": instance.address,
                "username": instance.username,
                "imap_host": instance.imap_host,
                "imap_port": instance.imap_port,
                "imap_security": instance.imap_security,
                "smtp_host": instance.smtp_host,
                "smtp_port": instance.smtp_port,
                "smtp_security": instance.smtp_security,
                "initial_days": instance.initial_days,
                "shared": instance.owner_id is None,
                "shared_with": list(instance.shared_with.all()),
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            self.fields[
                "password"
            ].help_text = (
                "A password is saved. Leave this empty to keep it; type a new one to replace it."
            )
        if actor.is_manager:
            shared_with = cast("forms.ModelMultipleChoiceField[Member]", self.fields["shared_with"])
            shared_with.queryset = (
                Member.objects.filter(workspace_id=actor.workspace_id, is_active=True)
                .select_related("user")
                .order_by("display_name")
            )
        else:
            del self.fields["shared"]
            del self.fields["shared_with"]

    def data_for_service(self) -> MailboxData:
        d = self.cleaned_data
        return MailboxData(
            address=d["address"],
            imap_host=d["imap_host"],
            username=d["username"],
            password=d["password"] or "",
            imap_port=d["imap_port"],
            imap_security=d["imap_security"],
            smtp_host=d["smtp_host"] or "",
            smtp_port=d["smtp_port"],
            smtp_security=d["smtp_security"],
            initial_days=d["initial_days"],
            shared=bool(d.get("shared")),
            shared_with=list(d.get("shared_with") or []),
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Mail file",
        help_text="An .mbox or .eml file, or a .zip of Maildir folders (or of .eml files).",
        widget=forms.ClearableFileInput(attrs={"accept": ".mbox,.mbx,.eml,.zip"}),
    )
