"""The rhythm: rules admins edit (days, times, lead times, pauses, who receives what) and one
row per reminder delivery.

A delivery row is unique per (kind, occasion, recipient), so planning the same reminder twice
makes one row; the sender claims a row with a conditional UPDATE before it sends, so two
senders never send the same row. Rows keep no copy of the address: it is read when sending.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for
from buskerud_sp.core.fridager import fridag, neste_virkedag


class Regeltype(models.TextChoices):
    TIRSDAGSMOTE = "tirsdagsmote", _("Tirsdagsmøtet")
    TIRSDAG_KVELDEN_FOR = "tirsdag_kvelden_for", _("Tirsdagsmøtet: påminnelse kvelden før")
    TIRSDAG_MORGEN = "tirsdag_morgen", _("Tirsdagsmøtet: påminnelse samme morgen")
    TIRSDAG_ANTALL = "tirsdag_antall", _("Tirsdagsmøtet: be verten registrere antall")
    TIRSDAG_ANTALL_PURRING = "tirsdag_antall_purring", _("Tirsdagsmøtet: purring på antall")
    LEDERMOTE_OPPRETT = "ledermote_opprett", _("Lokallagsledermøtet: opprettes hvert kvartal")
    LEDERMOTE_INVITASJON = "ledermote_invitasjon", _("Lokallagsledermøtet: invitasjon")
    LEDERMOTE_PAAMINNELSE = "ledermote_paaminnelse", _("Lokallagsledermøtet: påminnelse")
    LEDERMOTE_OPPMOTE = "ledermote_oppmote", _("Lokallagsledermøtet: registrer oppmøte")
    DATOPLAN_FRIST_1 = "datoplan_frist_1", _("Datoplanen: første påminnelse til ansvarlig")
    DATOPLAN_FRIST_2 = "datoplan_frist_2", _("Datoplanen: andre påminnelse til ansvarlig")
    DATOPLAN_FORFALT = "datoplan_forfalt", _("Datoplanen: punkt ikke markert avholdt")
    HALVAARSREGEL = "halvaarsregel", _("Halvårsregelen: fylkesstyremøte ute i et lokallag")
    UKESAMMENDRAG = "ukesammendrag", _("Ukesammendrag til fylkesstyret")
    ARSMOTE_PURRING = "arsmote_purring", _("Årsmøtet: påminnelse til ledere som ligger etter")
    INVITASJON_PAAMINNELSE = (
        "invitasjon_paaminnelse",
        _("Invitasjoner: påminnelse dagen før til dem som har svart ja"),
    )
    VELKOMMEN = "velkommen", _("Nye medlemmer: velkomsthilsen")
    VAKT_PAAMINNELSE = "vakt_paaminnelse", _("Valgkamp: påminnelse til dem som har tatt en vakt")
    VALGKAMP_PURRING = (
        "valgkamp_purring",
        _("Valgkamp: påminnelse til ledere i lag som ligger etter planen"),
    )


class Mottakere(models.TextChoices):
    TILLITSVALGTE_OG_FOLKEVALGTE = "tillitsvalgte_folkevalgte", _("Tillitsvalgte og folkevalgte")
    TILLITSVALGTE = "tillitsvalgte", _("Tillitsvalgte")
    FOLKEVALGTE = "folkevalgte", _("Folkevalgte")
    LOKALLAGSLEDERE = "lokallagsledere", _("Lokallagsledere")
    VERTSLAG = "vertslag", _("Lederen i vertslaget (ellers administratorene)")
    ANSVARLIG = "ansvarlig", _("Ansvarlig person (ellers lederen i ansvarlig lag)")
    FYLKESSTYRET = "fylkesstyret", _("Fylkesstyret")
    FYLKESLEDER_OG_ADMIN = "fylkesleder_admin", _("Fylkesleder og administratorene")
    ADMINISTRATORER = "administratorer", _("Administratorene")


M = Mottakere
R = Regeltype

# Each rule's defaults: (weekday, time, days, recipients, text). ``dager`` is the lead time in
# days before the occasion (negative: after); for the quarterly meeting, the days from the
# quarter's start to the meeting.
STANDARDREGLER: dict[str, tuple[int | None, datetime.time, int, str, str]] = {
    R.TIRSDAGSMOTE: (1, datetime.time(19, 30), 0, "", "Ring 23 50 00 00, PIN 2024#"),
    R.TIRSDAG_KVELDEN_FOR: (None, datetime.time(18, 0), 1, M.TILLITSVALGTE_OG_FOLKEVALGTE, ""),
    R.TIRSDAG_MORGEN: (None, datetime.time(8, 0), 0, M.TILLITSVALGTE_OG_FOLKEVALGTE, ""),
    R.TIRSDAG_ANTALL: (None, datetime.time(21, 0), 0, M.VERTSLAG, ""),
    R.TIRSDAG_ANTALL_PURRING: (None, datetime.time(12, 0), -1, M.VERTSLAG, ""),
    R.LEDERMOTE_OPPRETT: (2, datetime.time(19, 0), 35, "", "Fylkeskontoret, Drammen"),
    R.LEDERMOTE_INVITASJON: (None, datetime.time(9, 0), 21, M.LOKALLAGSLEDERE, ""),
    R.LEDERMOTE_PAAMINNELSE: (None, datetime.time(9, 0), 1, M.LOKALLAGSLEDERE, ""),
    R.LEDERMOTE_OPPMOTE: (None, datetime.time(9, 0), -1, M.ADMINISTRATORER, ""),
    R.DATOPLAN_FRIST_1: (None, datetime.time(8, 0), 14, M.ANSVARLIG, ""),
    R.DATOPLAN_FRIST_2: (None, datetime.time(8, 0), 2, M.ANSVARLIG, ""),
    R.DATOPLAN_FORFALT: (None, datetime.time(8, 0), -1, M.ADMINISTRATORER, ""),
    R.HALVAARSREGEL: (None, datetime.time(8, 0), 0, M.FYLKESLEDER_OG_ADMIN, ""),
    R.UKESAMMENDRAG: (0, datetime.time(7, 0), 0, M.FYLKESSTYRET, ""),
    # ``dager``: days before the chapters' deadline for the annual meetings.
    R.ARSMOTE_PURRING: (None, datetime.time(8, 0), 21, M.LOKALLAGSLEDERE, ""),
    # The day before the activity, to those who answered yes.
    R.INVITASJON_PAAMINNELSE: (None, datetime.time(18, 0), 1, "", ""),
    # Every day at this time, to the members who joined since the last run.
    R.VELKOMMEN: (None, datetime.time(10, 0), 0, "", ""),
    # The day before the shift, to those who signed up for it.
    R.VAKT_PAAMINNELSE: (None, datetime.time(18, 0), 1, "", ""),
    # ``dager``: days before a campaign goal's deadline, to the leaders of chapters behind.
    R.VALGKAMP_PURRING: (None, datetime.time(8, 0), 7, M.LOKALLAGSLEDERE, ""),
}

# Who may receive what: the choices the rules page offers for each rule.
TILLATTE_MOTTAKERE: dict[str, tuple[str, ...]] = {
    R.TIRSDAGSMOTE: (),
    R.LEDERMOTE_OPPRETT: (),
    **dict.fromkeys(
        (R.TIRSDAG_KVELDEN_FOR, R.TIRSDAG_MORGEN),
        (M.TILLITSVALGTE_OG_FOLKEVALGTE, M.TILLITSVALGTE, M.FOLKEVALGTE, M.LOKALLAGSLEDERE),
    ),
    **dict.fromkeys((R.TIRSDAG_ANTALL, R.TIRSDAG_ANTALL_PURRING), (M.VERTSLAG, M.ADMINISTRATORER)),
    **dict.fromkeys(
        (R.LEDERMOTE_INVITASJON, R.LEDERMOTE_PAAMINNELSE),
        (M.LOKALLAGSLEDERE, M.TILLITSVALGTE),
    ),
    R.LEDERMOTE_OPPMOTE: (M.ADMINISTRATORER, M.FYLKESSTYRET),
    **dict.fromkeys((R.DATOPLAN_FRIST_1, R.DATOPLAN_FRIST_2), (M.ANSVARLIG, M.ADMINISTRATORER)),
    R.DATOPLAN_FORFALT: (M.ADMINISTRATORER, M.FYLKESLEDER_OG_ADMIN),
    R.HALVAARSREGEL: (M.FYLKESLEDER_OG_ADMIN, M.ADMINISTRATORER),
    R.UKESAMMENDRAG: (M.FYLKESSTYRET, M.ADMINISTRATORER),
    R.ARSMOTE_PURRING: (M.LOKALLAGSLEDERE, M.TILLITSVALGTE),
    R.INVITASJON_PAAMINNELSE: (),
    R.VELKOMMEN: (),
    R.VAKT_PAAMINNELSE: (),
    R.VALGKAMP_PURRING: (M.LOKALLAGSLEDERE, M.TILLITSVALGTE),
}

# Rules whose weekday the admin sets (the others follow their occasion).
REGLER_MED_UKEDAG = frozenset({R.TIRSDAGSMOTE, R.LEDERMOTE_OPPRETT, R.UKESAMMENDRAG})
UKEDAGER = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]


class PaaminnelsesregelQuerySet(models.QuerySet):
    def sikre_standard(self) -> dict[str, Paaminnelsesregel]:
        """Every rule exists (with its defaults the first time); returns them by key."""
        rules = {regel.nokkel: regel for regel in self.model.objects.all()}
        if len(rules) >= len(STANDARDREGLER):
            return rules
        self.model.objects.bulk_create(
            [
                self.model(
                    nokkel=key,
                    ukedag=ukedag,
                    klokkeslett=tid,
                    dager=dager,
                    mottakere=mottakere,
                    tekst=tekst,
                )
                for key, (ukedag, tid, dager, mottakere, tekst) in STANDARDREGLER.items()
            ],
            ignore_conflicts=True,
        )
        return {regel.nokkel: regel for regel in self.model.objects.all()}


class Paaminnelsesregel(models.Model):
    """One rule of the rhythm, as the admins set it in the portal. The planner reads the rules
    on every tick, so a change applies from the next tick."""

    nokkel = models.CharField(_("regel"), max_length=30, choices=Regeltype.choices, unique=True)
    aktiv = models.BooleanField(_("aktiv"), default=True, help_text=_("Av: regelen er pauset."))
    ukedag = models.PositiveSmallIntegerField(_("ukedag"), choices=UKEDAGER, null=True, blank=True)
    klokkeslett = models.TimeField(_("klokkeslett"))
    dager = models.SmallIntegerField(_("dager"), default=0)
    mottakere = models.CharField(
        _("mottakere"), max_length=30, choices=Mottakere.choices, blank=True
    )
    tekst = models.CharField(_("tekst"), max_length=300, blank=True)
    pause_fra = models.DateField(_("pause fra"), null=True, blank=True)
    pause_til = models.DateField(_("pause til"), null=True, blank=True)
    hopp_over_helligdager = models.BooleanField(
        _("ikke på helligdager"),
        default=True,
        help_text=_(
            "Offentlige helligdager, julaften og nyttårsaften: ingen tirsdagsmøte, og "
            "påminnelser sendes neste virkedag."
        ),
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PaaminnelsesregelQuerySet.as_manager()

    class Meta:
        verbose_name = _("påminnelsesregel")
        verbose_name_plural = _("påminnelsesregler")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pause_til__isnull=True)
                | Q(pause_fra__isnull=True)
                | Q(pause_til__gte=models.F("pause_fra")),
                name="paaminnelsesregel_pause_til_etter_fra",
                violation_error_message=_("Pausen kan ikke slutte før den begynner."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_nokkel_display()

    def clean(self) -> None:
        if self.pause_fra and self.pause_til and self.pause_til < self.pause_fra:
            raise ValidationError({"pause_til": _("Pausen kan ikke slutte før den begynner.")})

    def gjelder(self, dato: datetime.date) -> bool:
        """The rule applies to an occasion on this day: active and not in its pause (a pause
        with only a start lasts until further notice; with only an end, it is over then)."""
        if not self.aktiv:
            return False
        if self.pause_fra is None and self.pause_til is None:
            return True
        started = self.pause_fra is None or dato >= self.pause_fra
        ended = self.pause_til is not None and dato > self.pause_til
        return not started or ended

    def avlyses_fordi(self, dato: datetime.date) -> str:
        """For the call's rule: why the rhythm holds no call on ``dato`` (an ``AvlystGrunn``
        value), or "" when it is held."""
        if not self.gjelder(dato):
            return "pause"
        if self.hopp_over_helligdager and fridag(dato):
            return "helligdag"
        return ""

    def tidspunkt(self, dato: datetime.date) -> datetime.datetime:
        """When this rule fires for an occasion on ``dato``: ``dager`` days before, at its time;
        a day off moves it to the next working day (a count request or a deadline still has to
        reach its reader: skipping would lose it, and a reminder moved past its meeting's start
        is dropped by the planner's deadline)."""
        day = dato - datetime.timedelta(days=self.dager)
        if self.hopp_over_helligdager:
            day = neste_virkedag(day)
        return datetime.datetime.combine(
            day, self.klokkeslett, tzinfo=timezone.get_default_timezone()
        )


class Art(models.TextChoices):
    """What a delivery is: the kinds of reminders and the date plan's mails."""

    TIRSDAG_PAAMINNELSE = "tirsdag_paaminnelse", _("Påminnelse om tirsdagsmøtet")
    TIRSDAG_ANTALL = "tirsdag_antall", _("Registrer antall på tirsdagsmøtet")
    LEDERMOTE_INVITASJON = "ledermote_invitasjon", _("Invitasjon til lokallagsledermøtet")
    LEDERMOTE_PAAMINNELSE = "ledermote_paaminnelse", _("Påminnelse om lokallagsledermøtet")
    LEDERMOTE_OPPMOTE = "ledermote_oppmote", _("Registrer oppmøte på lokallagsledermøtet")
    DATOPLAN_FRIST = "datoplan_frist", _("Påminnelse om punkt i datoplanen")
    DATOPLAN_FORFALT = "datoplan_forfalt", _("Punkt i datoplanen ikke markert avholdt")
    HALVAARSREGEL = "halvaarsregel", _("Halvårsregelen for fylkesstyremøter")
    UKESAMMENDRAG = "ukesammendrag", _("Ukesammendrag")
    DATOPLAN = "datoplan", _("Datoplanen")
    DATOPLAN_ENDRINGER = "datoplan_endringer", _("Endringer i datoplanen")
    ARSMOTE_INNKALLING = "arsmote_innkalling", _("Innkalling til årsmøte")
    ARSMOTE_PURRING = "arsmote_purring", _("Påminnelse om årsmøtet")
    NYHETSBREV = "nyhetsbrev", _("Nyhetsbrev")
    INVITASJON = "invitasjon", _("Invitasjon")
    INVITASJON_PAAMINNELSE = (
        "invitasjon_paaminnelse",
        _("Påminnelse om aktivitet du har svart ja til"),
    )
    VELKOMMEN = "velkommen", _("Velkommen som medlem")
    VAKT_INVITASJON = "vakt_invitasjon", _("Invitasjon til å ta en vakt")
    VAKT_PAAMINNELSE = "vakt_paaminnelse", _("Påminnelse om vakten din")
    VALGKAMP_PURRING = "valgkamp_purring", _("Påminnelse om valgkampplanen")


# Deliveries that need the member's consent to reminders. The date plan itself goes to every
# chapter leader as part of the office.
# Mail every member is entitled to by the statutes (the notice of the annual meeting): no
# consent asked, and no unsubscribe link, for there is no list to leave.
# A shift's reminder goes to whoever took the shift: they asked for it.
MEDLEMSPOST = frozenset({Art.ARSMOTE_INNKALLING, Art.VELKOMMEN, Art.VAKT_PAAMINNELSE})
# Mail to a mailing list: the list's own consent (``medlemmer.models.SAMTYKKEFELT``) and its own
# one-click unsubscribe, not the reminders'.
LISTEPOST = frozenset(
    {Art.NYHETSBREV, Art.INVITASJON, Art.INVITASJON_PAAMINNELSE, Art.VAKT_INVITASJON}
)
ARTER_MED_SAMTYKKE = frozenset(
    set(Art.values) - {Art.DATOPLAN, Art.DATOPLAN_ENDRINGER} - MEDLEMSPOST - LISTEPOST
)


class Leveringsstatus(models.TextChoices):
    VENTER = "venter", _("Venter")
    SENDER = "sender", _("Sendes")
    SENDT = "sendt", _("Sendt")
    HOPPET_OVER = "hoppet_over", _("Ikke sendt")
    FEILET = "feilet", _("Feilet")
    AVVIST = "avvist", _("Avvist av mottakeren (bounce)")


class Kanal(models.TextChoices):
    EPOST = "epost", _("E-post")
    SMS = "sms", _("SMS")


class PaaminnelseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Deliveries name who got what: admins only."""
        return self if access_for(user).is_admin else self.none()

    def klare(self, naa: datetime.datetime | None = None):
        """Due to send now: pending and due, or claimed by a sender whose lease ran out (a
        worker killed mid-run)."""
        naa = naa or timezone.now()
        return self.filter(
            Q(status=Leveringsstatus.VENTER, neste_forsok__lte=naa)
            | Q(status=Leveringsstatus.SENDER, laast_til__lt=naa)
        )

    def feilet(self):
        return self.filter(status=Leveringsstatus.FEILET)


class Paaminnelse(models.Model):
    """One delivery of one mail to one recipient (a member, or an admin's login)."""

    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    # What the mail is about, as a stable key: "aktivitet-12-tirsdag_morgen", "2026-H1", …
    anledning = models.CharField(_("anledning"), max_length=100)
    mottaker = models.ForeignKey(
        "medlemmer.Medlem",
        verbose_name=_("mottaker"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paaminnelser",
    )
    mottaker_bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker (administrator)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paaminnelser",
    )
    aktivitet = models.ForeignKey(
        "aktiviteter.Aktivitet",
        verbose_name=_("aktivitet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paaminnelser",
    )
    punkt = models.ForeignKey(
        "aktiviteter.Datoplanpunkt",
        verbose_name=_("datoplanpunkt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paaminnelser",
    )
    utsending = models.ForeignKey(
        "aktiviteter.Datoplanutsending",
        verbose_name=_("utsending"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leveringer",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Leveringsstatus.choices,
        default=Leveringsstatus.VENTER,
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    neste_forsok = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    laast_til = models.DateTimeField(_("under sending til"), null=True, blank=True)
    forsok = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    sendt = models.DateTimeField(_("sendt"), null=True, blank=True)
    feil = models.CharField(_("siste feil"), max_length=300, blank=True)
    kanal = models.CharField(_("kanal"), max_length=5, choices=Kanal.choices, default=Kanal.EPOST)
    # The provider's id of the sent message, to match its bounce report (empty for SMTP).
    melding_id = models.CharField(_("meldings-ID"), max_length=200, blank=True)

    objects = PaaminnelseQuerySet.as_manager()

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-opprettet", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["art", "anledning", "mottaker"],
                condition=Q(mottaker__isnull=False),
                name="paaminnelse_en_per_medlem",
            ),
            models.UniqueConstraint(
                fields=["art", "anledning", "mottaker_bruker"],
                condition=Q(mottaker_bruker__isnull=False),
                name="paaminnelse_en_per_bruker",
            ),
            models.CheckConstraint(
                condition=Q(mottaker__isnull=False, mottaker_bruker__isnull=True)
                | Q(mottaker__isnull=True, mottaker_bruker__isnull=False),
                name="paaminnelse_en_mottaker",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "neste_forsok"]),
            models.Index(fields=["art", "anledning"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.anledning})"
