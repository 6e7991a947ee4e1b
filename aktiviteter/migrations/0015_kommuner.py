"""Buskerud's municipalities from 2024, with the numbers they had in Viken (2020–2023) and in
the old Buskerud (before 2020), so that a result file of any of those years finds them. Drammen
took in Nedre Eiker and Svelvik in 2020. A reference table for production, not demo data."""

from django.db import migrations

KOMMUNER = [
    ("3301", "Drammen", ["3005", "0602", "0625", "0711"]),
    ("3303", "Kongsberg", ["3006", "0604"]),
    ("3305", "Ringerike", ["3007", "0605"]),
    ("3310", "Hole", ["3038", "0612"]),
    ("3312", "Lier", ["3049", "0626"]),
    ("3314", "Øvre Eiker", ["3048", "0624"]),
    ("3316", "Modum", ["3047", "0623"]),
    ("3318", "Krødsherad", ["3046", "0622"]),
    ("3320", "Flå", ["3039", "0615"]),
    ("3322", "Nesbyen", ["3040", "0616"]),
    ("3324", "Gol", ["3041", "0617"]),
    ("3326", "Hemsedal", ["3042", "0618"]),
    ("3328", "Ål", ["3043", "0619"]),
    ("3330", "Hol", ["3044", "0620"]),
    ("3332", "Sigdal", ["3045", "0621"]),
    ("3334", "Flesberg", ["3050", "0631"]),
    ("3336", "Rollag", ["3051", "0632"]),
    ("3338", "Nore og Uvdal", ["3052", "0633"]),
]


def seed(apps, schema_editor):
    Kommune = apps.get_model("aktiviteter", "Kommune")
    for nummer, navn, tidligere in KOMMUNER:
        Kommune.objects.update_or_create(
            nummer=nummer, defaults={"navn": navn, "tidligere_nummer": tidligere}
        )


class Migration(migrations.Migration):
    dependencies = [("aktiviteter", "0014_valg")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
