"""The forms of /utsendinger/, one module per concern."""
