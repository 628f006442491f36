"""Who may do what: the organisation's roles and approval workflow, and attendee data by the
right to edit a gathering's page."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.services.access import make_organiser, set_up_roles
from tests.factories import make_event_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def first_date(event):
    return event.occurrences.order_by("start").first()


def test_moderator_approval_workflow_publishes_an_organisers_new_gathering(
    client, django_user_model, two_gatherings
):
    organisers, moderators, workflow = set_up_roles()
    author = django_user_model.objects.create_user("ola", "ola@example.org", "a-long-test-password")
    author.groups.add(organisers)
    moderator = django_user_model.objects.create_user(
        "mo", "mo@example.org", "a-long-test-password"
    )
    moderator.groups.add(moderators)
    draft = make_event_page(title="Men's walking group", publish=False, owner=author)
    assert draft.permissions_for_user(author).can_edit()
    assert not draft.permissions_for_user(author).can_publish()

    workflow_state = workflow.start(draft, author)
    draft.refresh_from_db()
    assert not draft.live
    task_state = workflow_state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, moderator)
    task_state.task.specific.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live
    assert draft.occurrences.exists()


def test_organisers_cannot_publish_directly(django_user_model, two_gatherings):
    set_up_roles()
    user = django_user_model.objects.create_user("ola", "ola@example.org", "x-long-password")
    make_organiser(user, two_gatherings[0])
    permissions = two_gatherings[0].permissions_for_user(user)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not user.has_perm(Permission.objects.get(codename="change_rsvp").codename)


def test_organisers_of_two_gatherings_with_the_same_title_see_only_their_own(
    client, django_user_model
):
    one = make_event_page(title="Tuesday group", first_date=dt.date(2026, 11, 1))
    two = make_event_page(title="Tuesday group", first_date=dt.date(2026, 11, 1))
    ann = django_user_model.objects.create_user("ann", "ann@example.org", "a-long-password-1")
    bob = django_user_model.objects.create_user("bob", "bob@example.org", "a-long-password-2")
    make_organiser(ann, one)
    make_organiser(bob, two)
    client.force_login(ann)
    assert client.get(reverse("events_attendees", args=[first_date(one).pk])).status_code == 200
    assert client.get(reverse("events_attendees", args=[first_date(two).pk])).status_code == 404


def test_an_organiser_translates_their_gathering_and_edits_the_translation_in_the_admin(
    client, django_user_model, two_gatherings
):
    """The organisers of a gathering may translate it (Wagtail's "Translate" menu) and edit the
    translation; it goes to the Moderators like their other changes; their list of gatherings
    still shows each gathering once."""
    from wagtail.models import Locale

    from events.services.access import manageable_events

    organisers, moderators, workflow = set_up_roles()
    user = django_user_model.objects.create_user("ola", "ola@example.org", "x-long-password")
    event = two_gatherings[0]
    make_organiser(user, event)
    polish = Locale.objects.get(language_code="pl")
    # An administrator opens Polish: translates What's on (the home page comes along).
    event.get_parent().specific.copy_for_translation(polish, copy_parents=True)
    client.force_login(user)
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[event.pk]),
        {"locales": [polish.pk]},
    )
    assert response.status_code == 302
    translation = event.get_translation(polish).specific
    assert not translation.live
    permissions = translation.permissions_for_user(user)
    assert permissions.can_edit() and not permissions.can_publish()
    assert translation.get_workflow() == workflow
    assert client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).status_code == 200
    assert list(manageable_events(user)) == [event]
