"""Stored phone numbers to E.164 («+4795942026»), the one form the import, the forms and the
search now use. Numbers that cannot be read (seven digits, letters) are kept as they are and
counted, with the member ids, so that an admin can correct them; the member's edit form shows
the error next to the field.

The parser is frozen here (not imported from buskerud_sp.core.telefon) so that this migration does
the same thing however that module changes later."""

from django.db import migrations

BATCH = 2000


def _e164(text):
    import phonenumbers

    text = (text or "").strip()
    if not text or len(text) > 40:
        return None
    candidates = [text]
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits == text and len(digits) > 8 and not digits.startswith("0"):
        candidates.append("+" + digits)  # Excel dropped the «00» of a foreign number
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, "NO")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def forwards(apps, schema_editor):
    Medlem = apps.get_model("medlemmer", "Medlem")
    changed, unreadable, batch = 0, [], []
    # Read first, then write: SQLite does not like a table changing under an open cursor.
    rows = list(Medlem.objects.exclude(telefon="").values_list("pk", "telefon"))
    for pk, telefon in rows:
        canonical = _e164(telefon)
        if canonical is None:
            unreadable.append(pk)
        elif canonical != telefon:
            batch.append(Medlem(pk=pk, telefon=canonical))
        if len(batch) >= BATCH:
            Medlem.objects.bulk_update(batch, ["telefon"])
            changed += len(batch)
            batch = []
    if batch:
        Medlem.objects.bulk_update(batch, ["telefon"])
        changed += len(batch)
    if changed or unreadable:
        print(  # noqa: T201 - the operator running migrate needs the count
            f"\n  telefon: {changed} gjort om til E.164, {len(unreadable)} kunne ikke leses "
            f"og står uendret (medlem-id: {', '.join(map(str, unreadable[:50]))}"
            f"{' …' if len(unreadable) > 50 else ''})"
        )


class Migration(migrations.Migration):
    dependencies = [("medlemmer", "0005_sok_trigram")]
    # Not reversible to the old forms (they were the bug); going back leaves E.164 in place.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
