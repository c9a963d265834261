"""The default permissions of the site's roles (indices.roles) on the
inspections app's models, added from InspectionsConfig.ready."""

from indices.roles import Role, grant_defaults

_SNV_MODELS = [
    "inspectionplan",
    "coveragetarget",
    "inspection",
    "finding",
    "remediationtask",
    "taskevent",
    "evidence",
    "directive",
]

grant_defaults(
    Role.SNV_STAFF,
    [
        *(
            f"inspections.{action}_{model}"
            for model in _SNV_MODELS
            for action in ("view", "add", "change")
        ),
        "inspections.approve_inspectionplan",
        "inspections.verify_remediationtask",
        "inspections.change_deadline_remediationtask",
        "inspections.report_remediationtask",
        "inspections.delete_inspection",
        "inspections.delete_finding",
        "inspections.view_reminderrule",
        "inspections.change_reminderrule",
        "inspections.view_reminder",
        "inspections.view_reminderscan",
        "inspections.view_reminderdigest",
        "inspections.run_reminderscan",
    ],
)
_READ = [
    "inspections.view_inspection",
    "inspections.view_finding",
    "inspections.view_remediationtask",
    "inspections.view_directive",
    "inspections.view_evidence",
]
grant_defaults(Role.LEADERSHIP, ["inspections.view_inspectionplan", *_READ])
grant_defaults(
    Role.AGENCY_STAFF,
    [*_READ, "inspections.add_evidence", "inspections.report_remediationtask"],
)
