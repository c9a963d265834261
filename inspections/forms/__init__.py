"""Forms of the inspections app; import from the submodules."""
