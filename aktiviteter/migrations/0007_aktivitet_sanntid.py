"""Whether a digital study session was live (``sanntid``): SpS counts a digital session only when
the leader and the participants take part at the same time.

Existing digital study sessions are marked live. The session form offered «Digital samling»
beside «Fysisk samling» as a kind of meeting (with a Teams link), the demo and the chapters
used it for video meetings, and these courses were judged and reported to SpS as counting;
marking them not live would silently take hours from past years' reports and targets. A
chapter that knows a session was a recording can edit the session and answer «Nei»."""

from django.db import migrations, models


def mark_existing_digital_sessions_live(apps, schema_editor):
    Aktivitet = apps.get_model("aktiviteter", "Aktivitet")
    Aktivitet.objects.filter(type="studiesamling", digitalt=True, sanntid__isnull=True).update(
        sanntid=True
    )


class Migration(migrations.Migration):
    dependencies = [("aktiviteter", "0006_aktivitet_listeorden")]

    operations = [
        migrations.AddField(
            model_name="aktivitet",
            name="sanntid",
            field=models.BooleanField(
                blank=True,
                help_text="For digitale studiesamlinger: kursleder og deltakere var med samtidig.",
                null=True,
                verbose_name="i sanntid",
            ),
        ),
        migrations.RunPython(
            mark_existing_digital_sessions_live, migrations.RunPython.noop, elidable=False
        ),
    ]
