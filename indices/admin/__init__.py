"""Admin pages of the indices app, one module per domain concept; the shared
building blocks are in `base` (also used by the inspections admin)."""

from . import agencies, framework_nodes, frameworks, scores, users  # noqa: F401
