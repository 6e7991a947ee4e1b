from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = _("Aktiviteter")

    def ready(self) -> None:
        # Registrations only: the apps below (lokallag, medlemmer), the base layer and the
        # lower slices (the activity slice's iCal feed and Tuesday calls) show what this app or a higher slice
        # owns without importing it.
        from anymail.signals import tracking

        from buskerud_sp.core import member_picker, svar
        from buskerud_sp.core.dataversion import on_change
        from lokallag import providers as lokallag_providers
        from medlemmer import providers as medlemmer_providers

        from . import innsyn  # noqa: F401  (registers what the app holds about a member)
        from .aktivitet import ical
        from .aktivitet.models import Aktivitet
        from .aktivitet.models.aktivitet import reiserundestopp
        from .aktivitet.selectors import participations_of, register_expected_participants
        from .aktivitet.services import tirsdag
        from .arsmote import maaling as arsmote_maaling
        from .arsmote import oppfolging as arsmote_oppfolging
        from .arsmote.services import innkalling as arsmote_innkalling
        from .arsmote.views import innkalling as arsmote_innkalling_views
        from .dashbord import snapshot, tasks
        from .dashbord.models import Maaling
        from .dashbord.paneler import registrer_panel
        from .dashbord.sources import SOURCES
        from .datoplan import visning
        from .gjoremal import gjoremal_for
        from .paaminnelser.models import Art, Regeltype
        from .paaminnelser.services import avvisninger
        from .paaminnelser.services.innhold import registrer_innhold, registrer_sms_innhold
        from .paaminnelser.services.planlegging import registrer_kilde
        from .paaminnelser.services.regler import tirsdagsregel
        from .utsendinger.services import avvisninger as utsending_avvisninger
        from .utsendinger.services import invitasjoner, invitasjonspost, nyhetsbrev, velkommen
        from .utsendinger.services import sms as utsendinger_sms
        from .utsendinger.views import invitasjoner as invitasjoner_views
        from .valg import maaling as valg_maaling
        from .valg import oppfolging as valg_oppfolging
        from .valg import resultatmaaling, resultatvisning
        from .valg.services import vakter as valg_vakter
        from .valg.services import vaktpost
        from .valg.views import vakter as vakter_views

        snapshot.connect_signals()
        on_change(tasks.plan_refresh)
        lokallag_providers.register_activities(
            activities=Aktivitet.objects.all, new_tour_stop=reiserundestopp
        )
        lokallag_providers.register_waiting_for(waiting_for=gjoremal_for)
        medlemmer_providers.register_participations(participations_of)
        ical.register_feed_source(visning.feed_events)
        tirsdag.register_call_rule(tirsdagsregel)
        member_picker.register_search_url("aktiviteter:member_search")
        # The annual meeting's notice: its mail, and its papers behind /svar/<token>/.
        registrer_innhold(Art.ARSMOTE_INNKALLING, arsmote_innkalling.innkalling_innhold)
        svar.register(
            arsmote_innkalling.SVAR_ART,
            arsmote_innkalling_views.papirer_svar,
            max_age=arsmote_innkalling.PAPIRER_LEVETID,
        )
        # The annual meeting cycle's follow-up: its dashboard target (and the figures refresh
        # when a meeting or report changes), the warnings on the board's follow-up pages, and
        # the reminders to the leaders of chapters behind.
        SOURCES[Maaling.ARSMOTE] = arsmote_maaling.arsmote_i_tide
        for label in ("aktiviteter.Arsmote", "aktiviteter.Arsmelding"):
            snapshot.watch(label)
        lokallag_providers.register_cycle_warnings(
            cycle_warnings=arsmote_oppfolging.varsler_for_lag
        )
        registrer_kilde(Regeltype.ARSMOTE_PURRING, arsmote_oppfolging.purring_anledninger)
        registrer_innhold(Art.ARSMOTE_PURRING, arsmote_oppfolging.purring_innhold)
        # The campaign plan in election years: its dashboard target (the figures refresh when
        # a goal or an election changes) and panel, the warnings on the board's follow-up
        # pages, and the reminders to the leaders of chapters behind on a goal.
        SOURCES[Maaling.VALGKAMP] = valg_maaling.valgkamp_i_tide
        for label in ("aktiviteter.Valg", "aktiviteter.Valgkampmaal"):
            snapshot.watch(label)
        registrer_panel(valg_maaling.valgkamp_panel)
        lokallag_providers.register_cycle_warnings(cycle_warnings=valg_oppfolging.varsler_for_lag)
        registrer_kilde(Regeltype.VALGKAMP_PURRING, valg_oppfolging.purring_anledninger)
        registrer_innhold(Art.VALGKAMP_PURRING, valg_oppfolging.purring_innhold)
        # Newsletters: each member's copy, with the list's consent and one-click unsubscribe.
        registrer_innhold(Art.NYHETSBREV, nyhetsbrev.nyhetsbrev_innhold)
        # The members' text messages: a newsletter's and an invitation's SMS, the welcome.
        registrer_sms_innhold(Art.NYHETSBREV, utsendinger_sms.nyhetsbrev_sms)
        registrer_sms_innhold(Art.INVITASJON, utsendinger_sms.invitasjon_sms)
        registrer_sms_innhold(Art.VELKOMMEN, utsendinger_sms.velkommen_sms)
        # Invitations with answers: the mail and the day-before reminder to the yes-sayers,
        # the answer page behind /svar/<token>/, the result form's count starting from the
        # yeses, and the member's open invitations on their own page.
        registrer_innhold(Art.INVITASJON, invitasjonspost.invitasjon_innhold)
        registrer_innhold(Art.INVITASJON_PAAMINNELSE, invitasjonspost.paaminnelse_innhold)
        registrer_kilde(Regeltype.INVITASJON_PAAMINNELSE, invitasjonspost.paaminnelse_anledninger)
        svar.register(
            invitasjonspost.SVAR_ART,
            invitasjoner_views.svar_side,
            max_age=invitasjonspost.SVAR_LEVETID,
        )
        register_expected_participants(invitasjoner.forventet_antall)
        medlemmer_providers.register_open_invitations(invitasjoner.apne_for_medlemssiden)
        # Bounces and complaints from the mail provider's webhook mark the delivery rows; a
        # complaint about list mail leaves the list its message went to.
        tracking.connect(avvisninger.ved_sporing, dispatch_uid="aktiviteter.avvisninger")
        for art in (Art.NYHETSBREV, Art.INVITASJON, Art.INVITASJON_PAAMINNELSE):
            avvisninger.registrer_samtykke(art, utsending_avvisninger.samtykkefelt_for)
        # The welcome to new members: its daily occasions and its mail.
        registrer_kilde(Regeltype.VELKOMMEN, velkommen.velkommen_anledninger)
        registrer_innhold(Art.VELKOMMEN, velkommen.velkommen_innhold)
        # The election results: the dashboard's target on the share of the votes (and the
        # figures refresh when a result changes), the comparison panel on the dashboards, and
        # the chapter page's results of its municipality.
        SOURCES[Maaling.VALGRESULTAT] = resultatmaaling.oppslutning
        snapshot.watch("aktiviteter.Valgresultat")
        registrer_panel(resultatmaaling.panel)
        lokallag_providers.register_election_results(
            election_results=resultatvisning.lokallagsresultater
        )
        # The stands' shifts: «Inviter til vaktene» (mail or SMS, the sign-up page behind
        # /svar/<token>/, the list's consent on bounces), the reminder before a shift, and the
        # member's coming shifts on their own page.
        registrer_innhold(Art.VAKT_INVITASJON, vaktpost.invitasjon_innhold)
        registrer_sms_innhold(Art.VAKT_INVITASJON, vaktpost.invitasjon_sms)
        avvisninger.registrer_samtykke(Art.VAKT_INVITASJON, vaktpost.samtykkefelt_for)
        svar.register(vaktpost.SVAR_ART, vakter_views.svar_side, max_age=vaktpost.SVAR_LEVETID)
        registrer_kilde(Regeltype.VAKT_PAAMINNELSE, vaktpost.paaminnelse_anledninger)
        registrer_innhold(Art.VAKT_PAAMINNELSE, vaktpost.paaminnelse_innhold)
        registrer_sms_innhold(Art.VAKT_PAAMINNELSE, vaktpost.paaminnelse_sms)
        medlemmer_providers.register_own_shifts(valg_vakter.mine_for_medlemssiden)
