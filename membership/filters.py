"""The community list's filters: practice area, status and a text search, all in the query string.

`?practice_area=<slug>&status=<status>&q=<text>`. With no status chosen the list shows the
communities people can act on (launched and in preparation); closed ones appear only when the
status filter asks for them. `q` matches words (communities.search), not parts of words, in the
name, practice area, keywords, summary and description.
"""

import django_filters

from communities import search as text_search
from communities.models import Community, PracticeArea


class CommunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search communities",
        method="search",
        max_length=100,
    )
    practice_area = django_filters.ModelChoiceFilter(
        label="Practice area",
        queryset=PracticeArea.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All practice areas",
        error_messages={"invalid_choice": "Choose a practice area from the list."},
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=Community.Status.choices,
        empty_label="Launched or preparing",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )

    class Meta:
        model = Community
        fields = ["q", "practice_area", "status"]

    def search(self, queryset, name: str, value: str):
        # The list keeps its grouping by practice area; /search/ is where best matches lead.
        return text_search.communities(queryset, value)

    def filter_queryset(self, queryset):
        # Closed communities take no members or interest, so they are listed only on request.
        # A status that did not validate is treated as no status: the default list.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.visible()
        return super().filter_queryset(queryset)

    @property
    def is_filtering(self) -> bool:
        """Whether the person asked for any filter, valid or not (so they can clear it)."""
        return any(self.data.get(name, "").strip() for name in self.Meta.fields)
