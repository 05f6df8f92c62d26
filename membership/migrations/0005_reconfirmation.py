"""Yearly reconfirmation of core membership: when a core membership was last confirmed, the
reminders sent, and the day reconfirmation first ran. The Head may read the reminders."""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP = "CoP administrators"
CODENAMES = ["view_reconfirmation"]


def grant(apps, schema_editor):
    # As in outbox's 0002: permissions are made after migrations, so make this app's now.
    membership = apps.get_app_config("membership")
    membership.models_module = True
    try:
        create_permissions(membership, apps=apps, verbosity=0)
    finally:
        membership.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*_permissions(apps))


def _permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="membership", codename__in=CODENAMES
    )


class Migration(migrations.Migration):

    dependencies = [
        ('membership', '0004_person_hidden_from_lists'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmembership',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, help_text='When the person last chose core here after joining: by becoming core, or by answering the yearly reconfirmation.', null=True, verbose_name='core confirmed'),
        ),
        migrations.AddField(
            model_name='membership',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, help_text='When the person last chose core here after joining: by becoming core, or by answering the yearly reconfirmation.', null=True, verbose_name='core confirmed'),
        ),
        migrations.CreateModel(
            name='ReconfirmationStart',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'reconfirmation start',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='reconfirmation_starts_once', violation_error_code='already_started', violation_error_message='Reconfirmation has already started.')],
            },
        ),
        migrations.CreateModel(
            name='Reconfirmation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.PositiveSmallIntegerField(choices=[(1, 'First reminder'), (2, 'Second reminder')])),
                ('round_started_at', models.DateTimeField(help_text='The start of the year this round asks about; every reminder of a round has it.', verbose_name='year began')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                ('outcome', models.CharField(blank=True, choices=[('', 'Awaiting an answer'), ('confirmed', 'Confirmed: still core'), ('wider', 'Chose wider'), ('expired', 'No answer: made wider'), ('void', 'No longer core there')], default='', max_length=10)),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='answered or closed')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reconfirmations', to='membership.membership')),
            ],
            options={
                'ordering': ['-sent_at', '-pk'],
                'indexes': [models.Index(fields=['outcome', 'step', 'sent_at'], name='reconfirmation_open')],
                'constraints': [models.UniqueConstraint(fields=('membership', 'round_started_at', 'step'), name='one_reminder_per_step_of_a_round', violation_error_code='already_reminded', violation_error_message='This reminder has already been sent.'), models.UniqueConstraint(condition=models.Q(('outcome', '')), fields=('membership', 'step'), name='one_open_reminder_per_step', violation_error_code='already_reminded', violation_error_message='This reminder has already been sent.'), models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', True), ('outcome', '')), models.Q(models.Q(('outcome', ''), _negated=True), ('closed_at__isnull', False)), _connector='OR'), name='reconfirmation_closed_with_an_outcome', violation_error_code='closed_without_outcome', violation_error_message='A closed reminder says how its round ended, and when.')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
