"""A chapter officer's proposal of a new member and the admin's confirmation against the
national register (services, forms, views; the URLs are in ``medlemmer/urls.py``)."""
