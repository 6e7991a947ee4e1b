"""Reminders: rules and their editor, planning, content, recipients, sending, unsubscribing, the weekly summary and the date plan's publication to the chapter leaders."""
