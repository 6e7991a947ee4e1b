"""The pages under /utsendinger/, one module per concern; each lists its own ``urlpatterns``,
which ``aktiviteter.utsendinger.urls`` collects."""
