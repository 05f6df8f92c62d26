"""Forms for proposing a community, editing a proposal and asking the Head a question. They
only parse what was typed; `proposals.services` decides and writes."""

from django import forms

from communities.models import PracticeArea

from .models import Proposal
from .services import CONTACT_HEAD_MAX_LENGTH, CONTACT_HEAD_PER_HOUR, ProposalError

_NAME_MAX = Proposal._meta.get_field("name").max_length
_AREA_MAX = Proposal._meta.get_field("new_area").max_length
YES, NO = "yes", "no"


class ServiceErrors:
    def add_service_error(self, refusal: ProposalError) -> None:
        """Show a service's refusal on the field it is about, or above the form."""
        field = getattr(refusal, "field", "")
        self.add_error(field if field in self.fields else None, refusal.message)


class NameCheckForm(forms.Form):
    """The name of the community someone has in mind, checked against those that exist."""

    name = forms.CharField(
        label="Name of the community you have in mind",
        max_length=_NAME_MAX,
        help_text="For example “Research data management”. You can change it later.",
        error_messages={"required": "Type the name of the community you have in mind."},
    )


class ProposalForm(ServiceErrors, forms.Form):
    """A proposed community: the arguments of `services.propose` and `services.edit_proposal`."""

    name = forms.CharField(
        max_length=_NAME_MAX,
        help_text="A short name people will recognise.",
        error_messages={"required": "Give the community a name."},
    )
    practice_area = forms.ModelChoiceField(
        queryset=PracticeArea.objects.order_by("name"),
        required=False,
        empty_label="Choose a practice area",
        help_text="The area of UCL's professional services the practice belongs to.",
        error_messages={"invalid_choice": "Choose one of the practice areas listed."},
    )
    new_area = forms.CharField(
        label="Or a new practice area",
        max_length=_AREA_MAX,
        required=False,
        help_text="Only when none of the practice areas fits: the area you would put it in.",
    )
    purpose = forms.CharField(
        label="What is the practice, and who does it?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The work the community would share, and the roles or teams that do it.",
        error_messages={"required": "Say what the practice is, and who does it."},
    )
    why_now = forms.CharField(
        label="Why now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What makes a community worth starting now: a change, a gap, a need.",
        error_messages={"required": "Say why the community is needed now."},
    )
    would_lead = forms.TypedChoiceField(
        label="Would you lead it?",
        choices=[(YES, "Yes, I would help lead it"), (NO, "No, I would take part")],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        help_text="A community has two to four leads. Saying yes commits you to nothing yet.",
        error_messages={
            "required": "Say whether you would lead it.",
            "invalid_choice": "Choose yes or no.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        no_area = not cleaned.get("practice_area") and "practice_area" not in self.errors
        if no_area and not (cleaned.get("new_area") or "").strip():
            self.add_error("new_area", "Choose the practice area it belongs to, or name a new one.")
        return cleaned

    @classmethod
    def for_proposal(cls, proposal: Proposal, data=None) -> "ProposalForm":
        return cls(
            data,
            initial={
                "name": proposal.name,
                "practice_area": proposal.practice_area_id,
                "new_area": proposal.new_area,
                "purpose": proposal.purpose,
                "why_now": proposal.why_now,
                "would_lead": YES if proposal.would_lead else NO,
            },
        )


class ContactHeadForm(forms.Form):
    """A question to the Head of CoPs: the argument of `services.contact_head`."""

    message = forms.CharField(
        label="Your question or suggestion",
        max_length=CONTACT_HEAD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=(
            "The Head of Communities of Practice gets it by email and replies to you by email. "
            "Your name, job title and department go with it. You can send up to "
            f"{CONTACT_HEAD_PER_HOUR} messages an hour."
        ),
        error_messages={
            "required": "Write your question or suggestion.",
            "max_length": "Keep the message under %(limit_value)d characters (it has "
            "%(show_value)d).",
        },
    )
