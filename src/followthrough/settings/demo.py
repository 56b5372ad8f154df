"""`followthrough demo`: the dev settings with DEBUG off.

The demo is what a first visitor — and, through order links, a customer — sees, so it never
shows Django's debug pages (they list every URL pattern and setting). Static files are still
served by WhiteNoise from the app folders (WHITENOISE_USE_FINDERS in dev), and 404/500 are our
own friendly pages. For debug pages while developing, use followthrough.settings.dev.
"""

from followthrough.settings.dev import *  # noqa: F403

DEBUG = False
WHITENOISE_AUTOREFRESH = False
