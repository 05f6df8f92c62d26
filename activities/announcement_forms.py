"""The announcement form. It only parses what the lead typed; the service decides and sends."""

from django import forms

from .models import Announcement

_SUBJECT_MAX = Announcement._meta.get_field("subject").max_length


class AnnouncementForm(forms.Form):
    """Subject, Markdown body and audience; the audience choices can show how many each reaches."""

    subject = forms.CharField(
        max_length=_SUBJECT_MAX,
        help_text="Recipients see it in the email's subject line, after the community's name.",
        error_messages={"required": "Give the announcement a subject."},
    )
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "You can use Markdown: **bold**, *italics*, lists that start with “- ”, and links "
            "written as [text](https://…)."
        ),
        error_messages={"required": "Write the message."},
    )
    audience = forms.ChoiceField(
        label="Who should get it?",
        choices=Announcement.Audience.choices,
        initial=Announcement.Audience.ALL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who should get the announcement.",
            "invalid_choice": "Choose all active members or core members only.",
        },
    )

    def __init__(self, *args, audience_sizes: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if audience_sizes is not None:
            self.fields["audience"].choices = [
                (value, f"{label} ({_people(audience_sizes.get(value, 0))})")
                for value, label in Announcement.Audience.choices
            ]


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
