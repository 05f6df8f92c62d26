"""Forms for the Head of CoPs' admin.

Every membership change made in the admin goes through `membership.services`. The forms check a
change by running it for real inside a savepoint that is always rolled back (a trial run), so a
refusal shows as a form error in the services' own words; the admin then makes the change for
real in `save_model` / `save_formset`. The rows the trial read are locked in the request's
transaction first, so nothing can change between the trial and the real run.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.forms.models import BaseInlineFormSet

from communities.models import Community

from . import services
from .models import HEAD_OF_COPS_GROUP, Membership, Person
from .services import MembershipError

CORE = Membership.Kind.CORE


# Refusals, in words for the Head rather than for the member ---------------------------------


def describe_refusal(
    error: MembershipError,
    *,
    person: Person,
    community: Community | None = None,
    in_import: bool = False,
) -> str:
    """Say why the services refused, about `person` rather than to them."""
    community = community or error.community
    match error:
        case services.CoreMembershipElsewhere() if in_import:
            return (
                f"{person} is already a core member of {error.current.community}, and a person "
                "can be a core member of one community at a time. Import this row as wider, "
                f"or end or change their membership of {error.current.community} first."
            )
        case services.CoreMembershipElsewhere():
            return (
                f"{person} is already a core member of {error.current.community}, and a person "
                "can be a core member of one community at a time. Make this membership wider, "
                f"or tick “Move their core membership here” to make {error.current.community} "
                "a wider membership."
            )
        case services.AlreadyMember():
            kind = error.membership.get_kind_display().lower()
            return f"{person} is already a {kind} member of {error.membership.community}."
        case services.NotAcceptingMembers() if community is not None:
            if community.status == Community.Status.PREPARING:
                return f"{community} has not launched yet, so it cannot take members."
            return f"{community} has closed, so it cannot take members."
        case services.NotAMember() if community is not None:
            return f"{person} is no longer a member of {community}."
        case services.LeadMustBeCore() if community is not None:
            return f"{person} must be a core member of {community} to be a lead." + (
                "" if in_import else " Keep them core, or untick “lead”."
            )
        case services.AlreadyThatKind():
            return f"{person} is already that kind of member of {community}."
        case _:
            return error.message


class _TrialOver(Exception):
    """Raised to roll a trial run back once it has succeeded."""


def trial_run(action: Callable[[], None]) -> None:
    """Run `action` in a savepoint that is always rolled back; let a MembershipError through.

    Callbacks queued with on_commit inside the savepoint (emails) are dropped with it.
    """
    try:
        with transaction.atomic():
            action()
            raise _TrialOver
    except _TrialOver:
        pass


def hold_locks(*, person_ids: Iterable[int], community_ids: Iterable[int] = ()) -> None:
    """Lock the people (then communities, the services' order) until the request commits.

    The admin's change and add views run in one transaction, so the trial run in `clean()`
    and the real run in `save_model()` see the same rows.
    """
    list(Person.objects.select_for_update().filter(pk__in=list(person_ids)).order_by("pk"))
    community_ids = list(community_ids)
    if community_ids:
        list(Community.objects.select_for_update().filter(pk__in=community_ids).order_by("pk"))


def apply_membership_edit(
    membership: Membership, *, kind: str, is_lead: bool, switch_core: bool = False
) -> Membership:
    """Bring an active membership to `kind` and `is_lead` through the services.

    A lead stands down before a kind changes, and is appointed after, so the rule "a lead is a
    core member" holds at every step; asking for a wider lead is refused outright.
    """
    current = Membership.objects.select_related("person", "community").get(pk=membership.pk)
    if is_lead and kind != CORE:
        # Changing to wider would stand the lead down first, so refuse before anything moves.
        raise services.LeadMustBeCore("A lead must be a core member.", community=current.community)
    if current.is_lead and not is_lead:
        services.set_lead(membership=current, is_lead=False)
    if kind != current.kind:
        services.change_kind(
            person=current.person, community=current.community, kind=kind, switch_core=switch_core
        )
    if is_lead and not current.is_lead:
        services.set_lead(membership=current, is_lead=True)
    return Membership.objects.get(pk=current.pk)


class ServiceModelForm(forms.ModelForm):
    """A model form whose rules are the services' and the database's, not the model's.

    `full_clean()` would check the conditional constraints against the unsaved instance (and
    wrongly refuse a core switch the services would make), so constraint checks are left to the
    trial run and to the database.
    """

    def validate_constraints(self) -> None:
        return None


# Memberships --------------------------------------------------------------------------------


class MembershipAddForm(ServiceModelForm):
    """Add a membership with `services.join` (and `set_lead` for a lead)."""

    switch_core = forms.BooleanField(
        label="Move their core membership here",
        required=False,
        help_text=(
            "If they are already a core member of another community, that membership becomes "
            "wider. Without this, a second core membership is refused."
        ),
    )

    class Meta:
        model = Membership
        fields = ["person", "community", "kind", "is_lead"]

    def clean(self):
        cleaned = super().clean()
        person, community = cleaned.get("person"), cleaned.get("community")
        kind = cleaned.get("kind")
        if self.errors or not (person and community and kind):
            return cleaned
        hold_locks(person_ids=[person.pk], community_ids=[community.pk])
        try:
            trial_run(lambda: self.apply())
        except MembershipError as error:
            raise forms.ValidationError(
                describe_refusal(error, person=person, community=community), code=error.code
            ) from None
        return cleaned

    def apply(self) -> Membership:
        """Make the membership through the services; the admin calls this in save_model."""
        data = self.cleaned_data
        return services.join(
            person=data["person"],
            community=data["community"],
            kind=data["kind"],
            is_lead=data.get("is_lead", False),
            switch_core=data.get("switch_core", False),
        )


class MembershipChangeForm(ServiceModelForm):
    """Change an active membership's kind and lead with `change_kind` and `set_lead`."""

    switch_core = forms.BooleanField(
        label="Move their core membership here",
        required=False,
        help_text=(
            "When making this membership core: if they are a core member of another community, "
            "that membership becomes wider."
        ),
    )

    class Meta:
        model = Membership
        fields = ["kind", "is_lead"]

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.has_changed() or "kind" not in cleaned:
            return cleaned
        membership = self.instance
        hold_locks(person_ids=[membership.person_id])
        try:
            trial_run(lambda: self.apply())
        except MembershipError as error:
            raise forms.ValidationError(
                describe_refusal(error, person=membership.person, community=membership.community),
                code=error.code,
            ) from None
        return cleaned

    def apply(self) -> Membership:
        return apply_membership_edit(
            self.instance,
            kind=self.cleaned_data["kind"],
            is_lead=self.cleaned_data["is_lead"],
            switch_core=self.cleaned_data.get("switch_core", False),
        )


class LeadInlineForm(ServiceModelForm):
    class Meta:
        model = Membership
        fields = ["kind", "is_lead"]


class LeadInlineFormSet(BaseInlineFormSet):
    """The community's active core members (as `LeadInline.get_queryset` chooses them), whose
    kind and lead change through the services."""

    def changed_forms(self) -> list[forms.ModelForm]:
        return [form for form in self.forms if form.instance.pk and form.has_changed()]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        changed = self.changed_forms()
        if not changed:
            return
        hold_locks(person_ids=[form.instance.person_id for form in changed])

        def attempt():
            for form in changed:
                try:
                    self.apply_form(form)
                except MembershipError as error:
                    form.add_error(
                        None,
                        describe_refusal(
                            error, person=form.instance.person, community=self.instance
                        ),
                    )

        trial_run(attempt)

    @staticmethod
    def apply_form(form: forms.ModelForm) -> Membership:
        return apply_membership_edit(
            form.instance, kind=form.cleaned_data["kind"], is_lead=form.cleaned_data["is_lead"]
        )

    def apply(self) -> list[Membership]:
        """Make the checked changes for real; the admin calls this instead of `save()`."""
        return [self.apply_form(form) for form in self.changed_forms()]


# People -------------------------------------------------------------------------------------


class PersonAddForm(forms.ModelForm):
    """Add a member of staff by email and name. They get no password: invite them to set one."""

    class Meta:
        model = Person
        fields = ["email", "full_name", "department", "job_title"]

    def clean_email(self) -> str:
        email = Person.objects.normalize_email(self.cleaned_data["email"]).lower()
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone with this email address is already in the portal.", code="duplicate"
            )
        return email

    def save(self, commit: bool = True) -> Person:
        person = super().save(commit=False)
        person.set_unusable_password()
        if commit:
            person.save()
        return person


class PersonChangeForm(forms.ModelForm):
    """Change a person's details and whether they help run the programme."""

    cop_administrator = forms.BooleanField(
        label="CoP administrator",
        required=False,
        help_text=(
            "Runs the programme with the Head of CoPs: gives access to this admin. "
            "Admin access follows this box."
        ),
    )

    class Meta:
        model = Person
        fields = ["email", "full_name", "department", "job_title", "is_active", "is_superuser"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["cop_administrator"].initial = self.instance.is_head_of_cops

    def clean_email(self) -> str:
        email = Person.objects.normalize_email(self.cleaned_data["email"]).lower()
        clash = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                "Someone else already has this email address.", code="duplicate"
            )
        return email

    def save_role(self) -> None:
        """Add or remove the person from the CoP administrators group (is_staff follows)."""
        if "cop_administrator" not in self.changed_data:
            return
        group = Group.objects.get(name=HEAD_OF_COPS_GROUP)
        if self.cleaned_data["cop_administrator"]:
            self.instance.groups.add(group)
        else:
            self.instance.groups.remove(group)
