"""The password hasher: Argon2id with OWASP's parameters instead of Django's defaults."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, 64 MiB, two passes, one lane: above OWASP's minimum (19 MiB, t=2, p=1) and
    about 0.1 s per login on the 2-core host.

    Django's defaults (100 MiB, eight lanes) spend 0.2–0.4 s of both cores per login there, and
    its PBKDF2 (1.5 million rounds), the hasher until now, 0.3–0.5 s on one; with everything
    else on a shared host that made login take seconds. Same algorithm name as Django's class,
    so every ``argon2$`` hash verifies with the parameters stored in it, and one made with other
    parameters is made again at the next login (``must_update``)."""

    time_cost = 2
    memory_cost = 65536
    parallelism = 1
