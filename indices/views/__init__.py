"""Pages of the agency registry and the PAR index, split by concept."""
