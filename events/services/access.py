"""Who may see and change what: attendee data by page rights, and the organisation's roles.

Attendee data of a gathering is for users who may edit that gathering's page. Organisers edit
their own gatherings, Moderators publish.

Wagtail grants page permissions to groups, per subtree. "Organisers" may add gatherings under
What's on (and edit the ones they added) but not publish, so each new gathering goes through the
"Gathering approval" workflow to the Moderators. An organiser of an existing gathering gets a
group of its own with edit rights on that page only; attendee data follows the same rights.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import EventIndexPage, EventPage, Occurrence
from hearth.translations import in_site_language


def can_manage_attendees(user, event):
    """Attendee data of ``event`` is for users who may edit that gathering's page."""
    return event.attendees_visible_to(user)


def manageable_events(user):
    """The gatherings whose attendees ``user`` may see."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    # Each gathering once: its translations share its dates and attendees.
    return in_site_language(EventPage.objects.filter(pk__in=pages.values("pk")))


def manageable_occurrences(user):
    return Occurrence.objects.filter(event__in=manageable_events(user))


def organisers_of(event):
    """Active users who may edit ``event`` (and so see its attendees and requests to join)."""
    return PagePermissionPolicy().users_with_permission_for_instance("change", event)


ORGANISERS = "Organisers"
MODERATORS = "Moderators"
WORKFLOW = "Gathering approval"


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _grant(group, page, *types):
    for permission_type in types:
        if not GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(
                group=group, page=page, permission_type=permission_type
            )


@transaction.atomic
def set_up_roles():
    """Create the groups, their rights on What's on, and the approval workflow. Idempotent."""
    index = in_site_language(EventIndexPage.objects).first()
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    organisers.permissions.add(_admin_access())
    moderators.permissions.add(_admin_access())
    for codename in ("choose_image", "add_image"):
        permission = Permission.objects.filter(
            codename=codename, content_type__app_label="wagtailimages"
        )
        organisers.permissions.add(*permission)
        moderators.permissions.add(*permission)
    # Translating a page they may edit (hearth/translations.py).
    translate = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    organisers.permissions.add(*translate)
    moderators.permissions.add(*translate)
    if index is None:
        return organisers, moderators, None
    for page in [index, *index.get_translations()]:
        _grant(organisers, page, "add")
        _grant(moderators, page, "add", "change", "publish")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    task, created = GroupApprovalTask.objects.get_or_create(name="Moderator approval")
    if created:
        task.groups.set([moderators])
    # WorkflowTask directly: the workflow's cluster relation would only add it in memory.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in [index, *index.get_translations()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return organisers, moderators, workflow


@transaction.atomic
def make_organiser(user, event):
    """Let ``user`` edit ``event`` (and see its attendees): a group of that gathering's own."""
    organisers, _, _ = set_up_roles()
    # Keyed by the page's id: two gatherings may share a title, never a group.
    group, _ = Group.objects.get_or_create(name=f"Organisers of gathering #{event.pk}")
    group.permissions.add(_admin_access())
    for page in [event, *event.get_translations()]:
        _grant(group, page, "change")
    user.groups.add(organisers, group)
    return group
