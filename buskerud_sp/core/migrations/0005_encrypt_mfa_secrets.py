"""Encrypts the two-factor secrets stored in clear text before PortalMFAAdapter (TOTP keys,
recovery-code seeds and codes). Self-contained on purpose: Fernet with the keys from the
settings, not the app's module, so that later changes there do not change this migration.
Running it twice changes nothing: a value that already decrypts is left alone."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import migrations


def _box() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.MFA_ENCRYPTION_KEYS])


def _encrypt(box: MultiFernet, value: str) -> str:
    try:
        box.decrypt(value.encode())
    except InvalidToken:
        return box.encrypt(value.encode()).decode("ascii")
    return value


def _decrypt(box: MultiFernet, value: str) -> str:
    try:
        return box.decrypt(value.encode()).decode()
    except InvalidToken:
        return value


def _convert(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    box = _box()
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = convert(box, data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [convert(box, code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, _encrypt)


def decrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, _decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("buskerud_sp", "0004_data_version_and_fallback_cache"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
