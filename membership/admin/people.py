"""People in the Head's admin: add staff, import them, invite them, and give admin access."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from .. import emails
from ..models import HEAD_OF_COPS_GROUP, Person, normalize_address
from .anonymise import anonymise_view
from .exports import people_csv
from .filters import SignedInFilter
from .forms import ChangedFieldsOnlyAdmin
from .imports import WholeFileImportMixin
from .person_sections import PersonSectionsAdmin
from .resources import PersonResource
from .words import plural


class PersonAddForm(forms.ModelForm):
    """Add a member of staff by email and name. They get no password: invite them to set one."""

    class Meta:
        model = Person
        fields = ["email", "full_name", "department", "job_title"]

    def clean_email(self) -> str:
        email = normalize_address(self.cleaned_data["email"])
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone with this email address is already in the portal.", code="duplicate"
            )
        return email

    def save(self, commit: bool = True) -> Person:
        person = super().save(commit=False)
        person.set_unusable_password()
        if commit:
            person.save()
        return person


class HiddenInitialInput(forms.HiddenInput):
    """A field's hidden initial value without the field's aria-describedby, which Django copies
    onto it and HTML forbids on a hidden input."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("aria-describedby", None)
        return attrs


class PersonChangeForm(forms.ModelForm):
    """Change a person's details and whether they help run the programme."""

    # The box is compared with what the page showed, not with the group now: someone added to
    # the group since the Head opened the page is not taken out again by her unticked box.
    cop_administrator = forms.BooleanField(
        label="CoP administrator",
        required=False,
        show_hidden_initial=True,
        help_text=(
            "Runs the programme with the Head of CoPs: gives access to this admin. "
            "Admin access follows this box."
        ),
    )

    class Meta:
        model = Person
        fields = ["email", "full_name", "department", "job_title", "is_active", "is_superuser"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cop_administrator"].hidden_widget = HiddenInitialInput
        if self.instance.pk:
            self.fields["cop_administrator"].initial = self.instance.is_head_of_cops

    def clean_email(self) -> str:
        email = normalize_address(self.cleaned_data["email"])
        clash = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                "Someone else already has this email address.", code="duplicate"
            )
        return email

    def save_role(self) -> None:
        """Add or remove the person from the CoP administrators group (is_staff follows)."""
        if "cop_administrator" not in self.changed_data:
            return
        group = Group.objects.get(name=HEAD_OF_COPS_GROUP)
        if self.cleaned_data["cop_administrator"]:
            self.instance.groups.add(group)
        else:
            self.instance.groups.remove(group)


@admin.register(Person)
class PersonAdmin(
    PersonSectionsAdmin, ChangedFieldsOnlyAdmin, WholeFileImportMixin, admin.ModelAdmin
):
    resource_classes = [PersonResource]
    import_export_change_list_template = "admin/membership/person/change_list.html"
    change_form_template = "admin/membership/person/change_form.html"
    list_display = ["full_name", "email", "department", "job_title", "is_staff"]
    list_display_links = ["full_name", "email"]
    list_filter = ["is_staff", "is_active", SignedInFilter]
    search_fields = ["full_name", "email", "department", "job_title"]
    ordering = ["full_name", "email"]
    readonly_fields = [
        "is_staff",
        "last_login",
        "date_joined",
        *PersonSectionsAdmin.person_sections,
    ]
    actions = ["send_invitations", "export_selected_people"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = PersonAddForm if obj is None else PersonChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": ["email", "full_name", "department", "job_title"],
                        "description": (
                            "They get no password. Send them an invitation to set one from "
                            "the list of people (action “Send invitation to set a password”)."
                        ),
                    },
                )
            ]
        access = ["is_active", "cop_administrator", "is_staff"]
        if request.user.is_superuser:
            access.append("is_superuser")
        return [
            (None, {"fields": ["email", "full_name", "department", "job_title"]}),
            ("Memberships and interests", {"fields": self.person_sections}),
            ("Access", {"fields": access}),
            ("Activity", {"fields": ["last_login", "date_joined"]}),
        ]

    def has_change_permission(self, request, obj=None) -> bool:
        # Changing a superuser's address would let someone reset their password: only another
        # superuser may.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        # An anonymised record stays as it is: typing a name back would undo the anonymising.
        if obj is not None and obj.is_anonymised:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form, PersonChangeForm):
            form.save_role()

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="membership_person_export",
            ),
            path(
                "<path:object_id>/anonymise/",
                self.admin_site.admin_view(self.anonymise_view),
                name="membership_person_anonymise",
            ),
            *super().get_urls(),
        ]

    def anonymise_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Anonymise someone who left UCL, after a page that says what happens (anonymise.py)."""
        return anonymise_view(self, request, object_id)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Everyone in the portal, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return people_csv(Person.objects.all())

    @admin.action(description="Export selected people to CSV", permissions=["view"])
    def export_selected_people(self, request, queryset):
        return people_csv(queryset)

    @admin.action(description="Send invitation to set a password", permissions=["change"])
    def send_invitations(self, request, queryset):
        selected = queryset.count()
        # The invitations are written to the outbox with the request, all or none.
        with transaction.atomic():
            queued = emails.queue_invitations(people=queryset)
        if queued:
            messages.success(request, f"Queued {plural(queued, 'invitation')} to set a password.")
        if skipped := selected - queued:
            messages.warning(
                request,
                f"{skipped} not invited: their accounts are switched off or their address is a "
                "placeholder (ending .invalid). Give them a real address first.",
            )
