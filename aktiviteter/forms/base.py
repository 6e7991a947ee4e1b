"""Pieces the activity forms share (the member picker is ``buskerud_sp.member_picker``)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ModelErrorsAtFieldsMixin:
    """The model's ``clean()`` names model fields; when the form lacks one, show the message at
    a field the user sees (``error_field_fallback``) instead of failing."""

    error_field_fallback: dict[str, str] = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                target = name
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    target = self.error_field_fallback.get(name, NON_FIELD_ERRORS)
                    if target not in self.fields:
                        target = NON_FIELD_ERRORS
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)
