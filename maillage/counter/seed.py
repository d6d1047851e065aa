"""The seeded, editable catalogue of procedures (per partner, and common digital procedures)."""

from __future__ import annotations

from typing import Any

# (code, name, partner code or None, domain)
PROCEDURES: list[tuple[str, str, str | None, str]] = [
    ("caf_prime_activite", "Prime d'activité", "caf", "social_health"),
    ("caf_rsa", "RSA", "caf", "social_health"),
    ("caf_aide_logement", "Aide au logement", "caf", "housing"),
    ("caf_declaration_trimestrielle", "Déclaration trimestrielle de ressources", "caf", "social_health"),
    ("caf_changement_situation", "Changement de situation", "caf", "family_school"),
    ("caf_prestations_familiales", "Prestations familiales", "caf", "family_school"),
    ("cpam_carte_vitale", "Carte Vitale", "cpam", "social_health"),
    ("cpam_css", "Complémentaire santé solidaire", "cpam", "social_health"),
    ("cpam_remboursements", "Remboursements, attestations", "cpam", "social_health"),
    ("cpam_ameli", "Compte ameli", "cpam", "social_health"),
    ("cnav_retraite", "Demande de retraite", "cnav", "social_health"),
    ("cnav_releve_carriere", "Relevé de carrière", "cnav", "work_training"),
    ("msa_prestations", "Prestations MSA", "msa", "social_health"),
    ("ft_inscription", "Inscription à France Travail", "france_travail", "work_training"),
    ("ft_actualisation", "Actualisation mensuelle", "france_travail", "work_training"),
    ("ft_candidature", "CV et candidatures", "france_travail", "work_training"),
    ("dgfip_declaration_revenus", "Déclaration de revenus", "dgfip", "money_tax"),
    ("dgfip_prelevement_source", "Prélèvement à la source", "dgfip", "money_tax"),
    ("dgfip_avis_impot", "Avis d'impôt, taxe foncière", "dgfip", "money_tax"),
    ("ants_carte_identite", "Carte d'identité", "ants", "papers_citizenship"),
    ("ants_passeport", "Passeport", "ants", "papers_citizenship"),
    ("ants_permis", "Permis de conduire", "ants", "transport"),
    ("ants_carte_grise", "Carte grise", "ants", "transport"),
    ("justice_aide_juridictionnelle", "Aide juridictionnelle", "justice", "justice"),
    ("justice_casier", "Extrait de casier judiciaire", "justice", "justice"),
    ("la_poste_compte", "Services postaux et bancaires", "la_poste", "money_tax"),
    ("edf_facture", "Facture, échéancier d'électricité", "edf", "housing"),
    ("edf_cheque_energie", "Chèque énergie", "edf", "housing"),
    ("enedis_raccordement", "Compteur, raccordement", "enedis", "housing"),
    ("engie_facture", "Facture de gaz", "engie", "housing"),
    ("sncf_billet", "Billets, tarifs sociaux", "sncf", "transport"),
    ("keolis_abonnement", "Abonnement de transport", "keolis", "transport"),
    ("eau_facture", "Facture d'eau", "veolia_eau", "housing"),
    ("prefecture_titre_sejour", "Titre de séjour", "prefecture", "foreigners_europe"),
    ("prefecture_naturalisation", "Naturalisation", "prefecture", "foreigners_europe"),
    # Procedures that are no partner's: first-class in the catalogue.
    ("email_creation", "Créer une adresse e-mail", None, "papers_citizenship"),
    ("online_account", "Créer un compte en ligne (FranceConnect, ameli, impots.gouv, CAF)", None, "papers_citizenship"),
    ("scan_send", "Numériser et envoyer des documents", None, "papers_citizenship"),
    ("understand_letter", "Comprendre un courrier ou une facture", None, "money_tax"),
    ("digital_identity", "Identité numérique", None, "papers_citizenship"),
]


def seed_procedures(procedure_model: Any, partner_model: Any) -> int:
    partners = {p.code: p for p in partner_model.objects.all()}
    created = 0
    for code, name, partner_code, domain in PROCEDURES:
        if partner_code and partner_code not in partners:
            continue
        _, was_created = procedure_model.objects.get_or_create(
            code=code, defaults={"name": name, "partner": partners.get(partner_code or ""), "domain": domain}
        )
        created += was_created
    return created
