"""Finding resources: what each person may see, and the library's filters.

`?q=<text>&kind=<kind>&tag=<tag>` in a community's library; the programme-wide library at
/resources/ adds `&community=<slug>`. Every word of `q` must appear in the title, the
description or a tag; `tag` is an exact tag. A value that does not validate filters nothing
and is shown as an error on the form.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from communities.models import Community
from membership.models import Membership

from . import permissions
from .models import Resource, ResourceTag

# The library lists this many tags to filter by, the most used first.
POPULAR_TAGS = 15


def resources_for(person) -> QuerySet[Resource]:
    """The resources `person` may find: every one not hidden; hidden ones only their own, those
    of communities they lead, or all of them for the Head. Newest first, with what a list shows."""
    resources = Resource.objects.select_related("community", "author").prefetch_related("tags")
    if permissions.is_head(person):
        return resources
    led = Membership.objects.active().filter(person=person, is_lead=True).values("community")
    return resources.filter(Q(hidden=False) | Q(author=person) | Q(community__in=led))


def popular_tags(resources: QuerySet[Resource], *, limit: int = POPULAR_TAGS) -> list[dict]:
    """The tags used most among `resources`, as {"name", "count"}, most used first."""
    return list(
        ResourceTag.objects.filter(resource__in=resources.order_by().values("pk"))
        .values("name")
        .annotate(count=Count("pk"))
        .order_by("-count", "name")[:limit]
    )


class ResourceFilter(django_filters.FilterSet):
    """The library's filters. Made with `community=` it filters that community's library and
    has no community field."""

    q = django_filters.CharFilter(label="Search", method="search", max_length=100)
    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=Resource.Kind.choices,
        empty_label="All kinds",
        error_messages={"invalid_choice": "Choose a kind from the list."},
    )
    tag = django_filters.CharFilter(label="Tag", method="with_tag", max_length=40)
    community = django_filters.ModelChoiceFilter(
        label="Community",
        # Only communities with something in their library are worth offering.
        queryset=Community.objects.filter(
            Exists(Resource.objects.filter(community=OuterRef("pk")))
        ).order_by("name"),
        to_field_name="slug",
        empty_label="All communities",
        error_messages={"invalid_choice": "Choose a community from the list."},
    )

    class Meta:
        model = Resource
        fields = ["q", "kind", "tag", "community"]

    def __init__(self, data=None, queryset=None, *, community: Community | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.in_community = community
        if community is not None:
            del self.filters["community"]
            self.queryset = self.queryset.filter(community=community)
        self.form.fields["q"].help_text = "Words in the title, description or tags."

    def search(self, queryset, name: str, value: str):
        for word in value.split()[:10]:
            tagged = ResourceTag.objects.filter(resource=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Exists(tagged)
            )
        return queryset

    def with_tag(self, queryset, name: str, value: str):
        tag = " ".join(value.split()).lower()
        return queryset.filter(
            Exists(ResourceTag.objects.filter(resource=OuterRef("pk"), name=tag))
        )

    @property
    def is_filtering(self) -> bool:
        """Whether the person asked for any filter, valid or not (so they can clear it)."""
        return any(self.data.get(name, "").strip() for name in self.filters)
