"""Workshops hold person files (registrations, skills checks): like the files themselves (see `counter`),
they stay out of the Django admin, where reads would escape the file's access log. Pages: `views.py`."""
