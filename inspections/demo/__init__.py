"""Demo data loaded by `manage.py seed_demo`, one module per feature."""
