from django.core.management import call_command
from django.core.management.base import BaseCommand

# What `make messages` extracts, and how: tests/test_translations.py extracts with the same
# options into a temporary folder and compares. Locations are file names without line numbers,
# so that moving a string inside a file does not change the catalogue.
EXTRACT_OPTIONS = {
    "locale": ["nn"],
    "domain": "django",
    "extensions": ["html", "txt", "py"],
    "ignore_patterns": [".venv", "var", "tests", "bench", "test-results", "node_modules"],
    "add_location": "file",
    "no_obsolete": True,
    "verbosity": 0,
}
COMPILE_IGNORE = [".venv", "var", "node_modules"]


class Command(BaseCommand):
    help = (
        "Updates locale/nn/LC_MESSAGES/django.po from the sources (msgids in bokmål) and "
        "compiles every catalogue of the project. Translate the new entries, then run it again."
    )

    def handle(self, *args, **options):
        call_command("makemessages", **EXTRACT_OPTIONS)
        call_command("compilemessages", ignore_patterns=COMPILE_IGNORE, verbosity=0)
