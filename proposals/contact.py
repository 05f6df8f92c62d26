"""/contact/: a question or suggestion for the Head of Communities of Practice.

Anyone signed in writes; the portal relays the message by email with the sender as reply-to,
so the page never needs the Head's address. A few messages an hour per person.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from membership.services import MembershipError, TooManyMessages

from . import services
from .forms import ContactHeadForm


@require_http_methods(["GET", "POST"])
@login_required
def contact_head(request):
    """Render the form (GET), or relay the message and come back to the page with a message
    saying it is on its way (POST). A refusal (too many this hour) shows on the form with what
    was typed, so nothing is lost."""
    posted = request.method == "POST"
    form = ContactHeadForm(request.POST if posted else None)
    status = 200
    if posted and form.is_valid():
        try:
            services.contact_head(sender=request.user, message=form.cleaned_data["message"])
        except TooManyMessages as exc:
            form.add_error(None, exc.message)
            status = 429
        except MembershipError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Your message is on its way to the Head of Communities of Practice, who will "
                "reply to you by email.",
            )
            return redirect("contact-head")
    return render(request, "proposals/contact_head.html", {"form": form}, status=status)
