"""Report bodies, cached exactly: everything on a report page below the site's header.

Building a report is most of its cost (dozens of ORM queries compiled, charts drawn), and
sponsors and the Head read the same figures many times between changes. So a body is kept in
the cache under everything that can change it, and the page says "Figures are live" truthfully:
- the **catalogue version** (communities.versions), which every membership, interest,
  community, practice area and person change bumps: a join shows at once;
- for an area's report, the **version of each of its communities**, which their sessions,
  RSVPs, attendance, projects and resources bump (they do not bump the catalogue);
- the **month range** and the **role** (the Head sees email addresses and the whole programme;
  a sponsor sees their own areas);
- and the clock: an area's body expires when a session ends or a reconfirmation figure moves
  (reports/freshness.py), since time passing writes nothing.

The versions are read before any figure is, so a body can never be older than its key. A month
range that did not validate is shown with its errors, as typed, and never cached.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from communities import fragments
from communities.models import Community, PracticeArea
from communities.versions import catalogue_version, community_versions

from . import (
    activity,
    activity_charts,
    charts,
    figures,
    line_charts,
    practice,
    practice_charts,
    summaries,
)
from .access import ReportAccess, areas_visible_to
from .freshness import area_report_changes_at
from .months import MonthRange


def index_context(person, access: ReportAccess) -> dict:
    """What the reports index shows `person`: their areas, and the programme for the Head."""
    areas = summaries.area_summaries(areas_visible_to(person))
    context = {"areas": areas, "sees_all": access.sees_all}
    if access.sees_all:
        context["programme"] = summaries.programme_summary()
        context["area_chart"] = charts.stacked_bar_chart(
            [(area.name, area.core, area.wider) for area in areas],
            id="area-members",
            title="Active memberships per practice area, core and wider",
            unit="memberships",
        )
    return context


def index_body(request, access: ReportAccess, context: dict) -> SafeString:
    """The index's body, cached under the catalogue version for the Head (everyone who sees
    all sees the same) or for each sponsor (their own areas). Fills `context` when it builds."""
    version = catalogue_version()
    viewer = "all" if access.sees_all else f"sponsor-{request.user.pk}"

    def build() -> tuple[str, None]:
        context.update(index_context(request.user, access))
        return render_to_string("reports/index.html#body", context), None

    return fragments.cached_html(fragments.key("report-index", version, viewer), build)


def area_context(area: PracticeArea, months: MonthRange, *, sees_emails: bool) -> dict:
    """Everything one practice area's report shows for `months`."""
    report = summaries.area_report(area, months)
    sessions = activity.area_activity(area, months)
    made = practice.area_practice(area, months)
    return {
        "report": report,
        "area": area,
        "sees_emails": sees_emails,
        "member_chart": charts.stacked_bar_chart(
            [(row.name, row.core, row.wider) for row in report.communities],
            id="community-members",
            title=f"Active members per community in {area.name}, core and wider",
        ),
        "monthly_chart": line_charts.joins_and_leaves_chart(report.monthly, id="monthly"),
        "members_chart": line_charts.members_over_time_chart(report.monthly, id="members"),
        "activity": sessions,
        "sessions_chart": activity_charts.sessions_per_month_chart(
            sessions.monthly, id="sessions-monthly"
        ),
        "attendance_chart": activity_charts.attendance_chart(
            sessions.communities,
            id="sessions-attendance",
            title=f"RSVPs going and attendance per community in {area.name}",
        ),
        "practice": made,
        **practice_charts.section_charts(made, area_name=area.name),
        "norm_low": figures.CORE_NORM_LOW,
        "norm_high": figures.CORE_NORM_HIGH,
        "reconfirm_months": settings.RECONFIRMATION_AFTER_MONTHS,
    }


def _area_community_ids(area_id: int, version: int) -> list[int]:
    """The area's communities, cached under the catalogue version (moving one bumps it)."""
    communities = Community.objects.filter(practice_area_id=area_id)
    return fragments.catalogue_value(
        f"area-communities-{area_id}",
        version,
        lambda: list(communities.values_list("pk", flat=True)),
    )


def area_body(
    area: PracticeArea, months: MonthRange, *, version: int, sees_emails: bool, context: dict
) -> SafeString:
    """The area report's body (`context` holds the valid month form), cached as the module
    says. `version` is the catalogue version, read before `area` was. Fills `context` with the
    figures when it builds."""
    communities = sorted(community_versions(_area_community_ids(area.pk, version)).items())
    cache_key = fragments.key(
        "report-area", area.pk, version, communities, months.first, months.last, sees_emails
    )

    def build():
        now = timezone.now()
        context.update(area_context(area, months, sees_emails=sees_emails))
        html = render_to_string("reports/area.html#body", context)
        return html, area_report_changes_at(area, now)

    return fragments.cached_html(cache_key, build)
