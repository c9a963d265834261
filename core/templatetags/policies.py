"""`{% allowed "app.object.action" obj as name %}`: templates ask the policy
modules (core.policies) whether to show a button, never decide themselves."""

from django import template

from ..policies import allowed as rule_allows

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context, name: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return rule_allows(name, user, obj)
