"""Anonymising a leaver from the Head's admin: a page that says what will happen, and asks.

The button "Anonymise…" on a person's page leads here. The page lists what they are part of,
what stays (nameless) and what goes, and asks whether the resources they shared stay, shown as
a former member's, or are removed. The POST makes one call to `services.anonymise_person`.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import services
from ..models import Membership, Person

ALREADY_ANONYMISED = "This person has already been anonymised: there is nothing more to remove."
NOT_YOURSELF = (
    "You cannot anonymise yourself. Ask another member of the Head's team or a superuser to do it."
)


class AnonymiseForm(forms.Form):
    resources = forms.ChoiceField(
        label="The resources they shared",
        choices=[
            ("keep", "Keep them, shown as shared by “a former member”"),
            ("remove", "Remove them, with their files"),
        ],
        initial="keep",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether their resources stay or go."},
    )


def anonymise_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Confirm anonymising one person (GET), then anonymise them (POST, with the choice)."""
    person = model_admin.get_object(request, unquote(object_id))
    if person is None:
        raise Http404("No such person.")
    change_url = reverse("admin:membership_person_change", args=[person.pk])
    if person.is_anonymised:
        # A second click on "Yes, anonymise them": what was asked for already holds.
        model_admin.message_user(request, ALREADY_ANONYMISED, messages.INFO)
        return HttpResponseRedirect(change_url)
    if not model_admin.has_change_permission(request, person):
        raise PermissionDenied
    if person.pk == request.user.pk:
        model_admin.message_user(request, NOT_YOURSELF, messages.ERROR)
        return HttpResponseRedirect(change_url)
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            done = services.anonymise_person(
                person=person,
                by=request.user,
                remove_resources=form.cleaned_data["resources"] == "remove",
            )
        except services.CannotAnonymise as error:
            model_admin.message_user(request, error.message, messages.ERROR)
        else:
            model_admin.message_user(request, _describe(done), messages.SUCCESS)
        return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Anonymise {person}: are you sure?",
        "opts": model_admin.opts,
        "person": person,
        "form": form,
        "part_of": _part_of(person),
        "roles": _roles(person),
        "crumb": "Anonymise",
        "button": "Yes, anonymise them",
        "object_url": change_url,
        "object_name": person,
        "cancel_url": change_url,
    }
    return TemplateResponse(request, "admin/membership/person/confirm_anonymise.html", context)


def _part_of(person: Person) -> list[str]:
    """What the person is part of, in words, from the reverse relations (the apps above own the
    rows); each stays, without their name."""
    active = Membership.objects.active().filter(person=person)
    counts = [
        (active.count(), "active membership", "active memberships"),
        (person.interests.count(), "registration of interest", "registrations of interest"),
        (person.rsvps.count(), "RSVP to a session", "RSVPs to sessions"),
        (person.hosted_sessions.count(), "session they host", "sessions they host"),
        (person.announcements.count(), "announcement they wrote", "announcements they wrote"),
        (person.project_places.count(), "place in a project", "places in projects"),
        (person.led_projects.open().count(), "open project they lead", "open projects they lead"),
        (person.resources.count(), "resource they shared", "resources they shared"),
    ]
    return [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]


def _roles(person: Person) -> list[str]:
    """The roles they hold, each of which ends: a community is not led by a nobody."""
    leading = Membership.objects.active().filter(person=person, is_lead=True)
    roles = [
        f"Leading {name}: they stop being a lead there (they stay a member)."
        for name in leading.values_list("community__name", flat=True).order_by("community__name")
    ]
    roles += [
        f"Sponsoring {name}: it shows “TBC” until you name the next sponsor."
        for name in person.sponsored_areas.values_list("name", flat=True).order_by("name")
    ]
    return roles


def _describe(done: services.Anonymisation) -> str:
    said = [f"Anonymised: they are now shown as “{done.person.display_name}”."]
    if done.stepped_down_from:
        said.append(f"They are no longer a lead of {', '.join(done.stepped_down_from)}.")
    if done.no_longer_sponsoring:
        said.append(f"{', '.join(done.no_longer_sponsoring)}: sponsor to be confirmed.")
    return " ".join(said)
