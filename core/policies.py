"""Named rules: the registry through which core (menu, admin entry, the
`{% allowed %}` template tag) asks an app's policy module "may this user do X
to this object now", without importing the app.

Each app's policy module is the one place that answers for its objects; it
decorates its functions with `@rule("app.object.action")`, and they stay
ordinary functions that its own views and services call directly. A name
nobody registered is refused, so a missing rule never opens a door.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

Check = Callable[..., bool]

_RULES: dict[str, Check] = {}


def rule(name: str) -> Callable[[Check], Check]:
    """Register the decorated `check(user, obj=None) -> bool` under `name`."""

    def register(check: Check) -> Check:
        if name in _RULES and _RULES[name] is not check:
            raise ValueError(f"Rule {name!r} is registered twice.")
        _RULES[name] = check
        return check

    return register


def allowed(name: str, user, obj=None) -> bool:
    check = _RULES.get(name)
    if check is None or user is None:
        return False
    return bool(check(user) if obj is None else check(user, obj))


def require(allowed_: bool) -> None:
    """Raise PermissionDenied unless `allowed_`; for guards that already asked."""
    if not allowed_:
        raise PermissionDenied


def registered() -> frozenset[str]:
    return frozenset(_RULES)
