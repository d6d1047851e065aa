"""ProConnect as an allauth provider of its own: allauth's OpenID Connect provider, made to follow
ProConnect's contract (signed userinfo, `nonce`, long `state`, no extra parameters, logout at the
provider). See docs/adr/0008-proconnect-login-and-second-factor.md.
"""
