"""Social-value parameters are set from their own page (`views.py`), scoped to the network: not in the Django admin."""
