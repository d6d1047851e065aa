"""A small OpenID Connect provider (django-oidc-provider) standing in for ProConnect in the tests.

It is a second Django project, test code only: `maillage.accounts.tests.oidc_provider` starts it in
its own process, with its own SQLite file, and our application talks to it over real HTTP.
"""
