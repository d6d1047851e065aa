"""Vocabularies of the network app.

Codes are ASCII English (or the national code where one exists); labels are the French values
of the national standard of lieux de médiation numérique v1.0.2 (exports use the labels).
"""

from django.db import models


class Service(models.TextChoices):
    ADMIN_PROCEDURES = "admin_procedures", "Aide aux démarches administratives"
    DAILY_DIGITAL_TOOLS = "daily_digital_tools", "Maîtrise des outils numériques du quotidien"
    JOB_INSERTION = "job_insertion", "Insertion professionnelle via le numérique"
    SAFE_DIGITAL_USE = "safe_digital_use", "Utilisation sécurisée du numérique"
    PARENTING = "parenting", "Parentalité et éducation avec le numérique"
    LEISURE_CREATION = "leisure_creation", "Loisirs et créations numériques"
    DIGITAL_WORLD = "digital_world", "Compréhension du monde numérique"
    INTERNET_ACCESS = "internet_access", "Accès internet et matériel informatique"
    SOLIDARITY_EQUIPMENT = "solidarity_equipment", "Acquisition de matériel informatique à prix solidaire"


class Public(models.TextChoices):
    YOUTH = "youth", "Jeunes"
    STUDENTS = "students", "Étudiants"
    FAMILIES = "families", "Familles et/ou enfants"
    SENIORS = "seniors", "Seniors"
    WOMEN = "women", "Femmes"


class SpecificSupport(models.TextChoices):
    DEAFNESS = "deafness", "Surdité"
    MOTOR_DISABILITY = "motor_disability", "Handicaps moteurs"
    MENTAL_DISABILITY = "mental_disability", "Handicaps mentaux"
    ILLITERACY = "illiteracy", "Illettrisme"
    ENGLISH = "english", "Langues étrangères (anglais)"
    OTHER_LANGUAGES = "other_languages", "Langues étrangères (autres)"
    VISUAL_IMPAIRMENT = "visual_impairment", "Déficience visuelle"


class Fees(models.TextChoices):
    FREE = "free", "Gratuit"
    FREE_UNDER_CONDITION = "free_under_condition", "Gratuit sous condition"
    PAID = "paid", "Payant"


class NationalProgramme(models.TextChoices):
    AIDANTS_CONNECT = "aidants_connect", "Aidants Connect"
    REFERENCE_LIBRARIES = "reference_libraries", "Bibliothèques numérique de référence"
    PIX = "pix", "Certification PIX"
    DIGITAL_ADVISERS = "digital_advisers", "Conseillers numériques"
    EMMAUS_CONNECT = "emmaus_connect", "Emmaüs Connect"
    FRANCE_SERVICES = "france_services", "France Services"
    GRANDE_ECOLE_NUMERIQUE = "grande_ecole_numerique", "Grande école du numérique"
    RED_CROSS = "red_cross", "La Croix Rouge"
    CAF_ACCESS_POINT = "caf_access_point", "Point d'accès numérique CAF"
    PROMENEURS_DU_NET = "promeneurs_du_net", "Promeneurs du net"
    RELAIS_NUMERIQUE = "relais_numerique", "Relais numérique (Emmaüs Connect)"


class AccessMode(models.TextChoices):
    WALK_IN = "walk_in", "Se présenter"
    PHONE = "phone", "Téléphoner"
    EMAIL = "email", "Contacter par mail"
    ONLINE_APPOINTMENT = "online_appointment", "Prendre un RDV en ligne"
    NO_PUBLIC = "no_public", "Ce lieu n'accueille pas de public"
    PRESCRIPTION = "prescription", "Envoyer un mail avec une fiche de prescription"


class SupportMode(models.TextChoices):
    AUTONOMOUS = "autonomous", "En autonomie"
    INDIVIDUAL = "individual", "Accompagnement individuel"
    WORKSHOP = "workshop", "Dans un atelier collectif"
    REMOTE = "remote", "À distance"


class Mobility(models.TextChoices):
    FIXED = "fixed", "Fixe"
    ITINERANT = "itinerant", "Itinérant"


