"""E-mail as subject/text/html template triples (templates/emails/<name>/)."""

import datetime
import email.policy
import email.utils

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import timezone

from buskerud_sp.core.mailrender import FellesRendering
from buskerud_sp.core.mailwire import wire_bytes

# RFC 5322's hard limit on a line. Python's email policies fold headers at 78 characters, and
# a header with a long word and no space to fold at (the signed unsubscribe URL of
# ``List-Unsubscribe``) then comes out as RFC 2047 encoded words, which mail programs do not
# read as a URL: one-click unsubscribe silently stops working.
MAX_LINE_LENGTH = 998


_POLICIES: dict = {}


def _portal_policy(policy: email.policy.EmailPolicy) -> email.policy.EmailPolicy:
    """``policy`` with the portal's line length, one object per policy (the folded headers the
    copies of a mail share are kept per policy object: mailwire._folded)."""
    if policy not in _POLICIES:
        _POLICIES[policy] = policy.clone(max_line_length=MAX_LINE_LENGTH)
    return _POLICIES[policy]


class PortalMail(EmailMultiAlternatives):
    """A text mail with an HTML alternative whose headers are folded only where they must be.

    For the wire (a policy with CRLF line ends: the SMTP backend) the mail's bytes are written
    directly (buskerud_sp.core.mailwire), the same bytes Python's email package would write,
    in a fraction of the CPU; a mail of another shape is built the ordinary way."""

    def message(self, *, policy=email.policy.default):
        policy = _portal_policy(policy)
        if policy.linesep == "\r\n":
            wire = self._wire_message(policy)
            if wire is not None:
                return wire
        return super().message(policy=policy)

    def _wire_message(self, policy) -> "WireMessage | None":
        if (
            self.attachments
            or self.cc
            or self.bcc
            or self.reply_to
            or len(self.to) != 1
            or self.content_subtype != "plain"
            or len(self.alternatives) != 1
            or self.alternatives[0].mimetype != "text/html"
            or not isinstance(self.alternatives[0].content, str)
            or not isinstance(self.body, str)
        ):
            return None
        tz = timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else datetime.UTC
        date = email.utils.format_datetime(datetime.datetime.now(tz))
        message_id = email.utils.make_msgid(domain=DNS_NAME)
        wire = wire_bytes(
            policy,
            subject=str(self.subject),
            from_email=str(self.from_email),
            to=str(self.to[0]),
            date=date,
            message_id=message_id,
            extra_headers=self.extra_headers,
            text=self.body,
            html=self.alternatives[0].content,
            charset=self.encoding or settings.DEFAULT_CHARSET,
        )
        if wire is None:
            return None
        data, boundary = wire
        return WireMessage(self, policy, data, date=date, message_id=message_id, boundary=boundary)


class WireMessage:
    """What ``PortalMail.message()`` returns for the wire: its bytes, written ahead. Anything
    else asked of it (a header, ``as_string``) is answered by the same mail built the ordinary
    way (with the same date, id and boundary), made on first use."""

    def __init__(self, mail: PortalMail, policy, data: bytes, *, date, message_id, boundary):
        self._mail, self._policy, self._data = mail, policy, data
        self._date, self._message_id, self._boundary = date, message_id, boundary
        self._built = None

    def as_bytes(self, unixfrom: bool = False, policy=None) -> bytes:
        if not unixfrom and policy is None:
            return self._data
        return self.built().as_bytes(unixfrom, policy)

    def __bytes__(self) -> bytes:
        return self._data

    def built(self) -> email.message.EmailMessage:
        if self._built is None:
            message = super(PortalMail, self._mail).message(policy=self._policy)
            message.replace_header("Date", self._date)
            message.replace_header("Message-ID", self._message_id)
            message.set_boundary(self._boundary)
            self._built = message
        return self._built

    def __getitem__(self, name: str):
        return self.built()[name]

    def __contains__(self, name: str) -> bool:
        return name in self.built()

    def __getattr__(self, name: str):
        if name.startswith("_"):  # not set yet (a copy being made): never the built message's
            raise AttributeError(name)
        return getattr(self.built(), name)


def render_mail(name: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of ``emails/<name>/``; the subject on one line."""
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
    rendering: FellesRendering | None = None,
) -> PortalMail:
    """Render and send one mail; returns it (after sending, an API backend's
    ``anymail_status`` names the provider's id for it). ``mailer``: an open connection
    (``django.core.mail.mailers``) to send many mails over one SMTP session; without it, a
    connection of its own. ``metadata``: what the provider's webhook reports back with the
    mail's events (django-anymail's ``metadata``; SMTP backends ignore it). ``rendering``: the
    templates of a batch of copies of one mail, rendered once (buskerud_sp.core.mailrender)."""
    if rendering is None:
        subject, text, html = render_mail(name, context)
    else:
        subject, text, html = rendering.render(name, context)
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


def felles_rendering(personlige) -> FellesRendering:
    """A ``rendering`` for ``send_mail_template``: one per batch of copies of a mail whose
    context differs only in the ``personlige`` keys (the recipient's name, their link)."""
    return FellesRendering(render_mail, personlige)
