# The visits from the county, co-hosts and media appearances now belong to lokallag (see
# lokallag 0004, which takes them over with their tables). Here they leave aktiviteter's
# state only: the tables and their rows stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('aktiviteter', '0010_tirsdagsmote_pause_og_helligdager'),
        # lokallag has the models (on the same tables) before they leave this app's state.
        ('lokallag', '0004_oppfolging_besok_medvert_medier'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Besok'),
                migrations.DeleteModel(name='Medieoppslag'),
                migrations.DeleteModel(name='Medvert'),
            ],
            database_operations=[],
        ),
    ]
