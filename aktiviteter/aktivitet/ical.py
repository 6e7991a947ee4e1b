"""iCal feeds: what a user may see, as a calendar their phone subscribes to."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from aktiviteter.aktivitet.models import Aktivitet, Status

# The feed holds a year back and a year ahead: enough for a phone calendar, and bounded.
FEED_DAYS_BACK = 365
FEED_DAYS_AHEAD = 400


def feed_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return (
        today - datetime.timedelta(days=FEED_DAYS_BACK),
        today + datetime.timedelta(days=FEED_DAYS_AHEAD),
    )


# What a higher slice adds to a user's feed (the date plan's items): each source is called
# with the feed's owner, its window and the unit it is narrowed to (or None), and returns
# events. Registered in AktiviteterConfig.ready, so this slice imports none above it.
FeedSource = Callable[..., list[Event]]
_feed_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    if source not in _feed_sources:
        _feed_sources.append(source)


def feed_events(user, first: datetime.date, last: datetime.date, unit=None) -> list[Event]:
    """The registered sources' events for ``user``'s feed between ``first`` and ``last``."""
    return [event for source in _feed_sources for event in source(user, first, last, unit)]


def calendar_bytes(
    aktiviteter: Iterable[Aktivitet],
    *,
    name: str,
    events: Iterable[Event] = (),
    public_url: Callable[[Aktivitet], str] | None = None,
) -> bytes:
    """The activities as an iCalendar document. UIDs are stable and SEQUENCE/LAST-MODIFIED
    follow the last change, so a subscribed calendar updates events instead of doubling them.
    ``events`` are further events to add (the date plan's items in a user's feed).

    With ``public_url`` the document is for anyone (the public calendar): each event links to
    the page that function gives, and holds only what the public page shows (the type, the
    description, the contact person as the officer wrote it, an online meeting's link)."""
    cal = Calendar()
    cal.add("prodid", "-//Buskerud Senterparti//Portalen//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0]
    for aktivitet in aktiviteter:
        event = Event()
        event.add("uid", f"aktivitet-{aktivitet.pk}@{host}")
        event.add("summary", f"{aktivitet.tittel} ({aktivitet.enhet.navn})")
        event.add("dtstart", aktivitet.starter())
        event.add("dtend", aktivitet.slutter())
        event.add("dtstamp", aktivitet.endret)
        event.add("last-modified", aktivitet.endret)
        event.add("sequence", int(aktivitet.endret.timestamp()) // 60 % 2_000_000_000)
        if public_url is None:
            url = settings.SITE_URL + aktivitet.get_absolute_url()
            location, description = _member_text(aktivitet, url)
        else:
            url = settings.SITE_URL + public_url(aktivitet)
            location, description = _public_text(aktivitet, url)
        if location:
            event.add("location", location)
        event.add("description", "\n\n".join(description))
        event.add("url", url)
        event.add("status", "CANCELLED" if aktivitet.status == Status.AVLYST else "CONFIRMED")
        cal.add_component(event)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def _member_text(aktivitet: Aktivitet, url: str) -> tuple[str, list[str]]:
    location = aktivitet.sted or aktivitet.nettlenke
    description = [aktivitet.get_type_display()]
    if aktivitet.beskrivelse:
        description.append(aktivitet.beskrivelse)
    if aktivitet.nettlenke and aktivitet.sted:
        description.append(aktivitet.nettlenke)
    description.append(url)
    return location, description


def _public_text(aktivitet: Aktivitet, url: str) -> tuple[str, list[str]]:
    """What the public calendar may say: the link of an online meeting, never a physical
    meeting's (it may be the officers' own call), and the contact person as written."""
    link = aktivitet.nettlenke if aktivitet.digitalt else ""
    description = [aktivitet.get_type_display()]
    if aktivitet.beskrivelse:
        description.append(aktivitet.beskrivelse)
    if link and aktivitet.sted:
        description.append(link)
    contact = ", ".join(part for part in (aktivitet.kontaktperson, aktivitet.kontakt) if part)
    if contact:
        description.append(_("Kontakt: %(kontakt)s") % {"kontakt": contact})
    description.append(url)
    return aktivitet.sted or link, description
