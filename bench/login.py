"""Server time of a password login: a real POST to /konto/login/ through Django's test client
with production settings, and where the time goes.

    .venv/bin/python bench/login.py --database-url postgres://…/bench_national \
        --email bench-admin@bench.invalid --password … [--repeats 30] [--json out]

Each repeat is a new client (no session, an address of its own): GET the login page, then the timed POST of the
right address and password, which must answer 302. Reported: median and p95 of the POST, the
same for the password hasher's check alone (the part of the login the hasher decides), and
the first login of an account whose hash is still PBKDF2 (Django's old default), which checks
that hash and stores an Argon2id one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from pages import percentile, setup

REPEATS = 30


def measure(email: str, password: str, repeats: int = REPEATS) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.test import Client

    user = get_user_model().objects.get(email=email)

    addresses = iter(range(1, 10_000))

    def login() -> float:
        # One address per client: allauth allows 30 logins a minute from one address.
        number = next(addresses)
        client = Client(REMOTE_ADDR=f"10.77.{number // 250}.{number % 250 + 1}")
        client.get("/konto/login/")
        started = time.perf_counter()
        response = client.post("/konto/login/", {"login": email, "password": password})
        elapsed = time.perf_counter() - started
        if response.status_code != 302:
            raise SystemExit(f"login as {email} answered {response.status_code}, not 302")
        return elapsed

    # The first login after the switch: the stored hash is PBKDF2 and is made again.
    user.password = make_password(password, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    upgrade = login()
    user.refresh_from_db()
    hasher = get_hasher()
    if not user.password.startswith(f"{hasher.algorithm}$"):
        raise SystemExit(f"the login left a {user.password.split('$')[0]} hash")
    login()  # warm-up
    posts = [login() for _ in range(repeats)]
    checks = []
    for _ in range(repeats):
        started = time.perf_counter()
        user.check_password(password)
        checks.append(time.perf_counter() - started)
    return {
        "hasher": settings.PASSWORD_HASHERS[0],
        "algorithm": hasher.algorithm,
        "params": (
            {
                "memory_kib": hasher.memory_cost,
                "time_cost": hasher.time_cost,
                "parallelism": hasher.parallelism,
            }
            if hasattr(hasher, "memory_cost")
            else {}
        ),
        "repeats": repeats,
        "median_ms": statistics.median(posts) * 1000,
        "p95_ms": percentile(posts, 95) * 1000,
        "hash_median_ms": statistics.median(checks) * 1000,
        "hash_p95_ms": percentile(checks, 95) * 1000,
        "upgrade_ms": upgrade * 1000,
        # Other sessions share the 2 cores: the hash check's time grows with their load.
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--json", help="write the results here as JSON")
    parser.add_argument(
        "--results",
        action="store_true",
        help="put the figures into bench/RESULTS.md in place of the last run's login section",
    )
    args = parser.parse_args()
    setup(args.database_url)
    result = measure(args.email, args.password, args.repeats)
    print(
        f"  login ({result['algorithm']}): median {result['median_ms']:.1f} ms, p95 "
        f"{result['p95_ms']:.1f} ms; the hash check alone {result['hash_median_ms']:.1f} ms; "
        f"first login from PBKDF2 {result['upgrade_ms']:.1f} ms"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    if args.results:
        write_section(result, args.database_url)


def write_section(result: dict, database_url: str) -> None:
    """The login section of bench/RESULTS.md from this run alone (`make bench` writes it too)."""
    from report import login_section, replace_section

    database = database_url.rsplit("/", 1)[-1]
    when = time.strftime("%Y-%m-%d %H:%M")
    section = login_section(result)
    section[1:1] = [
        "",
        f"Measured by `bench/login.py --results` alone on {when}, on the database "
        f"`{database}`, on the machine above.",
    ]
    replace_section(section, before="## Throughput")


if __name__ == "__main__":
    main()
