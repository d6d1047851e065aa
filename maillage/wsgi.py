import os

from django.core.wsgi import get_wsgi_application

from maillage.env import ConfigurationError, exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
try:
    application = get_wsgi_application()
except ConfigurationError as error:
    exit_on_configuration_error(error)
