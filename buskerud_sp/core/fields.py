"""Form fields that read ids from request data that may have been tampered with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from buskerud_sp.core.parsing import row_id


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` that rejects what cannot be a database id before it queries.

    Django's field turns "abc" into a field error, but passes a number beyond a bigint (such as
    9223372036854775808) to the database, where SQLite raises OverflowError: a server error
    instead of the field's message. Here every value that ``parsing.row_id`` does not accept
    gets Django's own ``invalid_pk_value`` message (translated as usual)."""

    def clean(self, value: Any):
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for pk in self.prepare_value(value):
                self.validate_no_null_characters(pk)
                if row_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super().clean(value)
