"""``{% app_shell %}``: base.html's sidebar, workspace switcher and user menu."""

from django import template

from teekond.accounts.navigation import shell

register = template.Library()


@register.inclusion_tag("accounts/_sidebar.html", takes_context=True)
def app_sidebar(context):
    request = context.get("request")
    if request is None:
        return {}
    workspace = context.get("workspace")
    membership = context.get("membership")
    found = shell(request, workspace, membership)
    return {**found, "workspace": workspace, "membership": membership, "request": request}
