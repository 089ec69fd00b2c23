"""An installation of the previous release upgrades with `migrate` and keeps every comment, reaction, report and
block: the discussion's tables moved from the exhibition app to the discussion app without being rebuilt."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from discussion.models import Block, Comment, Flag, Reaction, Thread
from discussion.services import comment_post

pytestmark = pytest.mark.breadth

# The last migrations of the release before the discussion had its own app.
PREVIOUS_RELEASE = [
    ("summit", "0004_content_in_three_languages"),
    ("workshops", "0003_shared_renditions"),
    ("exhibition", "0006_official_answer_facts"),
    ("discussion", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_the_previous_release_keeps_the_whole_discussion():
    old = migrate(PREVIOUS_RELEASE)
    user_model, city_model = old.get_model("summit", "User"), old.get_model("summit", "City")
    citizen = user_model.objects.create(email="citizen@example.org", name="Chris")
    troll = user_model.objects.create(email="troll@example.org", discussion_blocked=True)
    local_troll = user_model.objects.create(email="local@example.org")
    arnhem = city_model.objects.create(name="Arnhem", slug="arnhem", country="NL")
    showing = old.get_model("exhibition", "Showing").objects.create(
        city=arnhem, title="Samen leven", starts_on="2019-07-01", ends_on="2019-07-31", venue="Stadhuis"
    )
    showing.blocked_authors.add(local_troll)
    thread = old.get_model("exhibition", "Thread").objects.create(key="topic:healthy-cities", title="Healthy")
    old_comment = old.get_model("exhibition", "Comment")
    question = old_comment.objects.create(
        thread=thread, author=citizen, body="Shade?", body_html="<p>Shade?</p>", status="published"
    )
    at_showing = old_comment.objects.create(
        thread=thread, showing=showing, guest_name="Guest", body="In Arnhem", body_html="<p>In Arnhem</p>",
        status="pending",
    )  # fmt: skip
    reply = old_comment.objects.create(
        thread=thread, parent=question, author=troll, body="No.", body_html="<p>No.</p>", status="hidden"
    )
    old.get_model("exhibition", "Reaction").objects.create(comment=question, user=troll, kind="agree")
    old.get_model("exhibition", "Flag").objects.create(comment=reply, user=citizen, reason="Rude")

    migrate(latest())

    assert Thread.objects.get().key == "topic:healthy-cities"
    comments = {comment.pk: comment for comment in Comment.objects.all()}
    assert set(comments) == {question.pk, at_showing.pk, reply.pk}
    assert comments[question.pk].scope == "" and comments[question.pk].body == "Shade?"
    assert comments[at_showing.pk].scope == "showing:arnhem" and comments[at_showing.pk].status == "pending"
    assert comments[reply.pk].parent_id == question.pk
    assert Reaction.objects.get().comment_id == question.pk
    assert Flag.objects.get().reason == "Rude"
    assert {(block.user.email, block.scope) for block in Block.objects.select_related("user")} == {
        ("troll@example.org", ""),
        ("local@example.org", "showing:arnhem"),
    }
    # The upgraded discussion works: the showing's page shows its comment, and new comments can be made.
    assert comments[at_showing.pk].get_absolute_url().startswith("/exhibition/cities/arnhem/topics/healthy-cities/")
    comment_post(thread=Thread.objects.get(), user=AnonymousUser(), body="After the upgrade", guest_name="Guest")
    assert Comment.objects.count() == 4
