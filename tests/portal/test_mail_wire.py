"""A portal mail's bytes for the SMTP backend (buskerud_sp.core.mailwire) are exactly the bytes
Python's email package writes for the same mail, boundary, date and id aside; a mail of
another shape is built the ordinary way; the unsubscribe link stays on one line; and a
batch's templates rendered once give each recipient what rendering in full gives."""

import email
import email.message
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives
from django.template import engines

from buskerud_sp.core.mail import PortalMail, WireMessage, _portal_policy, render_mail
from buskerud_sp.core.mailrender import FellesRendering

SMTP = email.policy.SMTP
LONG_LINK = "https://portal.buskerudsp.no/datoplan/avmelding/" + "eyJtIjoxfQ:1xYAJm:" * 30 + "/"


def _mail(subject, body, html, to="ola.nordmann@example.no", headers=None, **kwargs):
    mail = PortalMail(subject, body, to=[to], headers=headers or {}, **kwargs)
    mail.attach_alternative(html, "text/html")
    return mail


def _ordinary_bytes(mail: PortalMail, wire: WireMessage) -> bytes:
    """The same mail through Django's and Python's own classes, with the wire's date, id and
    boundary (random or the clock's otherwise)."""
    message = EmailMultiAlternatives.message(mail, policy=_portal_policy(SMTP))
    message.replace_header("Date", wire._date)
    message.replace_header("Message-ID", wire._message_id)
    message.set_boundary(wire._boundary)
    return message.as_bytes()


