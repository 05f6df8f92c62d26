"""Forms for the project pages. They only parse what was typed; the services decide."""

from django import forms
from django.db.models import Q

from membership.models import Membership, Person

from .models import Project
from .services import ActivityError
from .services.projects import NEXT_STATUSES

_TITLE_MAX = Project._meta.get_field("title").max_length
MARKDOWN_HELP = (
    "You can use Markdown: **bold**, *italics*, lists that start with “- ”, and links written "
    "as [text](https://…)."
)


class _ServiceErrors:
    def add_service_error(self, refusal: ActivityError) -> None:
        """Show a service's refusal on the field it is about, or above the form."""
        field = getattr(refusal, "field", None)
        self.add_error(field if field in self.fields else None, refusal.message)


class ProjectProposalForm(_ServiceErrors, forms.Form):
    """Propose a project: its title and aim. The person proposing it leads it."""

    title = forms.CharField(
        max_length=_TITLE_MAX,
        help_text="A short name people will recognise, for example “Shared dashboard standards”.",
        error_messages={"required": "Give the project a title."},
    )
    aim = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the project sets out to do, and how members can help. " + MARKDOWN_HELP,
        error_messages={"required": "Say what the project sets out to do."},
    )


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class ProjectEditForm(ProjectProposalForm):
    """Edit a project: its title and aim, its status (forward only), its outcome, and its lead
    (the community's active core members)."""

    status = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the project's status.",
            "invalid_choice": "Choose one of the statuses listed.",
        },
    )
    outcome = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the project achieved. Needed when you mark it completed. " + MARKDOWN_HELP,
    )
    lead = LeadChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="An active core member of the community.",
        error_messages={"invalid_choice": "Choose the lead from the community's core members."},
    )

    def __init__(self, *args, project: Project, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": project.title,
                "aim": project.aim,
                "status": project.status,
                "outcome": project.outcome,
                "lead": project.lead_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.project = project
        statuses = {project.status, *NEXT_STATUSES[project.status]}
        self.fields["status"].choices = [
            (value, label) for value, label in Project.Status.choices if value in statuses
        ]
        self.fields["status"].help_text = {
            Project.Status.PROPOSED: "A project moves on to active when work starts, and to "
            "completed when it is done.",
            Project.Status.ACTIVE: "Mark it completed when it is done, and say what it achieved.",
            Project.Status.COMPLETED: "A completed project stays completed.",
        }[project.status]
        core = Q(
            memberships__community=project.community,
            memberships__kind=Membership.Kind.CORE,
            memberships__ended_at__isnull=True,
            is_active=True,
        )
        # The current lead too, so the form still saves when their membership has since ended
        # (a closed community's projects keep their leads as history).
        current = Q(pk=project.lead_id) if project.lead_id else Q(pk__in=[])
        self.fields["lead"].queryset = (
            Person.objects.filter(core | current).distinct().order_by("full_name", "pk")
        )
        if project.lead_id is None:
            self.fields["lead"].empty_label = "Needs a lead: choose someone"
            self.fields[
                "lead"
            ].help_text = "The project needs a lead: choose an active core member of the community."
        else:
            self.fields["lead"].empty_label = None
        if project.status == Project.Status.COMPLETED:
            # Who led a completed project is history: it is shown, not changed.
            del self.fields["lead"]

    def clean_lead(self):
        lead = self.cleaned_data["lead"]
        if lead is None and self.project.lead_id is not None:
            raise forms.ValidationError(
                "Choose who leads the project. It keeps its lead until you name another."
            )
        return lead

    def clean(self):
        data = super().clean()
        completing = data.get("status") == Project.Status.COMPLETED
        if completing and not (data.get("outcome") or "").strip():
            self.add_error(
                "outcome",
                "Say what the project achieved: completing a project asks for its outcome.",
            )
        return data

    def changes(self) -> dict:
        """The fields the person changed, as the service takes them."""
        fields = {}
        for name in self.changed_data:
            value = self.cleaned_data.get(name)
            if name == "lead" and value is None:
                continue  # Still needs a lead: nothing was chosen.
            fields[name] = value
        return fields
