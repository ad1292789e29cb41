"""The project's ASGI application plus static files, for the tests' daphne subprocess.

Test settings run with DEBUG off, where `gigcase.asgi` leaves static files to a reverse
proxy; the browser test needs the page's CSS and JavaScript from the same server.
"""

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from gigcase.asgi import application as project_application

application = ASGIStaticFilesHandler(project_application)
