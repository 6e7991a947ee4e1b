"""The county board's follow-up of the chapters: who follows up which chapter, the contact log
(«oppfølging») with its follow-ups, and the warnings on the board member's start page."""
