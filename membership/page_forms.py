"""Forms for a community's page: the leads' edit and a message to the leads. They only parse
what was typed; `membership.services` decides and writes."""

from django import forms
from django.core.validators import URLValidator

from communities.models import Community

from .services import CONTACT_LEADS_PER_HOUR
from .services.community_page import CONTACT_MESSAGE_MAX_LENGTH

MARKDOWN_HELP = (
    "You can use Markdown: **bold**, *italics*, lists that start with “- ”, and links written "
    "as [text](https://…)."
)


class CommunityPageForm(forms.Form):
    """The description, "how we meet" and the online space: the arguments of
    `services.update_community_page`."""

    description = forms.CharField(
        label="About the community",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "What the community is for, who it is for and what it does. Shown at the top of "
            f"its page. {MARKDOWN_HELP}"
        ),
    )
    how_we_meet = forms.CharField(
        label="How we meet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"When and where the community meets, and how to come along. {MARKDOWN_HELP}",
    )
    online_space_url = forms.CharField(
        label="Teams or SharePoint link",
        required=False,
        max_length=Community._meta.get_field("online_space_url").max_length,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message="Enter a web address that starts with https:// (or http://).",
            )
        ],
        help_text="The community's own space online, starting with https://. Leave it empty "
        "if it has none.",
    )

    @classmethod
    def for_community(cls, community: Community, data=None) -> "CommunityPageForm":
        return cls(
            data,
            initial={
                "description": community.description,
                "how_we_meet": community.how_we_meet,
                "online_space_url": community.online_space_url,
            },
        )


class ContactLeadsForm(forms.Form):
    """A message to a community's leads: the argument of `services.contact_leads`."""

    message = forms.CharField(
        label="Your message",
        max_length=CONTACT_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "The leads get it by email and reply to you by email. Your name, job title and "
            f"department go with it. You can send up to {CONTACT_LEADS_PER_HOUR} messages an hour."
        ),
        error_messages={
            "required": "Write a message to the leads.",
            "max_length": "Keep the message under %(limit_value)d characters (it has "
            "%(show_value)d).",
        },
    )
