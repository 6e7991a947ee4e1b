from .adhoc import AdHocGruppeForm
from .aktivitet import AktivitetFilterForm, AktivitetForm, ResultatForm, available_types

__all__ = [
    "AdHocGruppeForm",
    "AktivitetFilterForm",
    "AktivitetForm",
    "ResultatForm",
    "available_types",
]
