"""lokallag's models. Django registers an app's models by importing this package, so it
imports both places they live: the organisation (``organisasjon.py``: districts, chapters,
offices and their choices) and the chapters' follow-up, whose models sit with the rest of the
follow-up in ``lokallag/oppfolging/models.py``.

The follow-up builds on the organisation and imports ``lokallag.models.organisasjon``; the
organisation knows nothing of the follow-up. The follow-up's module is imported here as a
module, not by its names, so that importing it first (``lokallag.oppfolging.models``) works
too: that runs this package first, which then finds the follow-up's module under way."""

from lokallag.models.organisasjon import (
    FYLKESSTYREVERV,
    NOKKELVERV,
    TILLITSVERV_MED_TILGANG,
    VALGKAMPVERV,
    VALGKOMITEVERV,
    ByEllerBygd,
    Distrikt,
    Lokallag,
    LokallagQuerySet,
    Niva,
    Organisasjon,
    Rolle,
    UnitScopedQuerySet,
    Verv,
    VervQuerySet,
)
from lokallag.oppfolging import models as _follow_up_models  # noqa: F401  (registers them)

__all__ = [
    "FYLKESSTYREVERV",
    "NOKKELVERV",
    "TILLITSVERV_MED_TILGANG",
    "VALGKAMPVERV",
    "VALGKOMITEVERV",
    "ByEllerBygd",
    "Distrikt",
    "Lokallag",
    "LokallagQuerySet",
    "Niva",
    "Organisasjon",
    "Rolle",
    "UnitScopedQuerySet",
    "Verv",
    "VervQuerySet",
]
