# The visits from the county, co-hosts and media appearances move from aktiviteter to the
# chapters' follow-up (lokallag.oppfolging). The data does not move: the models keep their
# tables (db_table), so this migration only adds them to lokallag's state, and
# aktiviteter 0011 removes them from aktiviteter's. The content types are renamed, not
# recreated, so permissions and admin log entries keep pointing at the same rows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("besok", "medieoppslag", "medvert")


def _rename_content_types(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue  # already there (created after an earlier run): leave both alone
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "aktiviteter", "lokallag")


def backwards(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "lokallag", "aktiviteter")


class Migration(migrations.Migration):

    dependencies = [
        ('lokallag', '0003_oppfolging'),
        # The tables were made by aktiviteter 0002 and the models are as of 0010.
        ('aktiviteter', '0010_tirsdagsmote_pause_og_helligdager'),
        ('medlemmer', '0003_medlemsimport'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Besok',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rolle', models.CharField(choices=[('fylkesstyret', 'Fylkesstyret'), ('toppkandidat', 'Toppkandidat'), ('stortingsrepresentant', 'Stortingsrepresentant'), ('annet', 'Annen fra fylkeslaget')], default='fylkesstyret', max_length=30, verbose_name='som')),
                        ('opprettet', models.DateTimeField(auto_now_add=True, verbose_name='opprettet')),
                        ('aktivitet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='besok', to='aktiviteter.aktivitet', verbose_name='aktivitet')),
                        ('medlem', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='besok', to='medlemmer.medlem', verbose_name='hvem')),
                        ('registrert_av', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                    ],
                    options={
                        'verbose_name': 'besøk fra fylket',
                        'verbose_name_plural': 'besøk fra fylket',
                        'db_table': 'aktiviteter_besok',
                        'ordering': ['aktivitet__dato', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('aktivitet', 'medlem'), name='besok_en_gang_per_aktivitet', violation_error_message='Personen er allerede ført opp som besøkende.')],
                    },
                ),
                migrations.CreateModel(
                    name='Medieoppslag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(choices=[('kronikk', 'Kronikk'), ('leserinnlegg', 'Leserinnlegg'), ('intervju', 'Intervju / reportasje'), ('lokalradio', 'Lokalradio / nett-TV')], max_length=20, verbose_name='type')),
                        ('dato', models.DateField(verbose_name='dato')),
                        ('medium', models.CharField(help_text='For eksempel «Drammens Tidende».', max_length=120, verbose_name='medium')),
                        ('tittel', models.CharField(max_length=200, verbose_name='tittel eller tema')),
                        ('lenke', models.URLField(blank=True, max_length=500, verbose_name='lenke')),
                        ('opprettet', models.DateTimeField(auto_now_add=True, verbose_name='opprettet')),
                        ('endret', models.DateTimeField(auto_now=True, verbose_name='endret')),
                        ('lokallag', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='medieoppslag', to='lokallag.lokallag', verbose_name='lag')),
                        ('registrert_av', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                    ],
                    options={
                        'verbose_name': 'medieoppslag',
                        'verbose_name_plural': 'medieoppslag',
                        'db_table': 'aktiviteter_medieoppslag',
                        'ordering': ['-dato', '-pk'],
                        'indexes': [models.Index(fields=['lokallag', '-dato'], name='aktiviteter_lokalla_181080_idx'), models.Index(fields=['dato'], name='aktiviteter_dato_bcca91_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('medium', ''), _negated=True), name='medieoppslag_har_medium')],
                    },
                ),
                migrations.CreateModel(
                    name='Medvert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('aktivitet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='medverter', to='aktiviteter.aktivitet', verbose_name='aktivitet')),
                        ('lokallag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='medvertskap', to='lokallag.lokallag', verbose_name='lokallag')),
                    ],
                    options={
                        'verbose_name': 'medarrangør',
                        'verbose_name_plural': 'medarrangører',
                        'db_table': 'aktiviteter_medvert',
                        'indexes': [models.Index(fields=['lokallag', 'aktivitet'], name='aktiviteter_lokalla_a6fd32_idx')],
                        'constraints': [models.UniqueConstraint(fields=('aktivitet', 'lokallag'), name='medvert_en_gang_per_lag', violation_error_message='Laget er allerede medarrangør.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
