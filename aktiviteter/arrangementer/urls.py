"""The public calendar: /arrangementer/ and /arrangementer.ics, no login."""

urlpatterns: list = []
