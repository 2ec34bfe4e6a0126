"""The first-run path of a new workspace: the steps that make it useful, asked of the apps.

Like the home page's panels, each app registers a provider in ``AppConfig.ready``::

    ONBOARDING.register(provider)

``provider(workspace, membership, request) -> FirstRunStep | None``. The workspace home
shows the steps, in ``order``, to members who may edit, until every step is done; a step
may carry ``html`` (the app's own rendered part, e.g. the template gallery) so the user
acts right there instead of hunting for the page.
"""

from __future__ import annotations

from typing import TypedDict

from teekond.core.providers import Registry


class FirstRunStep(TypedDict, total=False):
    key: str
    order: int
    title: str
    text: str
    done: bool
    url: str  # where the step is done
    action: str  # the button's words
    html: str  # optional: the step's own form, rendered by its app


ONBOARDING = Registry("core.onboarding")


def first_run(workspace, membership, request) -> list[FirstRunStep]:
    """The steps, or an empty list once all are done."""
    steps = ONBOARDING.collect(workspace, membership, request)
    if all(step.get("done") for step in steps):
        return []
    return steps
