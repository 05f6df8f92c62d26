"""Forms for the session pages. They only parse what was typed; the services decide.

Times are typed in `<input type="datetime-local">` boxes, which send "2025-10-14T12:30" with no
zone: Django reads them in the current time zone (Europe/London), so a time typed in summer is
BST and one typed in winter is GMT. A time the clock change skips or repeats is refused here,
because no one can say which instant it means.
"""

from collections.abc import Iterable

from django import forms
from django.core.validators import URLValidator
from django.db.models import Q

from communities.models import Community, PracticeArea
from membership.models import Person

from .services import ActivityError

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date and time picker; the value is shown in local (London) time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def _datetime_field(label: str, help_text: str, required: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": required,
            "invalid": "Enter a date and time, for example 14/10/2025 12:30.",
        },
    )


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.display_name


class SessionForm(forms.Form):
    """Schedule or edit a session. `by` is the person filling it in; `current_host` the session's
    host when editing. The host list offers the community's active members and `by`."""

    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the session a title."},
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the session is about and who it is for. You can use Markdown: "
        "**bold**, *italics*, lists and links.",
    )
    starts_at = _datetime_field(
        "Starts", "UK time (London).", required="Enter when the session starts."
    )
    ends_at = _datetime_field(
        "Ends",
        "UK time (London). It must be after the start.",
        required="Enter when the session ends.",
    )
    location = forms.CharField(
        max_length=200,
        required=False,
        help_text="A room and building, for example. Give a location, an online link, or both.",
    )
    online_url = forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A Teams or Zoom link, for example, starting https://",
        error_messages={"invalid": "Enter a web address starting https:// (or http://)."},
    )
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        help_text="How many people can come. Leave it empty for no limit. When it is full, "
        "people can join a waiting list.",
        error_messages={
            "min_value": "The capacity must be at least 1. Leave it empty for no limit.",
            "invalid": "Enter a whole number of places, or leave it empty for no limit.",
        },
    )
    host = HostChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label=None,
        help_text="Who runs the session: you, or another member of the community.",
        error_messages={"invalid_choice": "Choose the host from the community's members."},
    )

    def __init__(self, *args, community: Community, by: Person, current_host=None, **kwargs):
        super().__init__(*args, **kwargs)
        also = {by.pk} | ({current_host.pk} if current_host is not None else set())
        members = Q(
            memberships__community=community,
            memberships__ended_at__isnull=True,
            is_active=True,
        )
        self.fields["host"].queryset = (
            Person.objects.filter(members | Q(pk__in=also)).distinct().order_by("full_name", "pk")
        )
        if not self.is_bound and "host" not in self.initial:
            self.initial["host"] = (current_host or by).pk

    def service_fields(self) -> dict:
        """What the services take, from a valid form."""
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
        }
        # No host sent (an old form, a script): the services keep or default the host.
        if data["host"] is not None:
            fields["host"] = data["host"]
        return fields

    def add_service_error(self, refusal: ActivityError) -> None:
        """Show a service's refusal on the field it is about, or above the form."""
        field = getattr(refusal, "field", None)
        self.add_error(field if field in self.fields else None, refusal.message)


def session_initial(session) -> dict:
    """A form's starting values from a session (times are shown in London time by the field).

    Times are cut to the minute, as the boxes show them, so an untouched time is unchanged.
    """
    return {
        "title": session.title,
        "description": session.description,
        "starts_at": session.starts_at.replace(second=0, microsecond=0),
        "ends_at": session.ends_at.replace(second=0, microsecond=0),
        "location": session.location,
        "online_url": session.online_url,
        "capacity": session.capacity,
        "host": session.host_id,
    }


class AttendanceForm(forms.Form):
    """The attendance checklist: the ids of the RSVPs whose people came."""

    attended = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "invalid_choice": "That list of people has changed: reload the page and try again."
        },
    )

    def __init__(self, *args, going: Iterable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(rsvp.pk, rsvp.person.display_name) for rsvp in going]

    @property
    def attended_ids(self) -> set[int]:
        return set(self.cleaned_data["attended"])


class EventsFilterForm(forms.Form):
    """The /events/ filters, from the query string: a practice area and a community (by slug)."""

    practice_area = forms.ModelChoiceField(
        queryset=PracticeArea.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All practice areas",
        error_messages={"invalid_choice": "Choose a practice area from the list."},
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.visible().order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All communities",
        error_messages={"invalid_choice": "Choose a community from the list."},
    )

    def value(self, name: str):
        """The chosen filter, or None when none (or an unknown one) was chosen."""
        self.is_valid()  # An unknown slug is dropped from cleaned_data, so it filters nothing.
        return self.cleaned_data.get(name)

    @property
    def is_filtering(self) -> bool:
        return any(self.data.get(name, "").strip() for name in self.fields)
