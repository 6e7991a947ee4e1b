"""The election pages' forms: the elections and the campaign plan (``plan``), the stands'
shifts (``vakter``)."""
