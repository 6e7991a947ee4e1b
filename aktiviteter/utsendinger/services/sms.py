"""What the members' text messages say: a newsletter's or an invitation's SMS text with its
link (the list's unsubscribe, or the answer page), and the welcome to a new member. Built when
the row is sent (``paaminnelser`` calls the builders registered for ``Kanal.SMS`` rows), so
a consent withdrawn after the message was sent off is honoured.

The text never passes ``sms.MAKS_SEGMENTER`` messages: the check before sending counts the
link in (``sms_tekst_for_utsending``, with the longest link any member can get), and the
confirmation page counts messages and cost from the same text."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Status as Aktivitetsstatus
from aktiviteter.paaminnelser.models import Paaminnelse
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.utsendinger.models import Utsending, Utsendingsart
from aktiviteter.utsendinger.services.lister import avmeldingslenke
from buskerud_sp.core import sms, svar
from medlemmer.models import SAMTYKKEFELT

# The invitation's answer page behind /svar/<token>/ (registered by the invitations' part).
SVAR_ART = "invitasjon"
# Ids longer than any member's or message's (ten digits), for the longest link a text can
# carry. Their digits repeat no run of three, so the signed token is not compressed: a real
# token (shorter ids, compressed only when that makes it shorter) is never longer.
_LENGSTE_MEDLEM = 9182736450
_LENGSTE_UTSENDING = 8273645019


def utsending_for(row: Paaminnelse) -> Utsending | None:
    """The newsletter or invitation a delivery row belongs to (``anledning = utsending-<pk>``)."""
    prefix, _sep, pk = row.anledning.partition("-")
    if prefix != "utsending" or not pk.isdigit():
        return None
    return Utsending.objects.select_related("avsender", "aktivitet").filter(pk=int(pk)).first()


def svarlenke(utsending_id: int, medlem_id: int) -> str:
    token = svar.token_for(SVAR_ART, u=utsending_id, m=medlem_id)
    return settings.SITE_URL + reverse("svar", kwargs={"token": token})


def _suffix(utsending: Utsending, medlem_id: int, utsending_id: int | None = None) -> str:
    """The line the message's SMS ends with, in the active language."""
    utsending_id = utsending_id or utsending.pk
    if utsending.art == Utsendingsart.INVITASJON:
        return "\n" + _("Svar: %(lenke)s") % {"lenke": svarlenke(utsending_id, medlem_id)}
    lenke = avmeldingslenke(medlem_id, utsending.liste, utsending_id)
    return "\n" + _("Avmeld: %(lenke)s") % {"lenke": lenke}


def _lengste_suffix(utsending: Utsending) -> str:
    """The longest line any recipient's SMS can end with (in any of the portal's languages)."""
    variants = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            variants.append(_suffix(utsending, _LENGSTE_MEDLEM, _LENGSTE_UTSENDING))
    return max(variants, key=sms.lengde)


def suffix_lengde(utsending: Utsending) -> int:
    """How many characters the link line adds to the SMS text, at most."""
    return sms.lengde(_lengste_suffix(utsending))


def sms_tekst_for_utsending(utsending: Utsending) -> str:
    """The SMS as its longest recipient gets it (the text and the longest link line): what the
    check before sending and the confirmation's count of messages and cost must count."""
    return utsending.sms_tekst.strip() + _lengste_suffix(utsending)


def _fit(text: str, suffix: str) -> str:
    """``text`` + ``suffix`` within ``MAKS_SEGMENTER`` messages, cutting the text if it must (a
    text saved before the check counted the link); the link line is kept whole."""
    text = text.strip()
    if sms.segmenter(text + suffix) <= sms.MAKS_SEGMENTER:
        return text + suffix
    while text and sms.segmenter(text + "..." + suffix) > sms.MAKS_SEGMENTER:
        text = text[:-1]
    return text.rstrip() + "..." + suffix if text else suffix.lstrip("\n")


def _list_message(row: Paaminnelse) -> tuple[Utsending, str] | Hopp:
    """The row's message and the SMS text, or why it is skipped (no message, no SMS text, no
    consent to the list now)."""
    utsending = utsending_for(row)
    if utsending is None:
        return Hopp(_("Utsendingen finnes ikke lenger."))
    if not utsending.sms_tekst.strip():
        return Hopp(_("Utsendingen har ingen SMS-tekst."))
    if not getattr(row.mottaker, SAMTYKKEFELT[utsending.liste]):
        return Hopp(_("Har ikke samtykket til listen."))
    return utsending, utsending.sms_tekst


def nyhetsbrev_sms(row: Paaminnelse) -> str | Hopp:
    """A newsletter's SMS: its SMS text and the list's unsubscribe link."""
    message = _list_message(row)
    if isinstance(message, Hopp):
        return message
    utsending, text = message
    return _fit(text, _suffix(utsending, row.mottaker_id))


def invitasjon_sms(row: Paaminnelse) -> str | Hopp:
    """An invitation's SMS: its SMS text and the link to answer yes or no."""
    message = _list_message(row)
    if isinstance(message, Hopp):
        return message
    utsending, text = message
    aktivitet = utsending.aktivitet
    if aktivitet.status == Aktivitetsstatus.AVLYST:
        return Hopp(_("Aktiviteten er avlyst."))
    start = aktivitet.starter()
    if not isinstance(start, datetime.datetime):
        start = datetime.datetime.combine(
            start + datetime.timedelta(days=1), datetime.time(), timezone.get_default_timezone()
        )
    if aktivitet.status == Aktivitetsstatus.AVHOLDT or start <= timezone.now():
        return Hopp(_("Aktiviteten har begynt."))
    return _fit(text, _suffix(utsending, row.mottaker_id))


def velkommen_sms(row: Paaminnelse) -> str:
    """The welcome to a new member: short, with the chapter's name."""
    medlem = row.mottaker
    return _(
        "Hei %(navn)s! Velkommen som medlem i %(lag)s. Vi gleder oss til å se deg. "
        "Hilsen Buskerud Senterparti"
    ) % {"navn": medlem.fornavn, "lag": medlem.lokallag.navn}
