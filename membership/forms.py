"""Forms for the membership actions. They only parse what a button sent; services decide."""

import unicodedata
from collections.abc import Iterator

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from .models import Membership, Person


class KindForm(forms.Form):
    """What a join or change-of-kind button sends: the kind, and the answer to the switch offer.

    `confirm_switch` is present only on the confirmation page's buttons; `previous` says what
    happens to the old core membership: it becomes wider (the default) or ends.
    """

    PREVIOUS_WIDER = "wider"
    PREVIOUS_LEAVE = "leave"

    kind = forms.ChoiceField(
        choices=Membership.Kind.choices,
        error_messages={
            "required": "Choose core or wider membership.",
            "invalid_choice": "“%(value)s” is not a kind of membership: choose core or wider.",
        },
    )
    confirm_switch = forms.BooleanField(required=False)
    # A lead moving to wider stops leading: they are asked first, and the answer is `confirm`.
    confirm = forms.BooleanField(required=False)
    previous = forms.ChoiceField(
        choices=[(PREVIOUS_WIDER, "Stay a wider member"), (PREVIOUS_LEAVE, "Leave it")],
        required=False,
        error_messages={"invalid_choice": "Choose whether to stay a wider member or leave."},
    )

    def clean_previous(self) -> str:
        return self.cleaned_data.get("previous") or self.PREVIOUS_WIDER

    @property
    def kind_value(self) -> str:
        return self.cleaned_data["kind"]

    @property
    def switch_core(self) -> bool:
        return bool(self.cleaned_data.get("confirm_switch"))

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm"))

    @property
    def leave_previous(self) -> bool:
        return self.switch_core and self.cleaned_data.get("previous") == self.PREVIOUS_LEAVE


class LeaveForm(forms.Form):
    """A leave button: without `confirm` the person is asked first."""

    confirm = forms.BooleanField(required=False)

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm"))


def first_error(form: forms.Form) -> str:
    """The first error message of an invalid form, for a flash message."""
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return "Something in that request was not right. Please try again."


class SetOrResetPasswordForm(PasswordResetForm):
    """Django's reset form, also for people who have never had a password.

    Imported and demo-made people start with an unusable password and set their first one
    through this link; Django's own form skips them. The link still expires once it is used,
    because the token depends on the password hash, which setting a password changes.
    """

    def get_users(self, email: str) -> Iterator[Person]:
        wanted = unicodedata.normalize("NFKC", email).casefold()
        for person in Person.objects.filter(email__iexact=email, is_active=True):
            if unicodedata.normalize("NFKC", person.email).casefold() == wanted:
                yield person
