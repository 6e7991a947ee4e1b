"""The annual meeting cycle's services, one module per step: the year and the meeting
(``syklus``), the notice (``innkalling``), the annual report (``arsmelding``), the election
(``valg``), the delegates (``delegater``) and the county's follow-up (``oppfolging``)."""
