from django.db import transaction

from aktiviteter.aktivitet.models import Kalendernokkel
from aktiviteter.aktivitet.models.kalender import new_token


def kalendernokkel_for(bruker) -> Kalendernokkel:
    """The user's calendar key, made on first use."""
    key, _ = Kalendernokkel.objects.get_or_create(bruker=bruker)
    return key


@transaction.atomic
def kalendernokkel_forny(*, bruker) -> Kalendernokkel:
    """A new secret: the old link stops working at once (404)."""
    key = kalendernokkel_for(bruker)
    key.token = new_token()
    key.save(update_fields=["token", "opprettet"])
    return key
