"""Reaching the members: newsletters and invitations («utsendinger»).

An ``Utsending`` is one message from a unit (the county or a chapter) to a group of its
members: a newsletter, or an invitation to an activity that the members answer yes or no
(``Invitasjonssvar``). Each recipient's copy is a delivery row of the reminders' sending
machinery (``paaminnelser.Paaminnelse``, ``anledning = "utsending-<pk>"``), by e-mail or SMS,
so a sending that a worker crash interrupts resumes without sending anything twice.

Who receives it (``services.mottakere``): the unit's active members in the chosen group who
consented to the message's list (``medlemmer.models.Liste``); e-mail, or SMS for those with no
address or who prefer it when the message has an SMS text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lokallag.models import Niva, UnitScopedQuerySet
from medlemmer.models import Liste


class Utsendingsart(models.TextChoices):
    NYHETSBREV = "nyhetsbrev", _("Nyhetsbrev")
    INVITASJON = "invitasjon", _("Invitasjon")


class Gruppe(models.TextChoices):
    """Which of the unit's members the message is for."""

    ALLE = "alle", _("Alle medlemmene")
    SENTERUNGDOMMEN = "senterungdommen", _("Senterungdommen")
    SENTERKVINNENE = "senterkvinnene", _("Senterkvinnene")
    NYE = "nye", _("Nye medlemmer i år")
    ALDER = "alder", _("En aldersgruppe")
    ADHOC = "adhoc", _("En AdHoc-gruppe")


class Status(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    SENDT = "sendt", _("Sendt")


class Svar(models.TextChoices):
    JA = "ja", _("Ja, jeg kommer")
    NEI = "nei", _("Nei, jeg kommer ikke")


# The longest SMS text: three concatenated messages of 153 GSM characters each.
SMS_MAKS_TEGN = 459


class UtsendingQuerySet(UnitScopedQuerySet):
    """The board and admins see every message; a chapter's officers their chapter's. A
    chapter's officers send for their chapter, the board and admins for the county."""

    unit_field = "avsender"

    def sendte(self):
        return self.filter(status=Status.SENDT)


class Utsending(models.Model):
    art = models.CharField(
        _("type"), max_length=12, choices=Utsendingsart.choices, default=Utsendingsart.NYHETSBREV
    )
    avsender = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("fra"),
        on_delete=models.PROTECT,
        related_name="utsendinger",
    )
    gruppe = models.CharField(_("til"), max_length=20, choices=Gruppe.choices, default=Gruppe.ALLE)
    alder_fra = models.PositiveSmallIntegerField(_("alder fra"), null=True, blank=True)
    alder_til = models.PositiveSmallIntegerField(_("alder til"), null=True, blank=True)
    adhoc_gruppe = models.ForeignKey(
        "aktiviteter.AdHocGruppe",
        verbose_name=_("AdHoc-gruppe"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitasjoner",
        help_text=_("Aktiviteten medlemmene inviteres til."),
    )
    emne = models.CharField(_("emne"), max_length=150)
    tekst = models.TextField(
        _("tekst"),
        help_text=_("Vanlig tekst. Tom linje gir nytt avsnitt, «- » i starten gir punktliste."),
    )
    med_sms = models.BooleanField(
        _("send SMS til dem uten e-post eller som vil ha SMS"), default=False
    )
    sms_tekst = models.CharField(_("SMS-tekst"), max_length=SMS_MAKS_TEGN, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UTKAST
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)
    sendt = models.DateTimeField(_("sendt"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    antall_epost = models.PositiveIntegerField(_("e-poster"), default=0)
    antall_sms = models.PositiveIntegerField(_("SMS-er"), default=0)
    # Members who left the list through this message's unsubscribe link.
    antall_avmeldt = models.PositiveIntegerField(_("avmeldt"), default=0)

    objects = UtsendingQuerySet.as_manager()

    class Meta:
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")
        ordering = ["-opprettet", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art="nyhetsbrev") | Q(aktivitet__isnull=False),
                name="utsending_invitasjon_har_aktivitet",
                violation_error_message=_("En invitasjon må gjelde en aktivitet."),
            ),
        ]
        indexes = [models.Index(fields=["avsender", "-opprettet"])]

    def __str__(self) -> str:
        return self.emne

    def get_absolute_url(self) -> str:
        return reverse("utsendinger:detail", kwargs={"pk": self.pk})

    @property
    def anledning(self) -> str:
        """The delivery rows' key (``Paaminnelse.anledning``)."""
        return f"utsending-{self.pk}"

    @property
    def liste(self) -> str:
        """The mailing list whose consent the message needs."""
        if self.art == Utsendingsart.INVITASJON:
            return Liste.INVITASJONER
        if self.gruppe == Gruppe.SENTERKVINNENE:
            return Liste.KVINNENETTVERKET
        if self.gruppe == Gruppe.SENTERUNGDOMMEN:
            return Liste.UNGDOMMEN
        if self.avsender.niva == Niva.FYLKE:
            return Liste.FYLKET
        return Liste.LOKALLAGET

    @property
    def er_sendt(self) -> bool:
        return self.status == Status.SENDT


class InvitasjonssvarQuerySet(models.QuerySet):
    def ja(self):
        return self.filter(svar=Svar.JA)


class Invitasjonssvar(models.Model):
    """A member's answer to an invitation (the last one counts)."""

    utsending = models.ForeignKey(
        Utsending, verbose_name=_("invitasjon"), on_delete=models.CASCADE, related_name="svar"
    )
    medlem = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="invitasjonssvar",
    )
    svar = models.CharField(_("svar"), max_length=3, choices=Svar.choices)
    besvart = models.DateTimeField(_("besvart"), auto_now=True)

    objects = InvitasjonssvarQuerySet.as_manager()

    class Meta:
        verbose_name = _("svar på invitasjon")
        verbose_name_plural = _("svar på invitasjoner")
        ordering = ["utsending", "medlem__etternavn", "medlem__fornavn"]
        constraints = [
            models.UniqueConstraint(fields=["utsending", "medlem"], name="invitasjonssvar_ett"),
        ]

    def __str__(self) -> str:
        return f"{self.medlem}: {self.get_svar_display()}"
