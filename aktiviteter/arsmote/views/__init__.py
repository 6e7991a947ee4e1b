"""The cycle's pages, one module per step; each module lists its own ``urlpatterns``, which
``aktiviteter.arsmote.urls`` collects under /arsmote/."""
