"""Sponsor and Head of CoPs reports: read-only pages and CSV downloads.

Who may see what is decided in `reports.access` (`report_access`, `may_see_area`):
a signed-in person without a role gets 403, and a sponsor asking for an area that is not theirs
gets 404, as if it did not exist.
"""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from communities import fragments
from communities.models import PracticeArea
from communities.versions import catalogue_version
from ucl_cop.csv_export import csv_response

from . import activity, bodies, figures, monthly, summaries
from .access import ReportAccess, may_see_area, report_access, sees_member_emails
from .months import DEFAULT_MONTHS, EARLIEST_MONTH, MAX_MONTHS, MonthRange, add_months, this_month

# Month-range form -----------------------------------------------------------------------------


class MonthField(forms.DateField):
    """A month as its first day: YYYY-MM (what <input type="month"> sends) or, typed where a
    browser has no month picker, as the picker and the hint show it ("April 2026", "Apr 2026")."""

    input_formats = ["%Y-%m", "%B %Y", "%b %Y"]
    default_error_messages = {"invalid": "Enter a month and year, for example April 2026."}


class MonthRangeForm(forms.Form):
    """Parses `?from=YYYY-MM&to=YYYY-MM`; either may be left out."""

    to = MonthField(required=False, label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the field is added under its URL name here.
        self.fields = {"from": MonthField(required=False, label="From"), "to": self.fields["to"]}

    def clean(self):
        cleaned = super().clean()
        # Refuse months before the programme first: month arithmetic on them (0001-01 less
        # eleven months) would fall outside the calendar Python knows.
        for name in ("from", "to"):
            if cleaned.get(name) and cleaned[name] < EARLIEST_MONTH:
                self.add_error(name, "Choose a month from January 2000 onwards.")
        if self.errors:
            return cleaned
        latest = this_month()
        last = cleaned.get("to") or latest
        first = cleaned.get("from") or max(add_months(last, -(DEFAULT_MONTHS - 1)), EARLIEST_MONTH)
        if last > latest:
            self.add_error("to", "The last month cannot be in the future.")
        elif first > last:
            self.add_error("from", "The first month must be on or before the last month.")
        elif len(MonthRange(first, last).months) > MAX_MONTHS:
            self.add_error("from", f"Choose a range of at most {MAX_MONTHS} months.")
        else:
            cleaned["range"] = MonthRange(first=first, last=last)
        return cleaned


def _month_range(request) -> tuple[MonthRange, MonthRangeForm]:
    """The months asked for, or the last twelve when none (or nonsense) were asked for."""
    asked = {key: request.GET[key] for key in ("from", "to") if request.GET.get(key, "").strip()}
    form = MonthRangeForm(asked or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["range"], form
    return MonthRange.last_n_months(), form


# Access --------------------------------------------------------------------------------------


def _require_reports(request) -> ReportAccess:
    access = report_access(request.user)
    if not access.allowed:
        raise PermissionDenied
    return access


def _area_for(request, slug: str, version: int | None = None) -> PracticeArea:
    """The practice area, if this person may see its report; otherwise 404 or 403.

    The row (with its sponsor) is cached under the catalogue version `version`, read before it
    (now, if not given): a practice area's change and a new sponsor bump it."""
    _require_reports(request)
    area = fragments.catalogue_value(
        f"area-{slug}",
        catalogue_version() if version is None else version,
        lambda: PracticeArea.objects.select_related("sponsor").filter(slug=slug).first(),
    )
    if area is None or not may_see_area(request.user, area):
        raise Http404("No report has that address.")
    return area


# Reports name people and show a programme's figures: neither a shared cache nor the browser's
# disk keeps them (the CSVs get the same from `csv_response`).
private_no_store = cache_control(private=True, no_store=True)

# Pages ---------------------------------------------------------------------------------------


@require_safe
@private_no_store
@login_required
def report_index(request):
    """Render the practice areas this person may see; for the Head, the programme summary.
    The body is cached exactly (reports/bodies.py)."""
    access = _require_reports(request)
    context = {"sees_all": access.sees_all}
    context["body"] = bodies.index_body(request, access, context)
    return render(request, "reports/index.html", context)


@require_safe
@private_no_store
@login_required
def area_report(request, slug: str):
    """Render one practice area's report: communities, months, sessions, projects and
    resources, departments, history."""
    # Before the area's row: a body is never older than the version it is stored under.
    version = catalogue_version()
    area = _area_for(request, slug, version)
    months, form = _month_range(request)
    sees_emails = sees_member_emails(request.user)
    context = {"area": area, "form": form}
    if form.errors:
        # The range as typed, with its errors: never cached (it could be anything).
        context.update(bodies.area_context(area, months, sees_emails=sees_emails))
    else:
        context["body"] = bodies.area_body(
            area, months, version=version, sees_emails=sees_emails, context=context
        )
    return render(request, "reports/area.html", context)


# CSV -----------------------------------------------------------------------------------------

EXPORT_TABLES = {
    "communities": "the per-community figures",
    "monthly": "joins and leaves by month",
    "sessions": "the sessions, with RSVPs and attendance",
    "departments": "members by department",
    "members": "the active members",
}


@require_safe
@private_no_store
@login_required
def area_export(request, slug: str):
    """Download one of the area's tables as CSV: `?table=` communities (the default), monthly,
    sessions, departments or members. Members' email addresses are included for the Head only."""
    area = _area_for(request, slug)
    table = request.GET.get("table", "communities")
    stamp = timezone.localdate().isoformat()
    filename = f"{area.slug}-{table}-{stamp}.csv"
    if table == "communities":
        return csv_response(filename, *_communities_table(area))
    if table == "monthly":
        # The months go in the file's name, so a range that fell back to the default says so.
        months, _form = _month_range(request)
        filename = (
            f"{area.slug}-monthly-{_month_iso(months.first)}-to-{_month_iso(months.last)}.csv"
        )
        return csv_response(filename, *_monthly_table(area, months))
    if table == "sessions":
        months, _form = _month_range(request)
        filename = (
            f"{area.slug}-sessions-{_month_iso(months.first)}-to-{_month_iso(months.last)}.csv"
        )
        return csv_response(
            filename, activity.SESSION_EXPORT_HEADER, activity.session_rows(area, months)
        )
    if table == "departments":
        return csv_response(filename, *_departments_table(area))
    if table == "members":
        with_emails = sees_member_emails(request.user)
        header = ["Name", "Department", "Community", "Kind", "Lead", "Joined on"]
        if with_emails:
            header.append("Email")
        return csv_response(filename, header, summaries.area_members(area, with_emails=with_emails))
    return render(
        request,
        "reports/unknown_table.html",
        {"area": area, "table": table, "tables": EXPORT_TABLES},
        status=400,
    )


def _communities_table(area: PracticeArea):
    header = [
        "Community",
        "Status",
        "Launched on",
        "Leads",
        "Core members",
        "Wider members",
        "Core share (%)",
        "Against the 10–15% core norm",
        "Interest registrations",
    ]
    rows = [
        [
            row.name,
            row.status_label,
            row.launched_on,
            "; ".join(row.leads),
            row.core,
            row.wider,
            None if row.core_share is None else f"{row.core_share:.1f}",
            row.norm.label,
            row.interest if row.interest_applies else None,
        ]
        for row in figures.community_figures(area)
    ]
    return header, rows


def _monthly_table(area: PracticeArea, months: MonthRange):
    header = [
        "Month",
        "Joins",
        "Leaves",
        "Net growth",
        "Core memberships at month end",
        "Wider memberships at month end",
        "Memberships at month end",
    ]
    rows = [
        [
            _month_iso(row.month),
            row.joins,
            row.leaves,
            row.net,
            row.core_at_end,
            row.wider_at_end,
            row.members_at_end,
        ]
        for row in monthly.monthly_figures(area, months)
    ]
    return header, rows


def _departments_table(area: PracticeArea):
    rows = [[row.department, row.people] for row in figures.department_figures(area)]
    return ["Department", "Active members"], rows


def _month_iso(month: date) -> str:
    return month.strftime("%Y-%m")
