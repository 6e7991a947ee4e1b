"""The dashboard of the plan's targets: measurements (``sources``), the status rules
(``status``), charts drawn as SVG (``charts``), the pages' data (``selectors``), the plan's
defaults (``defaults``) and the PDF exports (``reports``)."""
