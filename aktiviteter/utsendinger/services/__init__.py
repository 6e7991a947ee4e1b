"""The services of the members' mail, one module per concern: who receives a message
(``mottakere``), newsletters (``nyhetsbrev``), invitations and their answers
(``invitasjoner``), SMS (``sms``), welcomes to new members (``velkommen``) and bounces
(``avvisninger``)."""
