"""The member register. Party membership is special-category data (GDPR Art. 9): every read
goes through ``Medlem.objects.visible_to(user)``."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Concat, Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for


class Kjonn(models.TextChoices):
    KVINNE = "K", _("Kvinne")
    MANN = "M", _("Mann")
    ANNET = "A", _("Annet / ikke oppgitt")


class Liste(models.TextChoices):
    """The mailing lists a member consents to one by one (``Medlem.samtykke_*``)."""

    FYLKET = "fylket", _("Nyhetsbrev fra fylkeslaget")
    LOKALLAGET = "lokallaget", _("Nyhetsbrev fra lokallaget")
    KVINNENETTVERKET = "kvinnenettverket", _("Nyhetsbrev fra kvinnenettverket")
    UNGDOMMEN = "ungdommen", _("Nyhetsbrev fra Senterungdommen")
    INVITASJONER = "invitasjoner", _("Invitasjoner til aktiviteter")


# The member's consent field of each list.
SAMTYKKEFELT: dict[str, str] = {
    Liste.FYLKET: "samtykke_fylket",
    Liste.LOKALLAGET: "samtykke_lokallaget",
    Liste.KVINNENETTVERKET: "samtykke_kvinnenettverket",
    Liste.UNGDOMMEN: "samtykke_ungdommen",
    Liste.INVITASJONER: "samtykke_invitasjoner",
}


class Vervekampanje(models.Model):
    """A recruitment drive: a named period with a target of new members."""

    navn = models.CharField(_("navn"), max_length=120)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    fra_dato = models.DateField(_("fra"))
    til_dato = models.DateField(_("til"))
    maal = models.PositiveIntegerField(_("mål (nye medlemmer)"), default=0)
    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Tomt for en kampanje i hele fylket."),
    )

    class Meta:
        verbose_name = _("vervekampanje")
        verbose_name_plural = _("vervekampanjer")
        ordering = ["-fra_dato"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__gte=models.F("fra_dato")),
                name="vervekampanje_til_etter_fra",
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            )
        ]

    def __str__(self) -> str:
        return self.navn


class MedlemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The members this user may see: one place decides (see buskerud_sp.core.access)."""
        access = access_for(user)
        if access.sees_all_members:
            return self
        q = Q(lokallag_id__in=access.officer_chapter_ids)
        if access.medlem_id:
            q |= Q(pk=access.medlem_id)
        return self.filter(q) if (access.officer_chapter_ids or access.medlem_id) else self.none()

    def aktive(self, dato: datetime.date | None = None):
        """Members on the given day (today by default)."""
        dato = dato or timezone.localdate()
        return self.filter(Q(utmeldt__isnull=True) | Q(utmeldt__gt=dato), innmeldt__lte=dato)

    def utmeldte(self):
        return self.filter(utmeldt__isnull=False, utmeldt__lte=timezone.localdate())

    def ikke_anonymisert(self):
        return self.filter(anonymisert__isnull=True)

    def til_anonymisering(self, dato: datetime.date | None = None, grace_days: int = 0):
        """Members who left (at least ``grace_days`` ago) without consenting to the archive."""
        dato = dato or timezone.localdate()
        cutoff = dato - datetime.timedelta(days=grace_days)
        return self.ikke_anonymisert().filter(
            utmeldt__isnull=False, utmeldt__lte=cutoff, samtykke_arkiv=False
        )

    def kontingent_forfalt(self, dato: datetime.date | None = None, months: int = 6):
        """Current members whose dues are more than ``months`` overdue."""
        dato = dato or timezone.localdate()
        cutoff = dato - datetime.timedelta(days=round(months * 30.44))
        return self.aktive(dato).filter(kontingent_betalt_til__lt=cutoff)

    def innmeldt_i(self, aar: int):
        """Members who joined in the given year (they count as recruited that year)."""
        return self.filter(innmeldt__year=aar)

    def sok(self, tekst: str):
        """Search by name, e-mail or phone; every word must match somewhere."""
        qs = self
        for word in _search_words(tekst)[:6]:
            digits = "".join(ch for ch in word if ch.isdigit())
            if digits.startswith("00"):
                digits = digits[2:]  # «0047 959…» is stored as «+47959…»
            q = Q(sok_tekst__contains=word.upper())
            if len(digits) >= 3:
                q |= Q(telefon__contains=digits)
            qs = qs.filter(q)
        return qs

    def i_aldersgruppe(self, fra: int | None, til: int | None, dato: datetime.date | None = None):
        """Members aged at least ``fra`` and at most ``til`` years on the given day."""
        dato = dato or timezone.localdate()
        qs = self
        if fra is not None:
            qs = qs.filter(fodselsdato__lte=_years_before(dato, fra))
        if til is not None:
            qs = qs.filter(fodselsdato__gt=_years_before(dato, til + 1))
        return qs


