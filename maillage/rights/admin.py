"""Followed rights are part of person files: like the files themselves (see `counter`), they stay out of
the Django admin, where reads would escape the file's access log. Their pages are in `views.py`."""
