"""The resource form. It parses what was typed and checks an uploaded file's content (so every
problem shows at once, on its field); the services check again and decide."""

from django import forms

from . import uploads
from .models import Resource
from .services import ActivityError
from .services.resources import MAX_TAGS, InvalidResource, parse_tags
from .upload_limit import too_large_message

_TITLE_MAX = Resource._meta.get_field("title").max_length
_URL_MAX = Resource._meta.get_field("url").max_length
MARKDOWN_HELP = (
    "You can use Markdown: **bold**, *italics*, lists that start with “- ”, and links written "
    "as [text](https://…)."
)


class ResourceForm(forms.Form):
    """Add or edit a resource: a link or a file, with a title, kind, description and tags.

    `resource` is the resource being edited (its file is kept unless a new one is chosen);
    `too_large` the name of a file the upload handler stopped reading because of its size.
    """

    title = forms.CharField(
        max_length=_TITLE_MAX,
        help_text="What people will look for, for example “Month-end checklist”.",
        error_messages={"required": "Give the resource a title."},
    )
    kind = forms.ChoiceField(
        choices=[("", "Choose a kind"), *Resource.Kind.choices],
        help_text="An experience or story you lived, a tool (a template, a checklist), a "
        "solution to a recurring problem, or simply a link or a document.",
        error_messages={
            "required": "Choose what kind of resource this is.",
            "invalid_choice": "Choose a kind from the list.",
        },
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What it is, and when it helps. " + MARKDOWN_HELP,
    )
    tags = forms.CharField(
        required=False,
        max_length=500,
        help_text=f"Up to {MAX_TAGS} words or phrases, separated by commas, for example "
        "“budgets, month end”.",
    )
    url = forms.URLField(
        label="Link",
        max_length=_URL_MAX,
        required=False,
        assume_scheme="https",
        help_text="A web page, or a document on SharePoint or Teams, starting https://",
        error_messages={"invalid": "Enter a web address starting https:// (or http://)."},
    )
    file = forms.FileField(
        label="File",
        required=False,
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
        help_text=f"{uploads.ACCEPTED[0].upper()}{uploads.ACCEPTED[1:]}; up to "
        f"{uploads.describe_size(uploads.max_upload_bytes())}.",
        error_messages={"empty": "The file you chose is empty. Choose it again."},
    )

    def __init__(self, *args, resource: Resource | None = None, too_large: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.too_large = too_large
        if resource is not None and resource.file:
            self.fields["file"].label = "Replace the file"
            self.fields[
                "url"
            ].help_text = (
                "To share a link instead of the file, give it here: the file is then removed."
            )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address starting https:// (or http://).")
        return url

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file and self.too_large:
            raise forms.ValidationError(too_large_message(self.too_large))
        if file:
            try:
                uploads.check_upload(file)
            except uploads.UploadRefused as refusal:
                raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return file

    def clean_tags(self) -> list[str]:
        try:
            return parse_tags(self.cleaned_data["tags"])
        except InvalidResource as refusal:
            raise forms.ValidationError(refusal.message) from None

    def clean(self):
        data = super().clean()
        url, file = data.get("url"), data.get("file")
        if "url" in self.errors or "file" in self.errors:
            return data
        if url and file:
            self.add_error(
                "url", "Give a link or choose a file, not both: a resource is one or the other."
            )
        elif not url and not file and not (self.resource is not None and self.resource.file):
            self.add_error("url", "Give a link, or choose a file to share.")
        return data

    def service_fields(self) -> dict:
        """What the services take, from a valid form."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "description": data["description"],
            "url": data["url"],
            "file": data["file"] or None,
            "tags": data["tags"],
        }

    def add_service_error(self, refusal: ActivityError) -> None:
        """Show a service's refusal on the field it is about, or above the form."""
        field = getattr(refusal, "field", None)
        self.add_error(field if field in self.fields else None, refusal.message)


def resource_initial(resource: Resource) -> dict:
    """The form's starting values from a resource."""
    return {
        "title": resource.title,
        "kind": resource.kind,
        "description": resource.description,
        "tags": ", ".join(tag.name for tag in resource.tags.all()),
        "url": resource.url,
    }
