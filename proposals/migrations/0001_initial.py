"""Proposed communities and their supporters (issue 18), and the Head's permissions on them.

The Head of CoPs (the "CoP administrators" group) reads proposals and their supporters in the
admin, and decides them there: deciding needs `change_proposal`; the rows themselves stay
read-only, since `proposals.services` is their only writer. Reversing takes away only these
permissions, as the other apps' grants do.
"""

from django.contrib.auth.management import create_permissions
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


GROUP = "CoP administrators"
CODENAMES = ["view_proposal", "change_proposal", "view_support"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run, and create_permissions skips an
    # app without a models module, which is how apps look inside a migration: make them now.
    proposals = apps.get_app_config("proposals")
    proposals.models_module = True
    try:
        create_permissions(proposals, apps=apps, verbosity=0)
    finally:
        proposals.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*head_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*head_permissions(apps))


def head_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="proposals", codename__in=CODENAMES
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("communities", "0007_reserved_slugs"),
        ("membership", "0007_counter_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Proposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120)),
                (
                    "new_area",
                    models.CharField(
                        blank=True,
                        help_text="The area the proposer named when none of the existing ones fitted.",
                        max_length=120,
                        verbose_name="new practice area",
                    ),
                ),
                ("purpose", models.TextField(help_text="What the practice is, and who does it.")),
                ("why_now", models.TextField(verbose_name="why now")),
                ("would_lead", models.BooleanField(default=False, verbose_name="would lead it")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="open",
                        max_length=10,
                    ),
                ),
                (
                    "decline_reason",
                    models.TextField(
                        blank=True, help_text="Why the Head declined it; the proposer reads it."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="proposed"),
                ),
                (
                    "decided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When it was accepted, declined or withdrawn.",
                        null=True,
                        verbose_name="decided",
                    ),
                ),
                (
                    "community",
                    models.OneToOneField(
                        blank=True,
                        help_text="The community in preparation that accepting it created.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposal",
                        to="communities.community",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who accepted, declined or withdrew it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "practice_area",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the proposer named a new area instead.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="communities.practicearea",
                    ),
                ),
                (
                    "proposer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Support",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposal_supports",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="supports",
                        to="proposals.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "supporter",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(("status", "open")),
                name="one_open_proposal_per_name",
                violation_error_code="name_proposed",
                violation_error_message="Someone has already proposed a community of that name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("new_area", ""), ("practice_area__isnull", False)),
                    models.Q(
                        ("practice_area__isnull", True), models.Q(("new_area", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="proposal_area_or_new_area",
                violation_error_code="area_or_new_area",
                violation_error_message="Choose a practice area, or name a new one (not both).",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("community__isnull", False), ("status", "accepted")),
                    models.Q(
                        models.Q(("status", "accepted"), _negated=True), ("community__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="proposal_accepted_has_community",
                violation_error_code="accepted_community",
                violation_error_message="An accepted proposal, and only one, has its community.",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "declined"), _negated=True),
                    models.Q(("decline_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="proposal_declined_has_reason",
                violation_error_code="declined_reason",
                violation_error_message="A declined proposal says why.",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_at__isnull", True), ("status", "open")),
                    models.Q(
                        models.Q(("status", "open"), _negated=True), ("decided_at__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="proposal_decided_has_time",
                violation_error_code="decided_time",
                violation_error_message="A decided proposal says when; an open one does not.",
            ),
        ),
        migrations.AddConstraint(
            model_name="support",
            constraint=models.UniqueConstraint(
                fields=("proposal", "person"),
                name="one_support_per_person_and_proposal",
                violation_error_code="already_supporting",
                violation_error_message="This person already supports this proposal.",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
