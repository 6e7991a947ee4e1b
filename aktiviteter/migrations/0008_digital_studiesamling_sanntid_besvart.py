"""A digital study session must say whether it was live (after 0007 answered it for the
existing ones). A separate migration: on PostgreSQL, altering a table in the transaction that
just updated its rows can fail with «pending trigger events»."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("aktiviteter", "0007_aktivitet_sanntid")]

    operations = [
        migrations.AddConstraint(
            model_name="aktivitet",
            constraint=models.CheckConstraint(
                condition=~models.Q(type="studiesamling", digitalt=True, sanntid__isnull=True),
                name="aktivitet_digital_studiesamling_sanntid_besvart",
                violation_error_message="Svar på om den digitale samlingen var i sanntid.",
            ),
        ),
    ]
