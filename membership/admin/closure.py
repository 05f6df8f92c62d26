"""What the Head says when she closes a community: a reason, and a message to its members.

Both go into the closure email each member gets; the reason is also kept in the community's
history. The close confirmation page asks for them, and a close without a reason is refused
with the page shown again.
"""

from django import forms
from django.http import HttpRequest

# The community's history keeps a reason of up to 100 characters, "Closed: " included.
REASON_LENGTH = 90


class ClosureForm(forms.Form):
    reason = forms.CharField(
        label="Reason for closing",
        max_length=REASON_LENGTH,
        help_text=(
            "One line, such as “It has merged into Data and Insight”. Its members read it in "
            "the closure email, and it is kept in the community's history."
        ),
        error_messages={"required": "Give a reason for closing: its members will read it."},
    )
    message = forms.CharField(
        label="Message to its members (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Added to the closure email, for example to thank them or to say what next.",
    )


def closure_details(request: HttpRequest) -> tuple[dict | None, ClosureForm]:
    """The reason and message posted with a close, or None and the form with its errors."""
    form = ClosureForm(request.POST)
    if form.is_valid():
        return form.cleaned_data, form
    return None, form
