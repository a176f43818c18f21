"""Developer and demo settings: debug on, embedded defaults allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
WHITENOISE_USE_FINDERS = DEBUG
