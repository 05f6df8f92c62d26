"""The yearly reconfirmation page: the link in a reminder, answered without signing in.

The signed token in the address is the only authority: whoever holds the email may answer, once.
GET asks the question (or says what already happened); POST `choice=confirm|wider` answers it
through `services.answer_reconfirmation` and comes back here, where the page now says what
happened. An old link changes nothing.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .models import Reconfirmation


class ReconfirmForm(forms.Form):
    choice = forms.ChoiceField(choices=[("confirm", "Still core"), ("wider", "Wider")])


def _page(request, reminder: Reconfirmation, *, status: int = 200, expired: bool = False):
    membership = reminder.membership
    return render(
        request,
        "membership/reconfirm.html",
        {
            "reminder": reminder,
            "membership": membership,
            "community": membership.community,
            "person": membership.person,
            "expired": expired,
            "deadline": services.answer_deadline(reminder),
            "ask_again_months": settings.RECONFIRMATION_AFTER_MONTHS,
            "link_days": settings.RECONFIRMATION_LINK_DAYS,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reconfirm(request, token: str):
    """Render the question for an open round, or what happened to it; answer it on POST."""
    try:
        reminder = services.reminder_for_token(token)
    except services.InvalidReconfirmationLink:
        return render(request, "membership/reconfirm_invalid.html", status=404)
    except services.ExpiredReconfirmationLink as expired:
        # What happened stays readable; an open round can no longer be answered from here.
        if expired.reminder.is_open:
            return _page(request, expired.reminder, status=410, expired=True)
        return _page(request, expired.reminder)
    if request.method != "POST":
        return _page(request, reminder)
    form = ReconfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to stay a core member or become a wider member.")
        return redirect(request.path)
    try:
        answer = services.answer_reconfirmation(
            reminder=reminder, choice=form.cleaned_data["choice"]
        )
    except services.MembershipError as error:
        messages.error(request, error.message)
        return redirect(request.path)
    if answer.changed:
        messages.success(request, _answer_message(answer, reminder.membership.community))
    else:
        messages.info(request, "This link had already been used, so nothing was changed.")
    return redirect(request.path)


def _answer_message(answer: services.ReconfirmationAnswer, community) -> str:
    if answer.reminder.outcome == Reconfirmation.Outcome.CONFIRMED:
        return f"Thank you: you are still a core member of {community}."
    text = f"You are now a wider member of {community}."
    if answer.change is not None and answer.change.stepped_down:
        text += " You are no longer one of its leads; the Head of CoPs has been told."
    return text
