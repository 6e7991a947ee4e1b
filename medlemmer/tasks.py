from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from buskerud_sp.core.mail import send_mail_template
from buskerud_sp.core.models import JobRun

from . import personvern
from .importing.services import expire_stale_imports


@shared_task(name="medlemmer.tasks.apply_retention")
def apply_retention() -> dict[str, int]:
    """Daily: anonymise members who left without archive consent; tell the admins how many
    members are far behind with their dues (the names are in the portal, not in the mail)."""
    run = JobRun.objects.create(job="medlemmer.retention")
    result = personvern.apply_retention()
    admins = list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .values_list("email", flat=True)
    )
    if result["kontingent_forfalt"] and admins:
        send_mail_template("kontingent_forfalt", admins, {"antall": result["kontingent_forfalt"]})
    run.finished_at = timezone.now()
    run.ok = True
    run.result = ", ".join(f"{k}={v}" for k, v in result.items())
    run.save(update_fields=["finished_at", "ok", "result"])
    return result


@shared_task(name="medlemmer.tasks.expire_imports")
def expire_imports() -> int:
    """Previews nobody confirmed hold a copy of the register: wipe them after a day."""
    return expire_stale_imports()
