"""The Head's review of a proposal in the admin: the forms of its accept and decline pages, and
what each decision's message says. The forms only parse; `proposals.services` decides."""

from django import forms

from communities.models import Community, PracticeArea

from . import services
from .models import Proposal


class AcceptForm(forms.Form):
    """The community accepting makes: the arguments of `services.accept`."""

    name = forms.CharField(
        label="Community name",
        max_length=Community._meta.get_field("name").max_length,
        help_text="From the proposal; change it if the community should have another name.",
        error_messages={"required": "Give the community a name."},
    )
    summary = forms.CharField(
        max_length=Community._meta.get_field("summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "One line for the list of communities, from the proposal's purpose. The purpose "
            "itself becomes the community page's description."
        ),
    )
    practice_area = forms.ModelChoiceField(
        queryset=PracticeArea.objects.order_by("name"),
        required=False,
        empty_label="A new practice area (name it below)",
        help_text="Where the community belongs.",
    )
    new_area_name = forms.CharField(
        label="New practice area",
        max_length=PracticeArea._meta.get_field("name").max_length,
        required=False,
        help_text="Only when none of the practice areas fits: accepting creates it, with no "
        "sponsor yet (shown as TBC).",
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": proposal.name,
                "summary": services.summary_from(proposal.purpose),
                "practice_area": proposal.practice_area_id,
                "new_area_name": proposal.new_area,
            },
        )
        super().__init__(*args, **kwargs)

    def add_service_error(self, refusal: services.ProposalError) -> None:
        field = refusal.field if refusal.field in self.fields else None
        self.add_error(field, refusal.message)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why it is declined",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "The proposer reads this in their email and on the proposal's page, so say what "
            "they could do instead, such as joining a community that covers the practice."
        ),
        error_messages={"required": "Say why it is declined: the proposer reads it."},
    )

    def add_service_error(self, refusal: services.ProposalError) -> None:
        self.add_error("reason" if refusal.field == "reason" else None, refusal.message)


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def accepted_message(acceptance: services.Acceptance) -> str:
    """What accepting did, for the Head: the community, its area, who is interested, who was
    emailed and who offered to lead it."""
    community = acceptance.community
    text = (
        f"{community.name} is now a community in preparation, in "
        f"{community.practice_area.name}"
        + (" (a new practice area, with no sponsor yet)" if acceptance.new_area else "")
        + f". {_people(acceptance.interested)} "
        + ("is" if acceptance.interested == 1 else "are")
        + " registered as interested and will hear when it launches; "
        + f"{_people(acceptance.emails_queued)} emailed now."
    )
    if (lead := acceptance.prospective_lead) is not None:
        text += (
            f" Prospective lead: {lead.display_name} ({lead.email}) offered to lead it; "
            "appoint leads once it has launched."
        )
    return text
