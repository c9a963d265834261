"""Every write with business meaning on agencies, frameworks and scores."""

from .agencies import agency_code_from_name, agency_upsert

__all__ = ["agency_code_from_name", "agency_upsert"]
