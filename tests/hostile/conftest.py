import datetime
import re

import pytest
from django.core import mail

from declarations.models import DeclarationStatus
from declarations.services.pledges import pledge_create
from declarations.services.signing import signature_record_on_paper
from declarations.services.texts import declaration_load
from discussion.models import Thread
from discussion.services import comment_post
from exhibition.services.showings import showing_moderators_sync
from rooms.models import PollKind
from rooms.services import poll_create, poll_open, poll_show, room_ensure
from summit.models import Invitation, InvitationRole
from summit.services import invitation_send
from tests.factories import DelegateFactory, EventFactory, ShowingFactory, UserFactory
from tests.hostile.world import World, sources_city
from workshops.hosting import room_key
from workshops.models import BestPractice, Workshop


@pytest.fixture
def world(sources, publish, summit, citizen, mayor, facilitator, organiser, django_capture_on_commit_callbacks):
    publish()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            invitation=Invitation(email="new.mayor@example.org", role=InvitationRole.MAYOR, city=sources_city(mayor)),
            by=organiser,
        )
    invitation = re.search(r"(/invitations/[\w-]+/)", mail.outbox.pop().body).group(1)
    thread = Thread.objects.get(key="topic:healthy-cities")
    declaration = declaration_load(
        slug="duesseldorf-2019", title="Düsseldorf Declaration", place="Düsseldorf",
        status=DeclarationStatus.OPEN, adopted_on=datetime.date(2019, 8, 31), note="", clauses=["Act locally."],
    )  # fmt: skip
    city = mayor.delegations.get().city
    signature_record_on_paper(declaration=declaration, city=city, signed_on=datetime.date(2019, 8, 31))
    pledge = pledge_create(
        declaration=declaration, city=city, by=mayor,
        data={"topic": sources["healthy"], "title": "Shade", "description": "Trees.",
              "target_date": datetime.date(2030, 9, 1)},
    )  # fmt: skip
    workshop, other_workshop = Workshop.objects.order_by("pk")
    workshop.facilitators.add(facilitator)
    other_mayor = DelegateFactory(city__name="Vienna", city__slug="vienna", user__email="vienna@example.org").user
    practice = BestPractice.objects.create(
        city=city, topic=sources["healthy"], title="Draft practice", summary="Short.", body="Long.", author=mayor
    )
    showing = ShowingFactory(city=city)
    moderator = UserFactory(email="moderator@example.org")
    showing.moderators.add(moderator)
    showing_moderators_sync()
    polls = {}
    for room_of, kind in ((workshop, PollKind.WORDS), (other_workshop, PollKind.TEXT)):
        room = room_ensure(key=room_key(room_of))
        poll = poll_create(room=room, kind=kind, question="What would you change?", options=[], by=facilitator)
        polls[kind] = poll_show(poll=poll_open(poll=poll, by=facilitator), shown=True, by=facilitator)
    return World(
        words_poll=polls[PollKind.WORDS], text_poll=polls[PollKind.TEXT],
        moderator=moderator, showing_city=city.slug, thread=thread, citizen=citizen,
        other_citizen=UserFactory(email="other@example.org"), mayor=mayor, other_mayor=other_mayor,
        facilitator=facilitator, organiser=organiser, workshop=workshop,
        other_workshop=other_workshop, practice=practice, pledge=pledge,
        comment=comment_post(thread=thread, user=citizen, body="A first comment."), invitation=invitation,
        event=EventFactory(item__summit=summit, item__topic=sources["healthy"], questions_open=True),
    )  # fmt: skip
