"""Sending: claim due rows, send their mails, mark each sent.

A sender claims a batch of rows (``PARTI``) in one short transaction: it picks due rows nobody
holds (pending and due, or claimed by a sender whose lease ran out; on PostgreSQL skipping rows
another sender is picking at that moment) and claims them with one conditional UPDATE that sets
a lease of its own, so two senders, two beats or a job run twice never send the same row. It
then sends the batch over one SMTP connection (a row for ``Kanal.SMS`` through the SMS backend,
keeping the provider's message id) and marks each row sent as soon as its message is
accepted, so a worker killed mid-batch sends at most the one mail in flight twice; the rest of
its batch waits for the lease to end and the next run takes them over. A failed send is retried
with a growing pause and marked failed (shown to the admins) after the last try.

A big reminder fans out over the worker's pool: the planner queues up to ``SENDERE`` sender
jobs at once, and a job that stopped at its limit with rows left queues the next one.
"""

from __future__ import annotations

import datetime
import functools
import logging
import math
import re
from collections import Counter

from celery import current_app
from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from aktiviteter.paaminnelser.models import Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services.innhold import PERSONLIG, Hopp, bygg_epost, bygg_sms
from buskerud_sp.core import sms
from buskerud_sp.core.mail import felles_rendering, send_mail_template
from buskerud_sp.core.mailrender import FellesRendering

logger = logging.getLogger(__name__)
S = Leveringsstatus

MAKS_FORSOK = 5
LAAS = datetime.timedelta(minutes=10)
GRENSE = 500  # rows one sender job handles before it hands over to a fresh job
PARTI = 50  # rows claimed at once (held for the lease if the worker dies mid-batch)
SENDERE = 4  # sender jobs queued at once for a big reminder
_EMAIL = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")
_PHONE = re.compile(r"\+?\d[\d ]{6,}\d")
_RELATED = (
    "mottaker__bruker",
    "mottaker_bruker",
    "aktivitet__vertslag",
    "punkt",
    "utsending__versjon",
    "utsending__plan",
)


def ventetid(forsok: int) -> datetime.timedelta:
    """The pause before try number ``forsok + 1``: 5, 10, 20, 40 minutes."""
    return datetime.timedelta(minutes=5 * 2 ** max(forsok - 1, 0))


def sender_snart() -> None:
    """Queue a sender run now (after the commit that made the rows); the minute job is the
    safety net if the broker is away."""
    current_app.send_task("aktiviteter.tasks.send_due_reminders")


def sendere_for(antall: int) -> int:
    """How many sender jobs to queue for ``antall`` new rows: one per ``GRENSE`` rows, at
    most ``SENDERE`` (each hands over to the next until the rows are sent)."""
    return max(1, min(SENDERE, math.ceil(antall / GRENSE)))


def sender_snart_etter_commit(antall: int = 1) -> None:
    """For ``transaction.on_commit``: looks ``sender_snart`` up when called (tests replace it)."""
    for _ in range(sendere_for(antall)):
        sender_snart()


def _feiltekst(exc: Exception) -> str:
    """What went wrong, without the addresses an SMTP error (or numbers a provider) may quote."""
    text = _PHONE.sub("[nummer]", _EMAIL.sub("[adresse]", str(exc)))
    return f"{type(exc).__name__}: {text}"[:300]


def _claim(antall: int) -> list[Paaminnelse]:
    """Claim up to ``antall`` due rows, in due order; returns the rows this caller won."""
    naa = timezone.now()
    lease = naa + LAAS
    due = Paaminnelse.objects.klare(naa).order_by("neste_forsok", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:antall])
        if not ids:
            return []
        # Conditional: a row another sender claimed since the pick is not taken over.
        Paaminnelse.objects.klare(naa).filter(pk__in=ids).update(
            status=S.SENDER, laast_til=lease, forsok=F("forsok") + 1
        )
    # The rows this claim won carry its lease (a timestamp to the microsecond).
    won = Paaminnelse.objects.filter(pk__in=ids, status=S.SENDER, laast_til=lease)
    return list(won.select_related(*_RELATED).order_by("neste_forsok", "pk"))


def _finish(pk: int, **fields) -> None:
    Paaminnelse.objects.filter(pk=pk, status=S.SENDER).update(laast_til=None, **fields)


@functools.cache
def _mark_sent_sql(vendor: str) -> str:
    """``_finish(pk, status=SENDT, sendt=now, feil="", melding_id=…)`` as one plain UPDATE."""
    meta, quote = Paaminnelse._meta, connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in _MARK_SENT_COLUMNS}
    column["id"] = quote(meta.pk.column)
    # Only the model's own table and column names, quoted by the backend; values are parameters.
    return (
        f"UPDATE {quote(meta.db_table)} SET {column['status']} = %s, "  # noqa: S608  # nosec B608
        f"{column['laast_til']} = NULL, {column['sendt']} = %s, {column['feil']} = '', "
        f"{column['melding_id']} = %s WHERE {column['id']} = %s AND {column['status']} = %s"
    )


