# Importing the Celery app here makes @shared_task bind to it when Django starts
# (Celery's "First steps with Django" guide).
from .celery import app as celery_app

__all__ = ("celery_app",)
