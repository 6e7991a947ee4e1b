"""The Celery app. Beat only ticks (see CELERY_BEAT_SCHEDULE); the work lives in the database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings")

app = Celery("buskerud_sp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# aktiviteter keeps its jobs in its slices (their task names still read aktiviteter.tasks.*).
app.autodiscover_tasks(
    ["aktiviteter.aktivitet", "aktiviteter.dashbord", "aktiviteter.paaminnelser"]
)
