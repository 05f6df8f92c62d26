"""Who may do what with a community's page and its member directory: pure reads.

Each function takes whoever is asking (signed in or not). The services ask again before they
write; the views use the answers to choose between the page, a 403 and a sign-in.
"""

from communities.models import Community

from .models import Membership, Person


def signed_in(person) -> bool:
    """A signed-in, active account."""
    return bool(getattr(person, "is_authenticated", False)) and person.is_active


def is_head(person) -> bool:
    """The Head of CoPs (the CoP administrators group) or a superuser."""
    return signed_in(person) and (person.is_superuser or person.is_head_of_cops)


def is_lead_of(person, community: Community) -> bool:
    """An active lead of `community`."""
    return (
        signed_in(person)
        and Membership.objects.active()
        .filter(person=person, community=community, is_lead=True)
        .exists()
    )


def can_edit_page(person, community: Community, *, is_lead: bool | None = None) -> bool:
    """The community's active leads and the Head edit its description, "how we meet" and
    online space. `is_lead` saves a query when the page already knows the answer."""
    if not signed_in(person):
        return False
    if is_lead is None:
        is_lead = is_lead_of(person, community)
    return is_lead or is_head(person)


def can_download_directory(person: Person, community: Community) -> bool:
    """The member directory as CSV: the community's active leads and the Head."""
    return is_head(person) or is_lead_of(person, community)


def can_see_email_addresses(person) -> bool:
    """Email addresses in the directory: the Head and superusers only, never leads."""
    return is_head(person)
