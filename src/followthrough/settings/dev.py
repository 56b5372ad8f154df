"""Local development and `followthrough demo`."""

from followthrough.settings.base import *  # noqa: F403
from followthrough.settings.base import SECRET_KEY as _SECRET_KEY
from followthrough.settings.env import envbool

DEBUG = envbool("DEBUG", True)
SECRET_KEY = _SECRET_KEY or "dev-only-not-secret-followthrough-0123456789abcdefghijklmnop"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Static files come straight from the app folders (no collectstatic) through WhiteNoise,
# whatever DEBUG says, so `followthrough demo` and `serve` work on a fresh checkout.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
