"""The digital-skills check of Maillage: twelve observable tasks, three blocks, three levels.

Written for this project (see docs/skills-check.md). The mediator asks the person to do each task on
their own device (or the place's) and notes what they see: done alone, done with help, not done.

Scoring (documented, pure, no Django model involved):
- an answer is worth 2 points done alone, 1 point with help, 0 not done (a score out of 24);
- a block of four tasks is *acquired* when no task of it is "not done" and at least three of its
  four are done alone;
- level « initiation » while the basic block is not acquired; « perfectionnement » when the basic
  block is acquired and the everyday block is not; « autonomie » when both are acquired. The
  advanced block is what « autonomie » workshops teach: it moves the score, never the level.

Each task is mapped to the national framework CRCN (cadre de référence des compétences numériques,
annexe du décret n° 2019-919 du 30 août 2019, the framework Pix certifies: 5 domains, 16 competences),
by its competence code ("2.1") and label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maillage.workshops.enums import Answer, Level

CRCN_VERSION = "CRCN — décret n° 2019-919 du 30 août 2019 (référentiel Pix, 16 compétences)"
PIX_URL = "https://pix.fr/"

CRCN: dict[str, str] = {
    "1.1": "Mener une recherche et une veille d'information",
    "1.2": "Gérer des données",
    "2.1": "Interagir",
    "2.2": "Partager et publier",
    "2.4": "S'insérer dans le monde numérique",
    "4.1": "Sécuriser l'environnement numérique",
    "4.2": "Protéger les données personnelles et la vie privée",
    "5.2": "Évoluer dans un environnement numérique",
}
CRCN_DOMAINS = {
    "1": "Information et données",
    "2": "Communication et collaboration",
    "3": "Création de contenus",
    "4": "Protection et sécurité",
    "5": "Environnement numérique",
}

BASIC, EVERYDAY, ADVANCED = "basic", "everyday", "advanced"
BLOCKS = {
    BASIC: "Bases : l'appareil et les messages",
    EVERYDAY: "Usages courants : documents et démarches",
    ADVANCED: "Autonomie : identité numérique et sécurité",
}
POINTS = {Answer.ALONE: 2, Answer.HELPED: 1, Answer.NOT_DONE: 0}
ACQUIRED_ALONE = 3  # of the four tasks of a block, done alone


@dataclass(frozen=True)
class Task:
    code: str
    block: str
    label: str  # what the mediator asks the person to do, in French
    observe: str  # what counts as done, in French
    crcn: str  # competence code of CRCN

    @property
    def crcn_label(self) -> str:
        return f"{self.crcn} {CRCN[self.crcn]} ({CRCN_DOMAINS[self.crcn.split('.')[0]]})"


TASKS: tuple[Task, ...] = (
    Task(
        "unlock_phone",
        BASIC,
        "Allumer et déverrouiller un smartphone",
        "Code, schéma ou empreinte, sans que le médiateur touche l'appareil.",
        "5.2",
    ),
    Task(
        "connect_wifi",
        BASIC,
        "Se connecter au wifi du lieu",
        "Choisir le réseau, saisir le mot de passe affiché, vérifier que la connexion marche.",
        "5.2",
    ),
    Task(
        "read_sms_code",
        BASIC,
        "Lire un code reçu par SMS et le recopier",
        "Le code envoyé par le médiateur est retrouvé et saisi dans le champ demandé.",
        "2.1",
    ),
    Task(
        "open_email",
        BASIC,
        "Ouvrir sa messagerie et lire un courriel reçu",
        "La personne retrouve sa boîte (application ou site) et ouvre le dernier courriel.",
        "2.1",
    ),
    Task(
        "open_attachment",
        EVERYDAY,
        "Ouvrir une pièce jointe reçue par courriel",
        "Le document PDF joint s'affiche et la personne sait le retrouver ensuite.",
        "1.2",
    ),
    Task(
        "photo_document",
        EVERYDAY,
        "Photographier un justificatif et l'envoyer",
        "Photo nette, document entier, envoyée en pièce jointe à l'adresse donnée.",
        "2.2",
    ),
    Task(
        "find_procedure",
        EVERYDAY,
        "Trouver une démarche sur service-public.fr",
        "À partir d'un moteur de recherche, la bonne fiche officielle est ouverte (pas un site payant).",
        "1.1",
    ),
    Task(
        "fill_form",
        EVERYDAY,
        "Remplir et valider un formulaire en ligne",
        "Champs obligatoires remplis, erreurs signalées corrigées, envoi confirmé.",
        "2.1",
    ),
    Task(
        "create_password",
        ADVANCED,
        "Créer un mot de passe solide et savoir le retrouver",
        "Au moins 12 caractères, différent des autres comptes, noté dans un endroit sûr.",
        "4.1",
    ),
    Task(
        "franceconnect",
        ADVANCED,
        "Se connecter à un service public avec FranceConnect",
        "Le bouton FranceConnect est choisi et la connexion aboutit avec un compte existant.",
        "2.4",
    ),
    Task(
        "download_certificate",
        ADVANCED,
        "Télécharger une attestation et la retrouver",
        "Attestation CAF ou ameli téléchargée puis rouverte depuis le téléphone ou l'ordinateur.",
        "1.2",
    ),
    Task(
        "spot_scam",
        ADVANCED,
        "Reconnaître un message frauduleux",
        "Sur deux exemples (faux SMS de livraison, faux site d'amende), la personne repère l'arnaque.",
        "4.2",
    ),
)
TASK_CODES = tuple(task.code for task in TASKS)
MAX_SCORE = 2 * len(TASKS)


@dataclass(frozen=True)
class Result:
    level: Level
    score: int
    acquired: dict[str, bool]  # block -> acquired


def block_acquired(answers: Mapping[str, str], block: str) -> bool:
    given = [answers[t.code] for t in TASKS if t.block == block]
    return Answer.NOT_DONE not in given and sum(a == Answer.ALONE for a in given) >= ACQUIRED_ALONE


def score(answers: Mapping[str, str]) -> Result:
    """The level and score of a complete set of answers (every task answered with an `Answer` code)."""
    missing = [code for code in TASK_CODES if answers.get(code) not in Answer.values]
    if missing:
        raise ValueError(f"Réponses manquantes ou invalides : {', '.join(missing)}")
    acquired = {block: block_acquired(answers, block) for block in BLOCKS}
    if not acquired[BASIC]:
        level = Level.BEGINNER
    elif not acquired[EVERYDAY]:
        level = Level.INTERMEDIATE
    else:
        level = Level.AUTONOMOUS
    total = sum(POINTS[Answer(answers[code])] for code in TASK_CODES)
    return Result(level=level, score=total, acquired=acquired)
