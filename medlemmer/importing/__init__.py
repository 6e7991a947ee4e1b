"""Import of members from the national member register (CSV or XLSX).

``reader`` turns bytes into rows, ``columns`` turns cells into values, ``matching`` finds the
chapter and the existing member of a row, ``analysis`` makes the plan (nothing is written),
and ``services`` stores the preview and applies the plan on confirmation.
"""

from .analysis import Analysis, RowError, analyse
from .columns import COLUMNS
from .reader import ImportFileError
from .services import (
    ConfirmResult,
    check_size,
    medlemsimport_cancel,
    medlemsimport_confirm,
    medlemsimport_create,
)

__all__ = [
    "COLUMNS",
    "Analysis",
    "ConfirmResult",
    "ImportFileError",
    "RowError",
    "analyse",
    "check_size",
    "medlemsimport_cancel",
    "medlemsimport_confirm",
    "medlemsimport_create",
]
