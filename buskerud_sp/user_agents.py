"""Browser and operating system in words, from a User-Agent header, for the page of signed-in
sessions (/konto/sessions/): «Chrome på Android» instead of the raw header.

A few substring checks in the order that matters (Edge and Opera also say «Chrome», Chrome also
says «Safari»); anything else is «Ukjent nettleser». Good enough to recognise one's own devices,
which is all the page is for."""

from django.utils.translation import gettext as _

# (marker in the header, name), first match wins.
_BROWSERS = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def _first(header: str, table: list[tuple[str, str]]) -> str:
    return next((name for marker, name in table if marker in header), "")


def describe(header: str | None) -> str:
    """«Firefox på Windows», «Safari på iPhone», «Chrome», or «Ukjent nettleser»."""
    header = header or ""
    browser = _first(header, _BROWSERS)
    system = _first(header, _SYSTEMS)
    if browser and system:
        return _("%(browser)s på %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    return _("Ukjent nettleser")
