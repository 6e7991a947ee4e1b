"""The demo organisation's members' mail: consent to the lists, sent newsletters with what
happened to each copy, and invitations with answers; loading it again doubles nothing."""

import pytest
from django.db.models import Count

from aktiviteter.paaminnelser.models import Kanal, Leveringsstatus, Paaminnelse
from aktiviteter.utsendinger.models import Invitasjonssvar, Svar, Utsending, Utsendingsart
from buskerud_sp.demodata import load_all
from medlemmer.models import SAMTYKKEFELT, Medlem

pytestmark = pytest.mark.django_db
S = Leveringsstatus


def rows(utsending):
    return Paaminnelse.objects.filter(art=utsending.art, anledning=utsending.anledning)


def test_a_realistic_share_of_the_members_consented_and_a_few_prefer_sms(demo_org):
    members = Medlem.objects.count()
    assert 0.5 < Medlem.objects.filter(samtykke_fylket=True).count() / members < 0.7
    assert 0.4 < Medlem.objects.filter(samtykke_lokallaget=True).count() / members < 0.6
    # The networks' lists only for their members.
    assert not Medlem.objects.filter(samtykke_kvinnenettverket=True, senterkvinnene=False).exists()
    assert not Medlem.objects.filter(samtykke_ungdommen=True, senterungdommen=False).exists()
    assert Medlem.objects.filter(samtykke_kvinnenettverket=True).exists()
    assert 0 < Medlem.objects.filter(foretrekker_sms=True).count() < members * 0.1


def test_sent_newsletters_show_what_happened_to_each_copy(demo_org):
    newsletters = Utsending.objects.sendte().filter(art=Utsendingsart.NYHETSBREV)
    assert {(u.avsender.slug, u.gruppe) for u in newsletters} == {
        ("fylkeslaget", "alle"),
        ("drammen", "alle"),
        ("fylkeslaget", "senterkvinnene"),
    }
    statuses = set()
    for utsending in newsletters:
        copies = rows(utsending)
        assert copies.count() == utsending.antall_epost + utsending.antall_sms > 0
        assert copies.filter(status=S.SENDT).count() > copies.count() * 0.9
        statuses |= set(copies.values_list("status", flat=True))
        # Nobody got a list's mail without its consent, but those who left through it.
        field = SAMTYKKEFELT[utsending.liste]
        without = copies.filter(**{f"mottaker__{field}": False}).count()
        assert without == utsending.antall_avmeldt
        if utsending.avsender.slug == "drammen":
            assert set(copies.values_list("mottaker__lokallag__slug", flat=True)) == {"drammen"}
    assert statuses == {S.SENDT, S.FEILET, S.AVVIST}
    assert sum(u.antall_avmeldt for u in newsletters) == 2
    assert not Paaminnelse.objects.exclude(feil="").filter(feil__contains="@").exists()


def test_invitations_to_coming_activities_have_answers(demo_org):
    invitations = Utsending.objects.filter(art=Utsendingsart.INVITASJON)
    assert invitations.count() == 3
    for utsending in invitations:
        assert utsending.aktivitet.dato > utsending.sendt.date()
        answered = set(utsending.svar.values_list("svar", flat=True))
        assert answered == {Svar.JA, Svar.NEI}
        assert utsending.svar.count() < rows(utsending).count()  # some have not answered
        assert not utsending.svar.exclude(
            medlem__in=rows(utsending).values("mottaker")
        ).exists()  # only those invited answer
    sms = Paaminnelse.objects.filter(kanal=Kanal.SMS)
    assert sms.exists() and not sms.exclude(anledning__startswith="utsending-").exists()


def test_loading_again_doubles_and_changes_nothing(demo_org):
    before = (
        list(Utsending.objects.values_list("pk", "antall_epost", "antall_sms", "antall_avmeldt")),
        Paaminnelse.objects.count(),
        sorted(Invitasjonssvar.objects.values_list("utsending", "medlem", "svar")),
        Medlem.objects.filter(samtykke_fylket=True).count(),
    )
    load_all(password="demo-passord-2024")
    after = (
        list(Utsending.objects.values_list("pk", "antall_epost", "antall_sms", "antall_avmeldt")),
        Paaminnelse.objects.count(),
        sorted(Invitasjonssvar.objects.values_list("utsending", "medlem", "svar")),
        Medlem.objects.filter(samtykke_fylket=True).count(),
    )
    assert after == before
    assert not (
        Utsending.objects.values("avsender", "emne").annotate(n=Count("pk")).filter(n__gt=1)
    ).exists()
