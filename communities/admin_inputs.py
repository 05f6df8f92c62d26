"""Admin inputs that stay pages, not server errors, when an id typed by hand is not an id.

`membership.admin.guards` and the membership forms use these too (communities is the lower app).
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Field


def could_be_id(field: Field, value) -> bool:
    """Whether `field` (a key) could hold `value`: a query with it would not fail."""
    try:
        number = field.to_python(value)
    except ValidationError:
        return False
    # PostgreSQL's bigint; SQLite's integers are as wide.
    return not isinstance(number, int) or -(2**63) <= number < 2**63


class SearchableSelect(AutocompleteSelect):
    """The admin's searchable select, drawn again after a posted id that is not an id.

    Django's widget looks the posted value up to show its label, and a value such as "abc"
    fails that query; it is left out here, and the field's own error says it is not a choice.
    """

    def optgroups(self, name, value, attr=None):
        ids = [item for item in value if could_be_id(self.field.target_field, item)]
        return super().optgroups(name, ids, attr)


class SearchableSelectsAdmin:
    """A ModelAdmin mixin: its `autocomplete_fields` use `SearchableSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs["widget"] = SearchableSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