CASES = {
    "the Tuesday reminder": _mail(
        "I morgen: Tirsdagsmøte med stortingsrepresentanten kl. 19:30",
        "Hei Åse Ødegård-Æsøy,\n\nI morgen er det tirsdagsmøte.\n\n-- \nMeld deg av her:\n"
        + LONG_LINK
        + "\n",
        '<p>Hei Åse &amp; Øystein,</p>\n<a href="' + LONG_LINK + '">Meld deg av</a>\n',
        headers={
            "List-Unsubscribe": f"<{LONG_LINK}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ),
    "plain ASCII (7bit)": _mail("Hello", "Hi Ola,\n\nSee you.\n", "<p>Hi Ola</p>"),
    "a long non-ASCII subject (folded)": _mail(
        "Påminnelse: årsmøtet i Øvre Eiker Senterparti nærmer seg, og styret ønsker "
        "innspill på budsjett, valgkomité og æresmedlemmer før fristen går ut",
        "Hei,\r\nlinjer med CRLF\rog CR\n",
        "<p>ø</p>",
    ),
    "no trailing newline, blank lines": _mail("S", "a\n\n\nb", "<p>æ</p>\n\n"),
    "an address with a plus and dots": _mail(
        "S", "x\n", "<p>x</p>", to="kari.nord+portal@sub.example.no"
    ),
    "a header with spaces and quotes": _mail(
        "S", "x\n", "<p>x</p>", headers={"X-Portal": 'levering 42 "hei" (test)'}
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_the_wire_bytes_are_the_email_packages_bytes(name):
    mail = CASES[name]
    wire = mail.message(policy=SMTP)
    assert isinstance(wire, WireMessage)
    assert wire.as_bytes() == _ordinary_bytes(mail, wire)
    parsed = email.message_from_bytes(wire.as_bytes(), policy=email.policy.default)
    assert (parsed["Subject"], parsed["To"]) == (mail.subject, mail.to[0])
    html = parsed.get_body(("html",)).get_content()
    assert html.splitlines() == mail.alternatives[0].content.splitlines()


def test_the_unsubscribe_link_stays_on_one_line_as_a_url():
    wire = CASES["the Tuesday reminder"].message(policy=SMTP)
    lines = wire.as_bytes().split(b"\r\n")
    assert f"List-Unsubscribe: <{LONG_LINK}>".encode() in lines
    assert b"=?utf-8?" not in next(line for line in lines if line.startswith(b"List-Unsub"))
    assert wire["List-Unsubscribe"] == f"<{LONG_LINK}>"  # the built message answers too


def test_a_header_that_needs_the_email_package_is_written_by_it():
    mail = _mail("S", "x\n", "<p>x</p>", headers={"X-Navn": "Åse Ødegård"})
    wire = mail.message(policy=SMTP)
    assert wire.as_bytes() == _ordinary_bytes(mail, wire)
    assert b"X-Navn: =?utf-8?" in wire.as_bytes()


@pytest.mark.parametrize(
    "mail",
    [
        _mail("S", "x\n", "<p>x</p>", cc=["b@example.no"]),
        _mail("S", "x" * 1200 + "\n", "<p>x</p>"),  # a line too long for 8bit
        _mail("S", "x\n", "<p>x</p>", to="Åse <ase@example.no>"),
        _mail("S", "x\n", "<p>x</p>", to="ase@bø.example.no"),
    ],
    ids=["cc", "long line", "display name", "non-ASCII domain"],
)
def test_a_mail_of_another_shape_is_built_the_ordinary_way(mail):
    assert isinstance(mail.message(policy=SMTP), email.message.EmailMessage)


def test_an_attachment_is_built_the_ordinary_way():
    mail = _mail("S", "x\n", "<p>x</p>")
    mail.attach("mote.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    assert isinstance(mail.message(policy=SMTP), email.message.EmailMessage)


def test_other_policies_get_the_ordinary_message():
    """The locmem, console and file backends (tests, development) see the ordinary class."""
    assert isinstance(CASES["plain ASCII (7bit)"].message(), email.message.EmailMessage)


@pytest.mark.parametrize(
    "subject, to",
    [("Hei\nBcc: alle@example.no", "a@example.no"), ("Hei", "a@example.no\nBcc: b@example.no")],
)
def test_a_line_break_in_a_header_is_still_refused(subject, to):
    with pytest.raises(ValueError):
        _mail(subject, "x\n", "<p>x</p>", to=to).message(policy=SMTP).as_bytes()


# --- The batch's templates rendered once ---------------------------------------------------

NAMES = ["Åse", "Ola & Kari", '<b>"Per"</b>', "", "Ø  ystein  ", "Åse"]


@pytest.mark.django_db
def test_a_batch_rendered_once_gives_every_recipient_the_full_rendering(org):
    from tests.aktiviteter.test_delivery import tomorrows_call

    call = tomorrows_call(org)
    rendering = FellesRendering(render_mail, {"navn", "avmelding_url"})
    for i, navn in enumerate(NAMES * 2):
        context = {
            "navn": navn,
            "avmelding_url": f"https://portal.example/avmelding/{i}&x=<{i}>/",
            "aktivitet": call,
            "innringing": "Ring 23 50 00 00",
            "samme_dag": False,
        }
        assert rendering.render("tirsdag_paaminnelse", context) == render_mail(
            "tirsdag_paaminnelse", context
        )
    assert rendering.cheap >= len(NAMES) * 2 - 4  # all but the first of each shape


def test_a_template_that_changes_a_personal_value_is_rendered_in_full_for_everyone():
    templates = {
        "subject": "Til {{ navn|upper }}",
        "text": "{% autoescape off %}Hei {{ navn|truncatechars:4 }}{% endautoescape %}",
        "html": "<p>{{ navn|length }}</p>",
    }
    engine = engines["django"]

    def render(name, context):
        return tuple(engine.from_string(templates[part]).render(context) for part in templates)

    rendering = FellesRendering(render, {"navn"})
    for navn in ["Åse", "Ola & Kari", "Per", "Mari", "Åse"]:
        assert rendering.render("x", {"navn": navn}) == render("x", {"navn": navn})
    assert rendering.cheap == 0


def test_a_context_that_cannot_be_a_key_is_rendered_in_full():
    calls = []

    def render(name, context):
        calls.append(context["navn"])
        return ("s", context["navn"], context["navn"])

    rendering = FellesRendering(render, {"navn"})
    for navn in ["A", "B", "C"]:
        assert rendering.render("x", {"navn": navn, "liste": [1, 2]}) == ("s", navn, navn)
    assert calls == ["A", "B", "C"] and rendering.cheap == 0


def test_the_wire_message_answers_like_the_built_one_and_can_be_copied():
    import copy

    wire = CASES["the Tuesday reminder"].message(policy=SMTP)
    assert wire.get_content_type() == "multipart/alternative"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in wire.as_string()
    assert copy.deepcopy(wire).as_bytes() == wire.as_bytes()
