# When a person was anonymised (issue 16): `Person.is_anonymised` and "A former member".
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("membership", "0005_reconfirmation")]
    operations = [
        migrations.AddField(
            model_name="person",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text=(
                    "When the Head anonymised them after they left UCL (membership.services)."
                ),
                null=True,
            ),
        ),
    ]
