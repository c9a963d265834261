"""Input forms of the inspections app, one module per feature."""
