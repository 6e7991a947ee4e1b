"""E-mail as subject/text/html template triples (templates/emails/<name>/)."""

import email.policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# RFC 5322's hard limit on a line. Python's email policies fold headers at 78 characters, and
# a header with a long word and no space to fold at (the signed unsubscribe URL of
# ``List-Unsubscribe``) then comes out as RFC 2047 encoded words, which mail programs do not
# read as a URL: one-click unsubscribe silently stops working.
MAX_LINE_LENGTH = 998


class PortalMail(EmailMultiAlternatives):
    """A text mail with an HTML alternative whose headers are folded only where they must be."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=MAX_LINE_LENGTH))


def render_mail(name: str, context: dict) -> tuple[str, str, str]:
    base = f"emails/{name}"
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
    text = render_to_string(f"{base}/body.txt", context)
    html = render_to_string(f"{base}/body.html", context)
    return subject, text, html


def send_mail_template(
    name: str,
    to: list[str],
    context: dict,
    *,
    attachments: list[tuple[str, bytes, str]] = (),
    headers: dict | None = None,
    mailer=None,
    metadata: dict | None = None,
) -> PortalMail:
    """Render and send one mail; returns it (after sending, an API backend's
    ``anymail_status`` names the provider's id for it). ``mailer``: an open connection
    (``django.core.mail.mailers``) to send many mails over one SMTP session; without it, a
    connection of its own. ``metadata``: what the provider's webhook reports back with the
    mail's events (django-anymail's ``metadata``; SMTP backends ignore it)."""
    subject, text, html = render_mail(name, context)
    message = PortalMail(subject, text, to=to, headers=headers or {})
    if metadata:
        message.metadata = metadata
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    if mailer is None:
        message.send()
    else:
        mailer.send_messages([message])
    return message