_MARK_SENT_COLUMNS = ("status", "laast_til", "sendt", "feil", "melding_id")


def _mark_sent(pk: int, melding_id: str) -> None:
    """What ``_finish`` does for a sent row, in a statement made once: the ORM's building of
    the same UPDATE cost 0.35 ms of CPU per row, more than the mail's bytes. One statement
    per row still, committed before the next mail goes, so a killed worker sends at most the
    mail in flight twice."""
    sent = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(connection.vendor), [S.SENDT.value, sent, melding_id, pk, S.SENDER.value]
        )


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


def _language(row: Paaminnelse) -> str:
    """The language the recipient chose in the portal (bokmål, or nynorsk), else the default."""
    user = row.mottaker_bruker or (row.mottaker.bruker if row.mottaker else None)
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


def _melding_id(message) -> str:
    """The provider's id of a sent message (an API backend's ``anymail_status``), else ""."""
    status = getattr(message, "anymail_status", None)
    message_id = status.message_id if status is not None else None
    if message_id is None or isinstance(message_id, set):  # a set: one id per recipient
        return ""
    return str(message_id)[:200]


def _send(row: Paaminnelse, mailer, felles: dict, rendering: FellesRendering) -> str:
    """Send one claimed row over ``mailer``; returns the row's new status."""
    with translation.override(_language(row)):
        return _send_in_language(row, mailer, felles, rendering)


def _send_in_language(row: Paaminnelse, mailer, felles: dict, rendering: FellesRendering) -> str:
    if row.kanal == Kanal.SMS:
        return _send_sms(row)
    try:
        epost = bygg_epost(row, felles)
        if isinstance(epost, Hopp):
            _finish(row.pk, status=S.HOPPET_OVER, feil=epost.grunn)
            return S.HOPPET_OVER
        mailer.open()  # no-op while the batch's SMTP session is open
        message = send_mail_template(
            epost.mal,
            [epost.til],
            epost.kontekst,
            attachments=epost.vedlegg,
            headers=epost.headers,
            mailer=mailer,
            # The provider's webhook reports a bounce with this (services/avvisninger.py).
            metadata={"levering": row.pk},
            rendering=rendering,
        )
    except Exception as exc:  # any failure is retried; the last one is shown to the admins
        mailer.close()  # the SMTP session may be broken: the next mail opens a new one
        return _failed(row, exc)
    _mark_sent(row.pk, _melding_id(message))
    return S.SENDT


def _send_sms(row: Paaminnelse) -> str:
    """Send one claimed SMS row through the configured backend (``SMS_BACKEND``) and keep the
    provider's message id; the claim, retries and marking are the mails'."""
    try:
        melding = bygg_sms(row)
        if isinstance(melding, Hopp):
            _finish(row.pk, status=S.HOPPET_OVER, feil=melding.grunn)
            return S.HOPPET_OVER
        melding_id = sms.send_sms(melding.til, melding.tekst)
    except Exception as exc:  # any failure is retried; the last one is shown to the admins
        return _failed(row, exc)
    _finish(row.pk, status=S.SENDT, sendt=timezone.now(), feil="", melding_id=melding_id[:200])
    return S.SENDT


def paaminnelser_send(*, grense: int = GRENSE) -> dict[str, int]:
    """Send what is due now, in due order, up to ``grense`` rows; returns counts by outcome."""
    counts: Counter[str] = Counter()
    handled = 0
    mailer = mailers.default
    try:
        while handled < grense:
            rows = _claim(min(PARTI, grense - handled))
            if not rows:
                break
            felles: dict = {}  # what the rows of one batch share (the rule, the meeting's links)
            # The batch's copies of one mail: its templates rendered once (per language).
            rendering = felles_rendering(PERSONLIG)
            for row in rows:
                counts[_send(row, mailer, felles, rendering)] += 1
            handled += len(rows)
    finally:
        mailer.close()
    return dict(counts)


def paaminnelse_prov_igjen(*, paaminnelse: Paaminnelse) -> bool:
    """An admin asks for a failed delivery to be tried again (from now, with fresh tries).

    The sender is nudged after the commit, robustly: with the broker down the row still waits
    in the database and the minute job sends it."""
    retried = bool(
        Paaminnelse.objects.filter(pk=paaminnelse.pk, status=S.FEILET).update(
            status=S.VENTER, forsok=0, neste_forsok=timezone.now()
        )
    )
    if retried:
        transaction.on_commit(sender_snart_etter_commit, robust=True)
    return retried
