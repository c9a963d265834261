"""Every write with business meaning on plans, inspections, tasks and directives.

Import from the submodules (`inspections.services.tasks`, …)."""
