"""/utsendinger/: newsletters and invitations to the members, their results and the archive,
and the lists' one-click unsubscribe."""

from aktiviteter.utsendinger.views import arkiv, avmelding, invitasjoner, nyhetsbrev

urlpatterns = [
    *arkiv.urlpatterns,
    *nyhetsbrev.urlpatterns,
    *invitasjoner.urlpatterns,
    *avmelding.urlpatterns,
]
