"""Sourced defaults of the social-value parameters (docs/social-value.md says where each comes from)."""

from decimal import Decimal

MILEAGE_RATE = Decimal("0.606")  # €/km
MILEAGE_SOURCE = (
    "Barème fiscal 2024, 4 CV, jusqu'à 5 000 km (barème kilométrique de l'administration fiscale, BOI-BAREME-000001)"
)
CO2_FACTOR = Decimal("0.218")  # kg CO2e/km
CO2_SOURCE = (
    "ADEME, Base Empreinte, « voiture particulière, motorisation moyenne » : 0,218 kg CO2e/km "
    "(le réseau doit vérifier la valeur en vigueur)"
)
DETOUR_FACTOR = Decimal("1.3")
DETOUR_SOURCE = (
    "Convention : la route est en moyenne plus longue que la ligne droite ; 1,3 est un ordre de grandeur "
    "courant, non une mesure (à ajuster par le réseau)"
)