class Function(models.TextChoices):
    """Common signage (seeds 000 and 003): the functions a hybrid place offers."""

    ESSENTIAL_SERVICES = "essential_services", "Accès aux services essentiels"
    LEARNING = "learning", "Apprendre"
    PROJECTS = "projects", "Créer et développer des projets"
    DIGITAL_MEDIATION = "digital_mediation", "Médiation numérique"
    LIBRARY = "library", "Médiathèque"
    COWORKING = "coworking", "Coworking, télécentre"
    FABLAB = "fablab", "Fablab"
    CAFE = "cafe", "Café, lieu convivial"


class ChainRole(models.TextChoices):
    """Position of a structure in the path to a right (seeds 004)."""

    DIGITAL_SKILLS = "digital_skills", "Développe les compétences numériques"
    ACCESS_TO_RIGHTS = "access_to_rights", "Accompagne l'accès aux droits"
    DIGITAL_IDENTITY = "digital_identity", "Identité numérique et données personnelles"
    SOCIAL_SUPPORT = "social_support", "Accompagnement social"
    FIRST_RECEPTION = "first_reception", "Premier accueil et orientation"


class NetworkKind(models.TextChoices):
    PIMMS_UNION = "pimms_union", "Union des PIMMS"
    FRANCE_SERVICES = "france_services", "Réseau France Services"
    DIGITAL_MEDIATION = "digital_mediation", "Réseau de médiation numérique"
    OTHER = "other", "Autre réseau"


class PartnerKind(models.TextChoices):
    PUBLIC = "public", "Opérateur public"
    PRIVATE = "private", "Entreprise de service"
    OTHER = "other", "Autre"


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "Anglais"
    AR = "ar", "Arabe"
    ES = "es", "Espagnol"
    PT = "pt", "Portugais"
    IT = "it", "Italien"
    DE = "de", "Allemand"
    TR = "tr", "Turc"
    RO = "ro", "Roumain"
    RU = "ru", "Russe"
    UK = "uk", "Ukrainien"
    ZH = "zh", "Chinois"
    WO = "wo", "Wolof"
    KAB = "kab", "Kabyle"
    FSL = "fsl", "Langue des signes française"


