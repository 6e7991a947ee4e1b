"""Factories for test data. Personas are built from these in conftest.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from lokallag.models import Distrikt, Lokallag, Niva, Rolle, Verv
from medlemmer.models import ImportStatus, Kjonn, Medlem, Medlemsimport


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"bruker{n}@test.no")
    password = factory.django.Password("riktig-passord-123")


class DistriktFactory(DjangoModelFactory):
    class Meta:
        model = Distrikt
        django_get_or_create = ("slug",)

    navn = factory.Sequence(lambda n: f"Distrikt {n}")
    slug = factory.Sequence(lambda n: f"distrikt-{n}")


class LokallagFactory(DjangoModelFactory):
    class Meta:
        model = Lokallag
        django_get_or_create = ("slug",)

    navn = factory.Sequence(lambda n: f"Lokallag {n} Sp")
    slug = factory.Sequence(lambda n: f"lokallag-{n}")
    kommune = factory.Sequence(lambda n: f"Kommune {n}")
    distrikt = factory.SubFactory(DistriktFactory)
    niva = Niva.LOKAL


class FylkeslagFactory(LokallagFactory):
    navn = "Testfylket Senterparti"
    slug = "fylkeslaget"
    niva = Niva.FYLKE
    distrikt = None


class MedlemFactory(DjangoModelFactory):
    class Meta:
        model = Medlem

    fornavn = factory.Sequence(lambda n: f"Fornavn{n}")
    etternavn = factory.Sequence(lambda n: f"Etternavn{n}")
    epost = factory.Sequence(lambda n: f"medlem{n}@test.no")
    telefon = factory.Sequence(lambda n: f"+479{n:07d}")
    kjonn = Kjonn.MANN
    fodselsdato = datetime.date(1970, 1, 1)
    lokallag = factory.SubFactory(LokallagFactory)
    innmeldt = datetime.date(2020, 1, 1)


class VervFactory(DjangoModelFactory):
    class Meta:
        model = Verv

    medlem = factory.SubFactory(MedlemFactory)
    enhet = factory.SelfAttribute("medlem.lokallag")
    rolle = Rolle.LEDER
    fra_dato = datetime.date(2020, 1, 1)


class MedlemsimportFactory(DjangoModelFactory):
    """A previewed import of a small file (the file is not analysed: see medlemmer.importing)."""

    class Meta:
        model = Medlemsimport

    filnavn = "register.csv"
    fil = b"medlemsnummer,fornavn,etternavn,lokallag,innmeldt\r\n"
    status = ImportStatus.FORHANDSVIST


# --- Activities ---------------------------------------------------------------------------


class AktivitetFactory(DjangoModelFactory):
    class Meta:
        model = "aktiviteter.Aktivitet"

    type = "styremote"
    enhet = factory.SubFactory(LokallagFactory)
    tittel = factory.Sequence(lambda n: f"Aktivitet {n}")
    dato = datetime.date(2026, 3, 10)
    starttid = datetime.time(19, 0)
    sluttid = datetime.time(21, 0)
    status = "avholdt"


class StudietiltakFactory(DjangoModelFactory):
    class Meta:
        model = "aktiviteter.Studietiltak"

    tittel = factory.Sequence(lambda n: f"Kurs {n}")
    studieplan = "gronne_hjulet"
    arrangor = factory.SubFactory(LokallagFactory)
    kursleder = factory.SubFactory(MedlemFactory, lokallag=factory.SelfAttribute("..arrangor"))


class KursdeltakerFactory(DjangoModelFactory):
    class Meta:
        model = "aktiviteter.Kursdeltaker"

    studietiltak = factory.SubFactory(StudietiltakFactory)
    medlem = factory.SubFactory(
        MedlemFactory, lokallag=factory.SelfAttribute("..studietiltak.arrangor")
    )


class SamlingFactory(AktivitetFactory):
    """A held study session of a course (enhet follows the course's organiser)."""

    type = "studiesamling"
    studietiltak = factory.SubFactory(StudietiltakFactory)
    enhet = factory.SelfAttribute("studietiltak.arrangor")
    tittel = factory.SelfAttribute("studietiltak.tittel")
    digitalt = False
    # A digital session is live unless a test says otherwise (SpS counts only live ones).
    sanntid = factory.LazyAttribute(lambda o: True if o.digitalt else None)


# --- Follow-up of the chapters (issue 10) ----------------------------------------------------


class OppfolgingFactory(DjangoModelFactory):
    """A phone call with a chapter three days ago. A follow-up needs ``neste_steg``, ``frist``
    and ``ansvarlig`` (a board member or one of the chapter's officers)."""

    class Meta:
        model = "lokallag.Oppfolging"

    lokallag = factory.SubFactory(LokallagFactory)
    dato = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    kontaktform = "telefon"
    referat = "Snakket om valgkampen og medlemsmøtet i mars."


class MedieoppslagFactory(DjangoModelFactory):
    class Meta:
        model = "lokallag.Medieoppslag"

    lokallag = factory.SubFactory(LokallagFactory)
    type = "leserinnlegg"
    dato = datetime.date(2026, 2, 3)
    medium = "Hallingdølen"
    tittel = factory.Sequence(lambda n: f"Innlegg om bredbånd {n}")