def _search_words(tekst: str) -> list[str]:
    """The words of a search, with a number typed in groups («959 42 026», «+47 959 42 026»)
    joined into one word, since phones are stored without spaces (E.164)."""
    words: list[str] = []
    joinable = False
    for word in tekst.split():
        is_number = word.removeprefix("+").isdigit()
        if is_number and joinable and not word.startswith("+"):
            words[-1] += word
        else:
            words.append(word)
        joinable = is_number
    return words


def innmeldt_feil(innmeldt: datetime.date | None, today: datetime.date) -> str | None:
    """Why a joining date cannot be used, or None. A membership starts when it is registered:
    a date ahead would count the member in a year's targets before they have joined."""
    if innmeldt and innmeldt > today:
        return str(_("Innmeldingsdatoen kan ikke være fram i tid."))
    return None


def _years_before(dato: datetime.date, years: int) -> datetime.date:
    try:
        return dato.replace(year=dato.year - years)
    except ValueError:  # 29 February
        return dato.replace(year=dato.year - years, day=28)


class Medlem(models.Model):
    """A member of the party, registered in one chapter."""

    # The national register's number; NULL for members not (yet) in the register.
    medlemsnummer = models.CharField(
        _("medlemsnummer"), max_length=20, null=True, blank=True, unique=True
    )
    fornavn = models.CharField(_("fornavn"), max_length=100)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    # NULL, not "", when missing: the unique constraint must allow many members without e-mail.
    epost = models.EmailField(_("e-post"), null=True, blank=True)  # noqa: DJ001
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    fodselsdato = models.DateField(_("fødselsdato"), null=True, blank=True)
    kjonn = models.CharField(_("kjønn"), max_length=1, choices=Kjonn.choices, default=Kjonn.ANNET)
    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.PROTECT,
        related_name="medlemmer",
    )
    innmeldt = models.DateField(_("innmeldt"))
    utmeldt = models.DateField(_("utmeldt"), null=True, blank=True)
    utmeldingsgrunn = models.CharField(_("grunn til utmelding"), max_length=200, blank=True)
    vervet_av = models.ForeignKey(
        "self",
        verbose_name=_("vervet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vervede",
    )
    vervekampanje = models.ForeignKey(
        Vervekampanje,
        verbose_name=_("vervekampanje"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medlemmer",
    )
    folkevalgt = models.BooleanField(_("folkevalgt"), default=False)
    folkevalgt_verv = models.CharField(
        _("folkevalgt i"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Gol kommunestyre»."),
    )
    senterungdommen = models.BooleanField(_("medlem av Senterungdommen"), default=False)
    senterkvinnene = models.BooleanField(_("medlem av Senterkvinnene"), default=False)
    samtykke_paaminnelser = models.BooleanField(
        _("samtykker til påminnelser på e-post"), default=False
    )
    # Consent per mailing list (``Liste``): without it the member never receives the list.
    samtykke_fylket = models.BooleanField(_("nyhetsbrev fra fylkeslaget"), default=False)
    samtykke_lokallaget = models.BooleanField(_("nyhetsbrev fra lokallaget"), default=False)
    samtykke_kvinnenettverket = models.BooleanField(
        _("nyhetsbrev fra kvinnenettverket"), default=False
    )
    samtykke_ungdommen = models.BooleanField(_("nyhetsbrev fra Senterungdommen"), default=False)
    samtykke_invitasjoner = models.BooleanField(_("invitasjoner til aktiviteter"), default=False)
    foretrekker_sms = models.BooleanField(
        _("vil heller ha SMS enn e-post"),
        default=False,
        help_text=_("Gjelder nyhetsbrev og invitasjoner som også sendes på SMS."),
    )
    kontingent_betalt_til = models.DateField(_("kontingent betalt til"), null=True, blank=True)
    samtykke_arkiv = models.BooleanField(
        _("samtykker til historisk arkiv"),
        default=False,
        help_text=_("Uten dette samtykket anonymiseres opplysningene når medlemskapet slutter."),
    )
    anonymisert = models.DateTimeField(_("anonymisert"), null=True, blank=True)
    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("innlogging"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medlem",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)
    # What the search reads: one column instead of three (the name words and the address in
    # capitals), kept by the database; a trigram index answers it on PostgreSQL (migration
    # 0005). A search word has no space, so it matches within one of the three, as before.
    sok_tekst = models.GeneratedField(
        expression=Upper(
            Concat(
                "fornavn",
                models.Value(" "),
                "etternavn",
                models.Value(" "),
                Coalesce("epost", models.Value("")),
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )

    objects = MedlemQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")
        ordering = ["etternavn", "fornavn", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("epost"),
                condition=Q(epost__isnull=False),
                name="medlem_unik_epost",
                violation_error_message=_(
                    "Det finnes allerede et medlem med denne e-postadressen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(utmeldt__isnull=True) | Q(utmeldt__gte=models.F("innmeldt")),
                name="medlem_utmeldt_etter_innmeldt",
                violation_error_message=_("Utmeldt kan ikke være før innmeldt."),
            ),
        ]
        indexes = [
            models.Index(fields=["lokallag", "etternavn", "fornavn"]),
            models.Index(fields=["innmeldt"]),
            models.Index(fields=["utmeldt"]),
            models.Index(fields=["telefon"]),
        ]

    def __str__(self) -> str:
        return self.navn

    def get_absolute_url(self) -> str:
        return reverse("medlemmer:detail", kwargs={"pk": self.pk})

    @property
    def navn(self) -> str:
        return self.navn_av(self.fornavn, self.etternavn, self.anonymisert)

    @staticmethod
    def navn_av(fornavn: str, etternavn: str, anonymisert: datetime.datetime | None) -> str:
        """The name shown for a member (of a row read without the model, e.g. a list's)."""
        if anonymisert:
            return str(_("Anonymisert medlem"))
        return f"{fornavn} {etternavn}".strip()

    def er_aktiv(self, dato: datetime.date | None = None) -> bool:
        dato = dato or timezone.localdate()
        return self.innmeldt <= dato and (self.utmeldt is None or self.utmeldt > dato)

    def alder(self, dato: datetime.date | None = None) -> int | None:
        if not self.fodselsdato:
            return None
        dato = dato or timezone.localdate()
        b = self.fodselsdato
        return dato.year - b.year - ((dato.month, dato.day) < (b.month, b.day))


class ImportStatus(models.TextChoices):
    FORHANDSVIST = "forhandsvist", _("Venter på bekreftelse")
    IMPORTERT = "importert", _("Importert")
    AVBRUTT = "avbrutt", _("Avbrutt")
    UTLOPT = "utlopt", _("Utløpt")


class MedlemsimportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Imports hold whole register files: admins only (see buskerud_sp.core.access)."""
        return self if access_for(user).is_admin else self.none()

    def logg(self):
        """The import log, without the heavy columns."""
        return self.defer("fil", "tolkning", "rapport").select_related("opprettet_av")


class Medlemsimport(models.Model):
    """One upload of a file from the national member register.

    The file (and its parsed rows) stay here between the preview and the admin's
    confirmation, and are wiped once the import is done, cancelled or expired; the counts
    remain as the import log."""

    filnavn = models.CharField(_("filnavn"), max_length=255)
    fil = models.BinaryField(_("fil"), editable=False)
    # The preview's parsed rows (medlemmer.importing.stored), so that confirming does not
    # parse the file again; personal data like the file, and wiped with it.
    tolkning = models.BinaryField(_("tolkning"), editable=False, blank=True, default=b"")
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.FORHANDSVIST
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    fullfort = models.DateTimeField(_("fullført"), null=True, blank=True)
    antall_nye = models.PositiveIntegerField(_("nye"), default=0)
    antall_endret = models.PositiveIntegerField(_("endret"), default=0)
    antall_uendret = models.PositiveIntegerField(_("uendret"), default=0)
    antall_avvist = models.PositiveIntegerField(_("avvist"), default=0)
    # What the preview shows: rejected rows, changed rows, ignored columns, and a fingerprint
    # of the planned changes (see medlemmer.importing.analysis).
    rapport = models.JSONField(_("rapport"), default=dict, blank=True)

    objects = MedlemsimportQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemsimport")
        verbose_name_plural = _("medlemsimporter")
        ordering = ["-opprettet", "-pk"]

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.opprettet:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("medlemmer:import_detail", kwargs={"pk": self.pk})

    @property
    def venter(self) -> bool:
        return self.status == ImportStatus.FORHANDSVIST


class Forslagsstatus(models.TextChoices):
    VENTER = "venter", _("Venter på administrator")
    GODKJENT = "godkjent", _("Innmeldt")
    AVVIST = "avvist", _("Avvist")


class InnmeldingsforslagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins see every proposal; a chapter's officers their chapter's."""
        access = access_for(user)
        if access.is_admin:
            return self
        ids = access.officer_chapter_ids
        return self.filter(lokallag_id__in=ids) if ids else self.none()

    def venter(self):
        return self.filter(status=Forslagsstatus.VENTER)


class Innmeldingsforslag(models.Model):
    """A chapter leader's proposal of a new member; an admin confirms it against the national
    member register (where the membership itself is made) and the member is then added here."""

    lokallag = models.ForeignKey(
        "lokallag.Lokallag",
        verbose_name=_("lokallag"),
        on_delete=models.CASCADE,
        related_name="innmeldingsforslag",
    )
    fornavn = models.CharField(_("fornavn"), max_length=100)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    epost = models.EmailField(_("e-post"), blank=True)
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    fodselsdato = models.DateField(_("fødselsdato"), null=True, blank=True)
    vervet_av = models.ForeignKey(
        Medlem,
        verbose_name=_("vervet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kommentar = models.CharField(_("kommentar"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Forslagsstatus.choices, default=Forslagsstatus.VENTER
    )
    foreslatt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("foreslått av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("foreslått"), auto_now_add=True)
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandlet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    behandlet = models.DateTimeField(_("behandlet"), null=True, blank=True)
    avvisningsgrunn = models.CharField(_("grunn til avvisning"), max_length=300, blank=True)
    medlem = models.OneToOneField(
        Medlem,
        verbose_name=_("medlem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innmeldingsforslag",
    )

    objects = InnmeldingsforslagQuerySet.as_manager()

    class Meta:
        verbose_name = _("forslag om nytt medlem")
        verbose_name_plural = _("forslag om nye medlemmer")
        ordering = ["-opprettet"]

    def __str__(self) -> str:
        return f"{self.fornavn} {self.etternavn} ({self.get_status_display()})"