class Typology(models.TextChoices):
    """Typology codes of structures (data·inclusion vocabulary used by the national schema)."""

    ACI = "ACI", "Structure porteuse d'ateliers et chantiers d'insertion"
    ACIPHC = "ACIPHC", "SIAE — Atelier chantier d'insertion premières heures en chantier"
    AFPA = "AFPA", "Agence nationale pour la formation professionnelle des adultes"
    AI = "AI", "Association intermédiaire"
    ASE = "ASE", "Aide sociale à l'enfance"
    ASSO = "ASSO", "Associations"
    ASSO_CHOMEUR = "ASSO_CHOMEUR", "Associations de chômeurs"
    AUTRE = "Autre", "Autre"
    AVIP = "AVIP", "Crèche à vocation d'insertion professionnelle"
    BIB = "BIB", "Bibliothèque / Médiathèque"
    CAARUD = "CAARUD", "Centre d'accueil et d'accompagnement à la réduction de risques"
    CADA = "CADA", "Centres d'accueil de demandeurs d'asile"
    CAF = "CAF", "Caisses d'allocation familiale"
    CAP_EMPLOI = "CAP_EMPLOI", "Cap Emploi"
    CAVA = "CAVA", "Centres d'adaptation à la vie active"
    CC = "CC", "Communauté de communes"
    CCAS = "CCAS", "Centre communal d'action sociale"
    CCONS = "CCONS", "Chambres consulaires"
    CD = "CD", "Conseils départementaux"
    CHRS = "CHRS", "Centre d'hébergement et de réinsertion sociale"
    CHU = "CHU", "Centres d'hébergement d'urgence"
    CIAS = "CIAS", "Centres intercommunaux d'action sociale"
    CIDFF = "CIDFF", "Centres d'information sur les droits des femmes et des familles"
    CITMET = "CITMET", "Cité des métiers"
    CPAM = "CPAM", "Caisse primaire d'assurance maladie"
    CPH = "CPH", "Centres provisoires d'hébergement"
    CS = "CS", "Centre social"
    CSAPA = "CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie"
    CSC = "CSC", "Centre socio-culturel"
    DEETS = "DEETS", "Directions de l'économie, de l'emploi, du travail et des solidarités"
    DEPT = "DEPT", "Services sociaux du conseil départemental"
    DIPLP = "DIPLP", "Délégation interministérielle à la prévention et à la lutte contre la pauvreté"
    E2C = "E2C", "École de la deuxième chance"
    EA = "EA", "Entreprise adaptée"
    EATT = "EATT", "Entreprise adaptée de travail temporaire"
    EI = "EI", "Entreprise d'insertion"
    EITI = "EITI", "Entreprise d'insertion par le travail indépendant"
    ENM = "ENM", "Espaces numériques mobiles"
    EPCI = "EPCI", "Intercommunalité"
    EPI = "EPI", "Espace public internet"
    EPIDE = "EPIDE", "Établissement pour l'insertion dans l'emploi"
    EPN = "EPN", "Espace public numérique"
    ES = "ES", "Épicerie solidaire"
    ESS = "ESS", "Entreprise de l'économie sociale et solidaire"
    ETTI = "ETTI", "Entreprise de travail temporaire d'insertion"
    EVS = "EVS", "Espace de vie sociale"
    FABLAB = "FABLAB", "Fablab"
    FAIS = "FAIS", "Fédérations d'acteurs de l'insertion et de la solidarité"
    FT = "FT", "France Travail"
    GEIQ = "GEIQ", "Groupement d'employeurs pour l'insertion et la qualification"
    HUDA = "HUDA", "Hébergement d'urgence pour demandeurs d'asile"
    LA_POSTE = "LA_POSTE", "La Poste"
    MDE = "MDE", "Maison de l'emploi"
    MDEF = "MDEF", "Maison de l'emploi et de la formation"
    MDPH = "MDPH", "Maison départementale des personnes handicapées"
    MDS = "MDS", "Maison départementale des solidarités"
    MJC = "MJC", "Maison des jeunes et de la culture"
    ML = "ML", "Mission locale"
    MQ = "MQ", "Maison de quartier"
    MSA = "MSA", "Mutualité sociale agricole"
    MSAP = "MSAP", "Maison de services au public"
    MUNI = "MUNI", "Municipalité"
    OACAS = "OACAS", "Organisme d'accueil communautaire et d'activité solidaire"
    OCASF = "OCASF", "Organisme de l'action sociale et familiale"
    OF = "OF", "Organisme de formation"
    OIL = "OIL", "Opérateur d'intermédiation locative"
    OPCS = "OPCS", "Organisation ou club sportif"
    PAD = "PAD", "Point d'accès au droit"
    PENSION = "PENSION", "Pension de famille / résidence accueil"
    PIJ_BIJ = "PIJ_BIJ", "Point ou bureau information jeunesse"
    PIMMS = "PIMMS", "Point information médiation multi services"
    PJJ = "PJJ", "Protection judiciaire de la jeunesse"
    PLIE = "PLIE", "Plan local pour l'insertion et l'emploi"
    PREF = "PREF", "Préfecture, sous-préfecture"
    PREVENTION = "PREVENTION", "Service ou club de prévention"
    REG = "REG", "Région"
    RESSOURCERIE = "RESSOURCERIE", "Ressourcerie"
    RFS = "RFS", "Réseau France Services"
    RS_FJT = "RS_FJT", "Résidence sociale / foyer de jeunes travailleurs"
    SCP = "SCP", "Services et clubs de prévention"
    SPIP = "SPIP", "Service pénitentiaire d'insertion et de probation"
    TIERS_LIEUX = "TIERS_LIEUX", "Tiers-lieu et coworking"
    UDAF = "UDAF", "Union départementale d'aide aux familles"


class ProcedureDomain(models.TextChoices):
    """The 10 perimeters of Aidants Connect mandates, also used in activity reports."""

    PAPERS_CITIZENSHIP = "papers_citizenship", "Papiers, citoyenneté, élections"
    FAMILY_SCHOOL = "family_school", "Famille, scolarité"
    SOCIAL_HEALTH = "social_health", "Social, santé"
    WORK_TRAINING = "work_training", "Travail, formation"
    HOUSING = "housing", "Logement"
    TRANSPORT = "transport", "Transports, mobilité"
    MONEY_TAX = "money_tax", "Argent, impôts, consommation"
    JUSTICE = "justice", "Justice"
    FOREIGNERS_EUROPE = "foreigners_europe", "Étrangers, Europe"
    LEISURE_CULTURE = "leisure_culture", "Loisirs, sport, culture"
