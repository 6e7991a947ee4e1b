"""Shared models: the login user, the record of periodic jobs, the data version and the
database cache used while Redis is down."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. People log in with their e-mail address; there are no usernames."""

    username = None
    email = models.EmailField(_("e-post"), unique=True)
    # Empty: not chosen, the portal's default (bokmål). A choice, not free text: the erasure
    # walk (medlemmer/omtaler.py) leaves fields with choices alone.
    language = models.CharField(
        _("språk"), max_length=8, blank=True, default="", choices=settings.LANGUAGES
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            # The login address logs in in any letter case, so it is one account's in any case.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_any_case",
                violation_error_message=_("En annen bruker har allerede denne e-postadressen."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class JobRun(models.Model):
    """One run of a periodic job started by a beat tick: when it ran and what it did."""

    job = models.CharField(_("jobb"), max_length=100)
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    result = models.TextField(_("resultat"), blank=True)
    ok = models.BooleanField(_("vellykket"), default=False)

    class Meta:
        verbose_name = _("jobbkjøring")
        verbose_name_plural = _("jobbkjøringer")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class AuditAction(models.TextChoices):
    VIEW_LIST = "view_list", _("Så medlemsliste")
    VIEW = "view", _("Så medlem")
    EXPORT = "export", _("Eksporterte")
    IMPORT = "import", _("Importerte")
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Slettet")
    ERASE = "erase", _("Anonymiserte")
    ACCESS_REQUEST = "access_request", _("Innsyn")
    LOGIN = "login", _("Logget inn")
    LOGIN_FAILED = "login_failed", _("Mislykket innlogging")
    LOGOUT = "logout", _("Logget ut")
    MFA = "mfa", _("Endret tofaktor")
    REDACT = "redact", _("Sladdet revisjonsspor")


class AuditEntry(models.Model):
    """One access to or change of member data, or a login event. Entries form a hash chain
    (each carries the hash of the previous one), so that tampering is detectable.

    Personal data (who acted, from which IP, and details such as a search text or changed
    values) sits in ``actor_label``, ``ip`` and ``data``. The chain covers one keyed digest
    per personal field (a commitment, salted with ``salt``), not the values, so that erasure
    can blank them and the chain still verifies, while any other change to them shows.
    """

    created_at = models.DateTimeField(_("tidspunkt"), db_index=True)
    # DO_NOTHING without a database constraint: when a user is deleted (erasure), the entries
    # keep the bare id, which the hash chain covers; the e-mail in actor_label is redacted.
    actor = models.ForeignKey(
        User,
        verbose_name=_("bruker"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("utført av"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("objekttype"), max_length=60, blank=True)
    object_id = models.CharField(_("objekt-ID"), max_length=40, blank=True)
    medlem_id = models.BigIntegerField(_("medlem-ID"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("detaljer"), default=dict, blank=True)
    # Per-field commitments: HMAC(key, salt, field, value). Redaction blanks the values and the
    # salt (so that the digests no longer confirm a guessed value) and keeps the digests.
    salt = models.CharField(max_length=32, blank=True)
    actor_digest = models.CharField(max_length=64, blank=True)
    ip_digest = models.CharField(max_length=64, blank=True)
    data_digest = models.CharField(max_length=64)
    redacted = models.BooleanField(_("sladdet"), default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("revisjonsspor")
        verbose_name_plural = _("revisjonsspor")
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"


class AuditChainHead(models.Model):
    """A single row holding the last hash of the chain and the number of entries; locking it
    orders the writers. The anchor file outside the database is what proves it untouched."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)
    # The count of the newest anchor written: an anchor file lost or swapped for another
    # (a server set up again without it) shows instead of silently weakening the check.
    anchored_count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("revisjonskjede")

    def __str__(self) -> str:
        return self.last_hash


class PeriodicJob(models.Model):
    """When a periodic job is next due. The beat tick claims a due job with one conditional
    UPDATE, so that two beats (or two ticks) never start the same run twice."""

    name = models.CharField(_("jobb"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("neste kjøring"))
    last_started_at = models.DateTimeField(_("sist startet"), null=True, blank=True)
    paused = models.BooleanField(_("satt på pause"), default=False)

    class Meta:
        verbose_name = _("periodisk jobb")
        verbose_name_plural = _("periodiske jobber")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataVersion(models.Model):
    """A single row: the version of the register and activity data that cached figures are
    keyed by (buskerud_sp.core.dataversion). In the database, not the cache, so that it outlives a
    cache outage or flush: figures cached before a change are never served after it."""

    version = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("dataversjon")

    def __str__(self) -> str:
        return self.version


class CacheEntry(models.Model):
    """The table of Django's database cache, the fallback while Redis does not answer
    (buskerud_sp.core.cache). A model, so that migrations make it everywhere (tests included);
    the columns are those ``createcachetable`` would make."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "buskerud_sp_cache"
        verbose_name = _("cache-oppføring")

    def __str__(self) -> str:
        return self.cache_key


class RegisteredModel(models.Model):
    """Who registered a row and when it was made and last changed. Abstract: each model keeps
    its own table, and the columns are those the models wrote out before."""

    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True
