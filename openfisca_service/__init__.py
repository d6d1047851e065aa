"""OpenFisca-France as a local service of Maillage, run by its own virtualenv (.venv-openfisca).

It imports nothing of Django or maillage: the web app talks to it over HTTP on 127.0.0.1
(`maillage/rights/openfisca.py`). The tax-benefit system is built once when the process starts.
"""
