"""Django looks for an app's models in ``<app>.models``; the models of aktiviteter live in its
slices (one folder per capability). Importing them here registers them under the app label
``aktiviteter``. Code imports a model from its slice, never from here."""

from aktiviteter.aktivitet import models as aktivitet_models
from aktiviteter.arsmote import models as arsmote_models
from aktiviteter.dashbord import models as dashbord_models
from aktiviteter.datoplan import models as datoplan_models
from aktiviteter.paaminnelser import models as paaminnelser_models
from aktiviteter.studier import models as studier_models
from aktiviteter.utsendinger import models as utsendinger_models
from aktiviteter.valg import models as valg_models

__all__ = [
    "aktivitet_models",
    "arsmote_models",
    "dashbord_models",
    "datoplan_models",
    "paaminnelser_models",
    "studier_models",
    "utsendinger_models",
    "valg_models",
]
