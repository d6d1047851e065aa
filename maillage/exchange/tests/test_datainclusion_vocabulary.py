"""The mapping table covers every value of Maillage's vocabularies: a new value without a mapping fails."""

from __future__ import annotations

import enum

import pytest
from data_inclusion.schema import v1

from maillage.exchange import datainclusion_vocabulary as vocabulary
from maillage.network import enums


@pytest.mark.parametrize(
    ("table", "ours"),
    [
        (vocabulary.SERVICES, enums.Service),
        (vocabulary.PUBLICS, enums.Public),
        (vocabulary.FEES, enums.Fees),
        (vocabulary.SUPPORT_MODES, enums.SupportMode),
        (vocabulary.ACCESS_MODES, enums.AccessMode),
        (vocabulary.NETWORK_KINDS, enums.NetworkKind),
        (vocabulary.PROGRAMMES, enums.NationalProgramme),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_every_value_of_our_vocabulary_has_a_mapping(table: dict[object, object], ours: type[enum.Enum]) -> None:
    assert set(table) == set(ours)


def _targets(value: object) -> list[object]:
    if isinstance(value, tuple):
        return [item for part in value for item in _targets(part)]
    return [] if value is None else [value]


@pytest.mark.parametrize(
    ("table", "allowed"),
    [
        (vocabulary.PUBLICS, (v1.Public,)),
        (vocabulary.FEES, (v1.Frais,)),
        (vocabulary.SUPPORT_MODES, (v1.ModeAccueil,)),
        (vocabulary.ACCESS_MODES, (v1.ModeMobilisation, v1.PersonneMobilisatrice)),
        (vocabulary.NETWORK_KINDS, (v1.ReseauPorteur,)),
        (vocabulary.PROGRAMMES, (v1.ReseauPorteur,)),
        (vocabulary.SERVICES, (v1.Thematique, v1.TypeService)),
    ],
)
def test_every_mapping_lands_in_a_data_inclusion_vocabulary(
    table: dict[object, object], allowed: tuple[type[enum.Enum], ...]
) -> None:
    targets = [target for value in table.values() for target in _targets(value)]
    assert targets
    assert all(isinstance(target, allowed) for target in targets)


def test_every_service_has_at_least_one_digital_theme() -> None:
    for themes, _kind in vocabulary.SERVICES.values():
        assert any(theme.value.startswith("numerique--") for theme in themes)


def test_networks_named_in_the_issue_are_mapped() -> None:
    assert vocabulary.NETWORK_KINDS[enums.NetworkKind.PIMMS_UNION] == v1.ReseauPorteur.PIMMS_MEDIATION
    assert vocabulary.NETWORK_KINDS[enums.NetworkKind.FRANCE_SERVICES] == v1.ReseauPorteur.FRANCE_SERVICE
