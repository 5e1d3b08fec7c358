"""Password hashing: Argon2id with OWASP's recommended parameters instead of Django's defaults.

Django's Argon2PasswordHasher uses 100 MiB of memory and 8 lanes for every hash. On a small web
server (2 cores, several gunicorn workers) each login then takes over half a second and a few
logins at once queue behind each other. OWASP's Password Storage Cheat Sheet gives, for argon2id,
a minimum of 19 MiB of memory, 2 iterations and 1 degree of parallelism (m=19456 KiB, t=2, p=1),
which it rates as equivalent in strength to its other listed configurations (m=46 MiB, t=1, p=1
and so on). The algorithm name stays "argon2", so stored hashes still verify, and Django rehashes
a password with these parameters the next time its owner signs in (``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet)."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
