"""Forms for the Head's own admin views, and saving her edits of communities and people.

The membership forms only parse what she asked for; the admin view hands their cleaned data to
one service call, and a refusal comes back as an error on the same form. Nothing is checked by
running a service and rolling it back.
"""

from django import forms
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest

from communities.admin_inputs import SearchableSelect
from communities.models import Community

from ..models import Membership, Person


def object_to_change(model_admin: ModelAdmin, request: HttpRequest, object_id: str) -> Model:
    """The object an admin view acts on: 404 if there is none, 403 if the Head may not change it."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404(f"No such {model_admin.opts.verbose_name}.")
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


class KindAndLeadForm(forms.Form):
    """A membership's kind and lead, and whether to move a core membership from elsewhere."""

    kind = forms.ChoiceField(choices=Membership.Kind.choices)
    is_lead = forms.BooleanField(label="Lead", required=False)
    switch_core = forms.BooleanField(label="Move their core membership here", required=False)
    switch_core_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["switch_core"].help_text = self.switch_core_help


class MembershipAddForm(KindAndLeadForm):
    """Who joins which community, as what: the arguments of `services.join`."""

    person = forms.ModelChoiceField(queryset=Person.objects.all())
    community = forms.ModelChoiceField(queryset=Community.objects.all())
    field_order = ["person", "community"]
    switch_core_help = (
        "If they are already a core member of another community, that membership becomes "
        "wider. Without this, a second core membership is refused."
    )

    def __init__(self, *args, admin_site: AdminSite, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's searchable selects: 20,000 people make a plain <select> unusable.
        for name in ("person", "community"):
            field = self.fields[name]
            field.widget = SearchableSelect(Membership._meta.get_field(name), admin_site)
            field.widget.choices = field.choices


class MembershipChangeForm(KindAndLeadForm):
    """A membership's new kind and lead: the arguments of `services.update_membership`."""

    switch_core_help = (
        "When making this membership core: if they are a core member of another community, "
        "that membership becomes wider."
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {"kind": membership.kind, "is_lead": membership.is_lead})
        super().__init__(*args, **kwargs)


class LeadChoiceForm(forms.Form):
    """One of a community's memberships, chosen by a button on its leads page."""

    membership = forms.ModelChoiceField(queryset=Membership.objects.none())

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships.select_related("person", "community")


class ChangedFieldsOnlyAdmin:
    """A ModelAdmin mixin: an edit writes back only the fields the Head changed.

    Django's admin saves every field of the object it read at the start of the request, so a
    launch, close, password change or group change committed meanwhile would be undone. Here the
    row is locked (queuing behind such a change), the fields the form did not change are read
    again from it, so the history records the truth, and only the changed fields are written.
    """

    def save_model(self, request, obj: Model, form: forms.ModelForm, change: bool) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        changed = [
            field
            for field in obj._meta.concrete_fields
            if field.name in form.changed_data and not field.primary_key
        ]
        if not changed:
            return None
        current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        for field in obj._meta.concrete_fields:
            if field not in changed:
                setattr(obj, field.attname, getattr(current, field.attname))
        obj.save(update_fields=[field.name for field in changed])
        return None
