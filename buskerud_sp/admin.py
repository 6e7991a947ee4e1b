from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .core import audit
from .core.models import AuditAction, AuditEntry, JobRun, User
from .mfa import authenticator_remove


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_superuser", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Navn"), {"fields": ["first_name", "last_name"]}),
        (_("Tilgang"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    # A login address or a password set here skips the portal's own steps (the verification
    # link, the current password): an admin may, but the audit trail says who did.
    def save_model(self, request, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            data = {"felt": sorted(form.changed_data)}
            if "email" in form.changed_data:
                data |= {"fra": form.initial.get("email", ""), "til": obj.email}
            audit.log(request, AuditAction.UPDATE, obj=obj, medlem_id=_medlem_id(obj), data=data)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit.log(
                request,
                AuditAction.UPDATE,
                obj=user,
                medlem_id=_medlem_id(user),
                data={"endring": "passord satt i administrasjonen"},
            )
        return response


def _medlem_id(user) -> int | None:
    medlem = getattr(user, "medlem", None)
    return medlem.pk if medlem is not None else None


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "started_at", "finished_at", "ok"]
    list_filter = ["job", "ok"]
    readonly_fields = ["job", "started_at", "finished_at", "result", "ok"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are never changed or deleted through the portal."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "medlem_id"]
    list_filter = ["action", "redacted"]
    search_fields = ["actor_label", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# allauth's own admin shows the authenticator's data: the TOTP secret and the recovery-code
# seed. Ours lets an admin see which factors a user has and remove one (a lost phone, audited
# through the service), never read a secret or write one.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        authenticator_remove(request=request, authenticator=obj)

    def delete_queryset(self, request, queryset) -> None:
        for authenticator in queryset:
            authenticator_remove(request=request, authenticator=authenticator)


# allauth's list of e-mail addresses would let an admin mark any address verified and primary
# for any account, past the portal's rules (account_email.py, core/accounts.py)
# and unaudited. An admin changes a login address on the user's own page.
admin.site.unregister(EmailAddress)
