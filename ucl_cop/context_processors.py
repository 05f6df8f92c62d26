"""Context shared by every page."""

from communities.models import ProgrammeContact


def programme_contact(request):
    """The Head of CoPs' published contact, for the footer and the about page."""
    return {"programme_contact": ProgrammeContact.cached()}
