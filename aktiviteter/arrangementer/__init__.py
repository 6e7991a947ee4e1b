"""The public calendar: /arrangementer/ and /arrangementer.ics, no login.

What it shows is ``Aktivitet.objects.offentlige()`` and, of each activity, only what the public
may read (``selectors.PUBLIC_FIELDS``): never a participant, a count, the responsible member or
who took a shift."""
