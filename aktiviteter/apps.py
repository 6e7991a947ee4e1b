from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktiviteterConfig(AppConfig):
    name = "aktiviteter"
    verbose_name = _("Aktiviteter")

    def ready(self) -> None:
        # Registrations only: the apps below (lokallag, medlemmer), the base layer and the
        # lower slices (the activity slice's iCal feed and Tuesday calls) show what this app or a higher slice
        # owns without importing it.
        from buskerud_sp.core import member_picker, svar
        from buskerud_sp.core.dataversion import on_change
        from lokallag import providers as lokallag_providers
        from medlemmer import providers as medlemmer_providers

        from . import innsyn  # noqa: F401  (registers what the app holds about a member)
        from .aktivitet import ical
        from .aktivitet.models import Aktivitet
        from .aktivitet.models.aktivitet import reiserundestopp
        from .aktivitet.selectors import participations_of
        from .aktivitet.services import tirsdag
        from .arsmote.services import innkalling as arsmote_innkalling
        from .arsmote.views import innkalling as arsmote_innkalling_views
        from .dashbord import snapshot, tasks
        from .datoplan import visning
        from .gjoremal import gjoremal_for
        from .paaminnelser.models import Art
        from .paaminnelser.services.innhold import registrer_innhold
        from .paaminnelser.services.regler import tirsdagsregel

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
