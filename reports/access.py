"""Reports for SMT sponsors and the Head of CoPs: who may see what.

Access lives here and only here: `report_access` says whether a person is the Head (or a
superuser), who sees every practice area and the programme summary, or a sponsor, who sees the
areas they sponsor. Views, the export and the navigation all ask these functions.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from communities.models import PracticeArea
from membership.roles import roles_of


@dataclass(frozen=True)
class ReportAccess:
    """What reports a person may see."""

    sees_all: bool  # The Head of CoPs (the "CoP administrators" group) or a superuser.
    sponsors_an_area: bool

    @property
    def allowed(self) -> bool:
        return self.sees_all or self.sponsors_an_area


NO_ACCESS = ReportAccess(sees_all=False, sponsors_an_area=False)


def report_access(person) -> ReportAccess:
    """Say whether `person` sees every area (Head, superuser), their own (sponsor) or none.

    No query for anonymous visitors or superusers. Others' roles are read once per request
    (membership.roles): from the shared cache when there is one, so a warm signed-in page asks
    the database nothing, else in one query.
    """
    if person is None or not person.is_authenticated or not person.is_active:
        return NO_ACCESS
    if person.is_superuser:
        return ReportAccess(sees_all=True, sponsors_an_area=False)
    roles = roles_of(person)
    return ReportAccess(sees_all=roles.in_head_group, sponsors_an_area=roles.sponsors_an_area)


def can_see_reports(person) -> bool:
    """True when `person` may open /reports/: a sponsor, the Head of CoPs or a superuser."""
    return report_access(person).allowed


def areas_visible_to(person) -> QuerySet[PracticeArea]:
    """The practice areas whose reports `person` may see: all for the Head, own for a sponsor."""
    access = report_access(person)
    if access.sees_all:
        return PracticeArea.objects.all()
    if access.sponsors_an_area:
        return PracticeArea.objects.filter(sponsor=person)
    return PracticeArea.objects.none()


def may_see_area(person, area: PracticeArea) -> bool:
    """Whether `area` is among `areas_visible_to(person)`, from the person's roles alone."""
    access = report_access(person)
    return access.sees_all or (
        access.sponsors_an_area and area.pk in roles_of(person).sponsored_area_ids
    )


def sees_member_emails(person) -> bool:
    """Members' email addresses are for the Head of CoPs and superusers, not sponsors."""
    return report_access(person).sees_all
