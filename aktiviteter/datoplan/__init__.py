"""The date plan: items, versions, the timeline, the PDF and .ics, marking items held."""
