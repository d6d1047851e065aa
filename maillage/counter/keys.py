"""Key rotation: every encrypted column of every row re-encrypted with the primary (first) key."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from maillage.counter.fields import EncryptedDateField, EncryptedTextField, fernet
from maillage.lib import crypto

BATCH_SIZE = 500


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | EncryptedDateField)
        ]
        if names:
            yield model, names


def rotate_model(model: type[models.Model], names: list[str], *, batch_size: int = BATCH_SIZE) -> int:
    """Re-encrypt raw tokens in place (no decryption to Python objects, no audit noise); returns rows."""
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in names}
    key = fernet()
    done, last_pk = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                model._default_manager.filter(pk__gt=last_pk)
                .order_by("pk")
                .annotate(**raw)
                .values_list("pk", *raw)[:batch_size]
            )
            for pk, *tokens in rows:
                changes = {
                    name: models.Value(crypto.rotate(key, token), output_field=models.TextField())
                    for name, token in zip(names, tokens, strict=True)
                    if token
                }
                if changes:
                    model._default_manager.filter(pk=pk).update(**changes)
        if not rows:
            return done
        done += len(rows)
        last_pk = rows[-1][0]


def rotate_all(*, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    return {model._meta.label: rotate_model(model, names, batch_size=batch_size) for model, names in encrypted_fields()}
