"""Production web server settings: `gunicorn buskerud_sp.wsgi` reads this file.

The access log leaves out query strings: a member search (`?q=Kari Nordmann`) must not end up
in a log file. Paths that carry a secret (a calendar feed's token, a password-reset key) are
logged with the secret replaced (``buskerud_sp.accesslog``).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
timeout = 30
accesslog = "-"
logger_class = "buskerud_sp.accesslog.PortalAccessLogger"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
