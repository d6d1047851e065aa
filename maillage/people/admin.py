"""Profiles are managed from their own pages (`views.py`), scoped to the structure: not in the Django admin."""
