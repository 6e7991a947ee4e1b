"""Before the e-mail page refused them, a user could add another account's login address to
their own list (and, through «make primary», leave their rows half-changed). Such rows are
dropped; each account keeps the rows of its own addresses."""

from django.db import migrations


def drop_rows_claiming_other_accounts(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    User = apps.get_model("buskerud_sp", "User")
    owner = {email.lower(): pk for pk, email in User.objects.values_list("pk", "email")}
    stale = [
        pk
        for pk, email, user_id in EmailAddress.objects.values_list("pk", "email", "user_id")
        if owner.get(email.lower(), user_id) != user_id
    ]
    EmailAddress.objects.filter(pk__in=stale).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("buskerud_sp", "0006_audit_keyed_chain"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(drop_rows_claiming_other_accounts, migrations.RunPython.noop),
    ]
