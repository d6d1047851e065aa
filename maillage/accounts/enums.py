from django.db import models


class Role(models.TextChoices):
    MEDIATOR = "mediator", "Médiateur ou médiatrice"
    STRUCTURE_MANAGER = "structure_manager", "Responsable de structure"
    PARTNER_VIEWER = "partner_viewer", "Partenaire (lecture des agrégats)"
    NETWORK_COORDINATOR = "network_coordinator", "Coordination de réseau"
    ADMINISTRATOR = "administrator", "Administration de la plateforme"


STRUCTURE_ROLES = {Role.MEDIATOR, Role.STRUCTURE_MANAGER}
MFA_ROLES = {Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}
