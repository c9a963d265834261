from .agencies import (
    Agency,
    AgencyGroup,
    AgencyQuerySet,
    Reorganisation,
    ReorganisationKind,
    split_email_list,
)
from .assessments import Assessment, AssessmentSource, NodeScore
from .frameworks import (
    Band,
    Framework,
    FrameworkNode,
    NodeLevel,
    ResultsState,
    ScoringMethod,
)
from .users import User

__all__ = [
    "Agency",
    "AgencyGroup",
    "AgencyQuerySet",
    "Assessment",
    "AssessmentSource",
    "Band",
    "Framework",
    "FrameworkNode",
    "NodeLevel",
    "NodeScore",
    "Reorganisation",
    "ReorganisationKind",
    "ResultsState",
    "ScoringMethod",
    "User",
    "split_email_list",
]
