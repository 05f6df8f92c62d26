"""Reports for SMT sponsors and the Head of CoPs: who may see what.

Access lives here and only here: `report_access` says whether a person is the Head (or a
superuser), who sees every practice area and the programme summary, or a sponsor, who sees the
areas they sponsor. Views, the export and the navigation all ask these functions.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, QuerySet

from communities.models import PracticeArea
from membership.models import HEAD_OF_COPS_GROUP, Person


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

    Costs at most one query, and none for anonymous visitors or superusers. The answer is kept on
    the person object, so the view and the navigation share it within a request.
    """
    if person is None or not person.is_authenticated or not person.is_active:
        return NO_ACCESS
    cached = getattr(person, "_report_access", None)
    if cached is not None:
        return cached
    if person.is_superuser:
        access = ReportAccess(sees_all=True, sponsors_an_area=False)
    else:
        row = (
            Person.objects.filter(pk=person.pk)
            .annotate(
                is_head=Exists(Group.objects.filter(name=HEAD_OF_COPS_GROUP, user=OuterRef("pk"))),
                is_sponsor=Exists(PracticeArea.objects.filter(sponsor=OuterRef("pk"))),
            )
            .values_list("is_head", "is_sponsor")
            .first()
        )
        access = ReportAccess(*row) if row else NO_ACCESS
    person._report_access = access
    return access


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


def sees_member_emails(person) -> bool:
    """Members' email addresses are for the Head of CoPs and superusers, not sponsors."""
    return report_access(person).sees_all
