"""Bulk imports for the Head of CoPs: staff, and their memberships.

Both run through django-import-export's dry run and confirm step, inside one transaction: a file
with a single bad row imports nothing, and the preview says which rows are wrong and why.
People are matched by email address, case-insensitively, so importing a file again updates
them rather than adding them twice. Memberships are made row by row through
`membership.services`, so a file cannot break the one-core rule any more than a person can.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets

from communities.models import Community

from .. import services
from ..models import Membership, Person, normalize_address
from ..services import MembershipError
from .imports import WholeFileResource, tidy
from .words import describe_refusal

# People ---------------------------------------------------------------------------------------


class PersonResource(WholeFileResource, resources.ModelResource):
    """Columns as an HR export names them: name, email, department, job title (the import page
    lists them, and the common variants below are read too). New people get no usable password.
    """

    header_aliases = {
        "full name": "name",
        "fullname": "name",
        "email address": "email",
        "e-mail": "email",
        "work email": "email",
        "department name": "department",
        "dept": "department",
        "title": "job title",
        "position": "job title",
    }
    required_columns = ["name", "email"]

    email = fields.Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    full_name = fields.Field(attribute="full_name", column_name="name", widget=widgets.CharWidget())
    department = fields.Field(
        attribute="department", column_name="department", widget=widgets.CharWidget()
    )
    job_title = fields.Field(
        attribute="job_title", column_name="job title", widget=widgets.CharWidget()
    )

    class Meta:
        model = Person
        fields = ["full_name", "email", "department", "job_title"]
        import_id_fields = ["email"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def get_display_name(cls) -> str:
        return "People (name, email, department, job title)"

    def before_import_row(self, row, row_number=None, **kwargs):
        tidy(row)
        # Addresses are stored lower-case, so matching on the lower-cased address is matching
        # case-insensitively: Alice@UCL.ac.uk updates alice@ucl.ac.uk.
        row["email"] = normalize_address(row.get("email"))
        if row["email"]:
            self.refuse_repeat(
                row["email"],
                row_number,
                "email",
                "This email address is also on row {row}: give each person once.",
            )

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, ValidationError] = {}
        before = [getattr(instance, name) for name in self._meta.fields]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        after = [getattr(instance, name) for name in self._meta.fields]
        importer = kwargs.get("user")
        if instance.is_superuser and before != after and not getattr(importer, "is_superuser", 0):
            # As on the person's page (`PersonAdmin.has_change_permission`): a new address
            # would let someone reset a superuser's password. A row that changes nothing passes.
            errors["email"] = ValidationError(
                f"{instance.email} is a superuser: only another superuser may change their "
                "details. Leave this row as it is in the portal, or take it out of the file.",
                code="superuser",
            )
        email = row.get("email", "")
        if not email:
            errors["email"] = ValidationError("Give an email address.", code="required")
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = ValidationError(
                    f"“{email}” is not an email address.", code="invalid"
                )
        if not row.get("name"):
            errors["full_name"] = ValidationError("Give the person's name.", code="required")
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            # Imported staff sign in by setting a password from an invitation (or SSO later);
            # an unusable password costs no hashing, so a thousand rows stay quick.
            instance.set_unusable_password()


# Memberships ----------------------------------------------------------------------------------


class PersonByEmailWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Person, field="email")

    def clean(self, value, row=None, **kwargs):
        email = normalize_address(value)
        if not email:
            raise ValueError("Give the person's email address.")
        try:
            return Person.objects.get(email__iexact=email)
        except Person.DoesNotExist:
            raise ValueError(
                f"No one with the email address {email} is in the portal: import them as "
                "people first."
            ) from None


class CommunityBySlugWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Community, field="slug")

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip().lower()
        if not slug:
            raise ValueError("Give the community's slug (the last part of its web address).")
        try:
            return Community.objects.get(slug=slug)
        except Community.DoesNotExist:
            raise ValueError(f"There is no community with the slug “{slug}”.") from None


class KindWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        kind = str(value or "").strip().lower()
        if kind not in Membership.Kind.values:
            raise ValueError(f"The kind must be core or wider, not “{value or ''}”.")
        return kind


class YesNoWidget(widgets.Widget):
    """A lead column: yes/no, true/false, 1/0 or empty (no)."""

    YES = {"yes", "y", "true", "1", "lead"}
    NO = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"Lead must be yes or no, not “{value}”.")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class MembershipResource(WholeFileResource, resources.ModelResource):
    """Columns: email, community (its slug), kind (core or wider), and optionally lead.

    A person already in the community has their kind or lead changed; one who is not joins.
    Every change is made by `services.join`, `change_kind` and `set_lead`.
    """

    header_aliases = {
        "email address": "email",
        "community slug": "community",
        "slug": "community",
        "is lead": "lead",
    }
    required_columns = ["email", "community", "kind"]

    person = fields.Field(attribute="person", column_name="email", widget=PersonByEmailWidget())
    community = fields.Field(
        attribute="community", column_name="community", widget=CommunityBySlugWidget()
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    is_lead = fields.Field(attribute="is_lead", column_name="lead", widget=YesNoWidget())

    class Meta:
        model = Membership
        fields = ["person", "community", "kind", "is_lead"]
        skip_unchanged = True
        report_skipped = True
        # The services and the database are the rules; a model clean would only guess them.
        clean_model_instances = False
        use_transactions = True

    @classmethod
    def get_display_name(cls) -> str:
        return "Memberships (email, community, kind, lead)"

    def before_import_row(self, row, row_number=None, **kwargs):
        tidy(row)
        key = (normalize_address(row.get("email")), str(row.get("community", "")).lower())
        if all(key):
            self.refuse_repeat(
                key,
                row_number,
                "community",
                "This person and community are also on row {row}: give each membership once.",
            )

    def get_or_init_instance(self, instance_loader, row):
        """The person's active membership of the community, if they have one."""
        email = normalize_address(row.get("email"))
        slug = str(row.get("community", "")).lower()
        existing = (
            Membership.objects.active()
            .select_related("person", "community")
            .filter(person__email__iexact=email, community__slug=slug)
            .first()
        )
        if existing is not None:
            return existing, False
        return Membership(), True

    def do_instance_save(self, instance, is_create):
        """One service call a row: `join` for a new membership, `update_membership` for one
        the person holds already (its kind and lead as the row gives them)."""
        try:
            if is_create:
                change = services.join(
                    person=instance.person,
                    community=instance.community,
                    kind=instance.kind,
                    is_lead=instance.is_lead,
                )
            else:
                change = services.update_membership(
                    membership=instance, kind=instance.kind, is_lead=instance.is_lead
                )
        except MembershipError as error:
            raise ValidationError(
                describe_refusal(
                    error, person=instance.person, community=instance.community, in_import=True
                ),
                code=error.code,
            ) from None
        instance.pk, instance.joined_at = change.membership.pk, change.membership.joined_at
        instance._state.adding = False
