"""Tickets are read and moved from the queue pages (`views.py`), scoped per structure: no admin."""
