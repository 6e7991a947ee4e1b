"""Sending: claim a due row, send its mail, mark it sent.

The claim is one conditional UPDATE (pending and due, or claimed by a sender whose lease ran
out), so two senders, two beats or a job run twice never send the same row; a worker killed
mid-run leaves its rows claimed until the lease ends, and the next run takes them over. A
failed send is retried with a growing pause and marked failed (shown to the admins) after
the last try.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import Counter

from django.db.models import F
from django.utils import timezone

from buskerud_sp.mail import send_mail_template

from ...models import Leveringsstatus, Paaminnelse
from .innhold import Hopp, bygg_epost

logger = logging.getLogger(__name__)
S = Leveringsstatus

MAKS_FORSOK = 5
LAAS = datetime.timedelta(minutes=10)
_EMAIL = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")


def ventetid(forsok: int) -> datetime.timedelta:
    """The pause before try number ``forsok + 1``: 5, 10, 20, 40 minutes."""
    return datetime.timedelta(minutes=5 * 2 ** max(forsok - 1, 0))


def sender_snart() -> None:
    """Queue a sender run now (after the commit that made the rows); the minute job is the
    safety net if the broker is away."""
    from buskerud_sp.celery import app

    app.send_task("aktiviteter.tasks.send_due_reminders")


def sender_snart_etter_commit() -> None:
    """For ``transaction.on_commit``: looks ``sender_snart`` up when called (tests replace it)."""
    sender_snart()


def _feiltekst(exc: Exception) -> str:
    """What went wrong, without the addresses an SMTP error may quote."""
    return f"{type(exc).__name__}: {_EMAIL.sub('[adresse]', str(exc))}"[:300]


def _claim(pk: int) -> bool:
    naa = timezone.now()
    won = (
        Paaminnelse.objects.klare(naa)
        .filter(pk=pk)
        .update(status=S.SENDER, laast_til=naa + LAAS, forsok=F("forsok") + 1)
    )
    return won == 1


def _finish(pk: int, **fields) -> None:
    Paaminnelse.objects.filter(pk=pk, status=S.SENDER).update(laast_til=None, **fields)


def _failed(row: Paaminnelse, exc: Exception) -> str:
    logger.warning("Reminder %s failed on try %s: %s", row.pk, row.forsok, type(exc).__name__)
    if row.forsok >= MAKS_FORSOK:
        _finish(row.pk, status=S.FEILET, feil=_feiltekst(exc))
        return S.FEILET
    _finish(
        row.pk,
        status=S.VENTER,
        feil=_feiltekst(exc),
        neste_forsok=timezone.now() + ventetid(row.forsok),
    )
    return S.VENTER


def paaminnelse_send(*, pk: int) -> str | None:
    """Send one row if this caller wins its claim; returns the row's new status, or None."""
    if not _claim(pk):
        return None
    row = Paaminnelse.objects.select_related(
        "mottaker", "mottaker_bruker", "aktivitet", "punkt", "utsending__versjon", "utsending__plan"
    ).get(pk=pk)
    try:
        epost = bygg_epost(row)
        if isinstance(epost, Hopp):
            _finish(pk, status=S.HOPPET_OVER, feil=epost.grunn)
            return S.HOPPET_OVER
        send_mail_template(
            epost.mal,
            [epost.til],
            epost.kontekst,
            attachments=epost.vedlegg,
            headers=epost.headers,
        )
    except Exception as exc:  # any failure is retried; the last one is shown to the admins
        return _failed(row, exc)
    _finish(pk, status=S.SENDT, sendt=timezone.now(), feil="")
    return S.SENDT


def paaminnelser_send(*, grense: int = 500) -> dict[str, int]:
    """Send what is due now, in due order; returns counts by outcome."""
    ids = list(
        Paaminnelse.objects.klare()
        .order_by("neste_forsok", "pk")
        .values_list("pk", flat=True)[:grense]
    )
    counts: Counter[str] = Counter()
    for pk in ids:
        outcome = paaminnelse_send(pk=pk)
        if outcome:
            counts[outcome] += 1
    return dict(counts)


def paaminnelse_prov_igjen(*, paaminnelse: Paaminnelse) -> bool:
    """An admin asks for a failed delivery to be tried again (from now, with fresh tries)."""
    return bool(
        Paaminnelse.objects.filter(pk=paaminnelse.pk, status=S.FEILET).update(
            status=S.VENTER, forsok=0, neste_forsok=timezone.now()
        )
    )
