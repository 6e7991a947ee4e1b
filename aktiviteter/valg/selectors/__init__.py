"""What the election pages read: the campaign plan's progress (``plan``) and the stands'
shifts with their free places (``vakter``)."""
