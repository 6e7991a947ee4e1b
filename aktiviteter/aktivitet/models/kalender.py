"""Secret calendar links: one per user, renewable (renewing revokes the old link)."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Kalendernokkel(models.Model):
    """The secret in a user's iCal feed URL. The feed shows what the user may see."""

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="kalendernokkel",
    )
    token = models.CharField(_("nøkkel"), max_length=64, unique=True, default=new_token)
    opprettet = models.DateTimeField(_("laget"), auto_now=True)

    class Meta:
        verbose_name = _("kalendernøkkel")
        verbose_name_plural = _("kalendernøkler")

    def __str__(self) -> str:
        return str(self.bruker)

    def get_absolute_url(self) -> str:
        return reverse("kalender_feed", kwargs={"token": self.token})
