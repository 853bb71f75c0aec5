import os

from django.core.wsgi import get_wsgi_application

# A web server runs production settings unless told otherwise: they fail loudly without a secret key.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkregie.conf.base")
application = get_wsgi_application()
