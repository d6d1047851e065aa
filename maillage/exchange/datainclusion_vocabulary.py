"""The one table from Maillage's vocabularies to data·inclusion v1's (docs/data-inclusion.md shows it).

Every value of each Maillage vocabulary named here has an entry, even when it maps to nothing, so
that a new value cannot be exported by accident: `tests/test_datainclusion_vocabulary.py` iterates
the enums. Specific support (`SpecificSupport`) and typologies are not mapped to codes: the
first goes to `publics_precisions` as French text, the second has no data·inclusion field.
"""

from __future__ import annotations

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)

from maillage.network import enums

T = Thematique

# One data·inclusion service per place and Maillage service: its themes and its type.
SERVICES: dict[enums.Service, tuple[tuple[Thematique, ...], TypeService]] = {
    enums.Service.ADMIN_PROCEDURES: (
        (
            T.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE,
            T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS,
        ),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.DAILY_DIGITAL_TOOLS: (
        (T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.JOB_INSERTION: (
        (
            T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,
            T.PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION,
            T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
        ),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.SAFE_DIGITAL_USE: (
        (T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.PARENTING: (
        (
            T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,
            T.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION,
        ),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.LEISURE_CREATION: (
        (
            T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,
            T.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES,
        ),
        TypeService.ATELIER,
    ),
    enums.Service.DIGITAL_WORLD: (
        (T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE,),
        TypeService.ACCOMPAGNEMENT,
    ),
    enums.Service.INTERNET_ACCESS: (
        (T.NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET,),
        TypeService.AIDE_MATERIELLE,
    ),
    enums.Service.SOLIDARITY_EQUIPMENT: (
        (T.NUMERIQUE__ACQUERIR_UN_EQUIPEMENT,),
        TypeService.AIDE_MATERIELLE,
    ),
}

# Publics the place addresses specifically; a place with none is `tous-publics`.
PUBLICS: dict[enums.Public, Public] = {
    enums.Public.YOUTH: Public.JEUNES,
    enums.Public.STUDENTS: Public.ETUDIANTS,
    enums.Public.FAMILIES: Public.FAMILLES,
    enums.Public.SENIORS: Public.SENIORS,
    enums.Public.WOMEN: Public.FEMMES,
}

# data·inclusion has only "gratuit" and "payant": a place where anything may be charged is "payant",
# with Maillage's labels in `frais_precisions`.
FEES: dict[enums.Fees, Frais] = {
    enums.Fees.FREE: Frais.GRATUIT,
    enums.Fees.FREE_UNDER_CONDITION: Frais.PAYANT,
    enums.Fees.PAID: Frais.PAYANT,
}

# How people are supported there; a place with none set, that receives the public, is `en-presentiel`.
SUPPORT_MODES: dict[enums.SupportMode, ModeAccueil] = {
    enums.SupportMode.AUTONOMOUS: ModeAccueil.EN_PRESENTIEL,
    enums.SupportMode.INDIVIDUAL: ModeAccueil.EN_PRESENTIEL,
    enums.SupportMode.WORKSHOP: ModeAccueil.EN_PRESENTIEL,
    enums.SupportMode.REMOTE: ModeAccueil.A_DISTANCE,
}

# How a service is reached, and by whom; a mode is only exported when its contact (phone, e-mail,
# appointment link) is filled in.
ACCESS_MODES: dict[enums.AccessMode, tuple[ModeMobilisation | None, PersonneMobilisatrice | None]] = {
    enums.AccessMode.WALK_IN: (ModeMobilisation.SE_PRESENTER, PersonneMobilisatrice.USAGERS),
    enums.AccessMode.PHONE: (ModeMobilisation.TELEPHONER, PersonneMobilisatrice.USAGERS),
    enums.AccessMode.EMAIL: (ModeMobilisation.ENVOYER_UN_COURRIEL, PersonneMobilisatrice.USAGERS),
    enums.AccessMode.ONLINE_APPOINTMENT: (ModeMobilisation.UTILISER_LIEN_MOBILISATION, PersonneMobilisatrice.USAGERS),
    enums.AccessMode.NO_PUBLIC: (None, None),
    enums.AccessMode.PRESCRIPTION: (ModeMobilisation.ENVOYER_UN_COURRIEL, PersonneMobilisatrice.PROFESSIONNELS),
}

# `reseaux_porteurs` of a place: from its structure's network kind, and from its national programmes.
NETWORK_KINDS: dict[enums.NetworkKind, ReseauPorteur | None] = {
    enums.NetworkKind.PIMMS_UNION: ReseauPorteur.PIMMS_MEDIATION,
    enums.NetworkKind.FRANCE_SERVICES: ReseauPorteur.FRANCE_SERVICE,
    enums.NetworkKind.DIGITAL_MEDIATION: None,
    enums.NetworkKind.OTHER: None,
}

PROGRAMMES: dict[enums.NationalProgramme, ReseauPorteur | None] = {
    enums.NationalProgramme.AIDANTS_CONNECT: ReseauPorteur.AIDANTS_CONNECT,
    enums.NationalProgramme.REFERENCE_LIBRARIES: None,
    enums.NationalProgramme.PIX: None,
    enums.NationalProgramme.DIGITAL_ADVISERS: ReseauPorteur.CONSEILLERS_NUMERIQUES,
    enums.NationalProgramme.EMMAUS_CONNECT: ReseauPorteur.EMMAUS,
    enums.NationalProgramme.FRANCE_SERVICES: ReseauPorteur.FRANCE_SERVICE,
    enums.NationalProgramme.GRANDE_ECOLE_NUMERIQUE: ReseauPorteur.GRANDES_ECOLES_DU_NUMERIQUE,
    enums.NationalProgramme.RED_CROSS: ReseauPorteur.CROIX_ROUGE,
    enums.NationalProgramme.CAF_ACCESS_POINT: ReseauPorteur.CAF,
    enums.NationalProgramme.PROMENEURS_DU_NET: None,
    enums.NationalProgramme.RELAIS_NUMERIQUE: ReseauPorteur.EMMAUS,
}
