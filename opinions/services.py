"""Writes for the opinions: the statements each edition brings, a person's vote (one per statement, replaced when
changed), and the nightly computation of the opinion groups."""

import hashlib
import logging
import re

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from opinions import clustering
from opinions.models import OpinionMap, PaperTally, Statement, StatementSource, StatementStatus, Vote
from summit.models import Topic, User

logger = logging.getLogger(__name__)


def fingerprint_of(text: str) -> str:
    """The identity of a statement's text: the same words, whatever the spacing and case, are the same statement."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().casefold().encode()).hexdigest()


def statements_sync(*, topic_slug: str, items: list[tuple[str, str]]) -> int:
    """The statements an edition brings for a topic, as (text, source). A statement already known keeps its votes
    and its status (one the organisers left out stays out); a new one is shown. An outcome or commitment the
    edition no longer carries retires. Returns how many were new."""
    topic = Topic.objects.filter(slug=topic_slug).first()
    if topic is None:
        return 0
    wanted = {fingerprint_of(text): (text, source) for text, source in items}
    known = {statement.fingerprint: statement for statement in topic.statements.all()}
    new = [
        Statement(topic=topic, text=text[:500], fingerprint=fingerprint, source=source)
        for fingerprint, (text, source) in wanted.items()
        if fingerprint not in known
    ]
    Statement.objects.bulk_create(new, ignore_conflicts=True)
    edition_sources = {StatementSource.OUTCOME, StatementSource.COMMITMENT}
    gone = [s.pk for f, s in known.items() if f not in wanted and s.source in edition_sources]
    Statement.objects.filter(pk__in=gone, status=StatementStatus.SHOWN).update(status=StatementStatus.RETIRED)
    back = [s.pk for f, s in known.items() if f in wanted and s.status == StatementStatus.RETIRED]
    Statement.objects.filter(pk__in=back).update(status=StatementStatus.SHOWN)
    return len(new)


def statement_save(*, statement: Statement) -> Statement:
    """An organiser's statement from the admin: its fingerprint follows its English text."""
    statement.fingerprint = fingerprint_of(statement.text_en or statement.text)
    statement.save()
    return statement


class StatementTaken(Exception):
    """The topic already has a statement with the same words."""


def statement_propose(*, topic: Topic, text: str, user: User) -> Statement:
    """A visitor's statement, in the language they write in; it waits for the organisers (the admin) before anyone
    weighs it. The same words as a statement the topic has (shown, proposed or left out) raise StatementTaken."""
    statement = Statement(
        topic=topic, text=text.strip(), fingerprint=fingerprint_of(text), source=StatementSource.CITIZEN,
        status=StatementStatus.PROPOSED, proposed_by=user,
    )  # fmt: skip
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as taken:
        raise StatementTaken from taken
    logger.info("Statement %s proposed on %s", statement.pk, topic.slug)
    return statement


def paper_tallies_save(*, scope: str, tallies: dict[Statement, tuple[int, int, int]], user: User) -> int:
    """A showing's voting wall as its moderators counted it: per statement the agree, disagree and pass dots as they
    stand, replacing what was typed before. A statement left at 0, 0, 0 clears its tally. Returns how many statements
    carry a tally now."""
    with transaction.atomic():
        empty = [statement.pk for statement, counts in tallies.items() if not any(counts)]
        PaperTally.objects.filter(scope=scope, statement_id__in=empty).delete()
        kept = [
            PaperTally(statement=statement, scope=scope, agree=agree, disagree=disagree, passed=passed,
                       entered_by=user, updated_at=timezone.now())
            for statement, (agree, disagree, passed) in tallies.items()
            if any((agree, disagree, passed))
        ]  # fmt: skip
        PaperTally.objects.bulk_create(
            kept, update_conflicts=True, unique_fields=["statement", "scope"],
            update_fields=["agree", "disagree", "passed", "entered_by", "updated_at"],
        )  # fmt: skip
    return len(kept)


# A vote checks its statement and replaces the person's vote in one statement to the database: a venue's kiosks and
# phones send many, and the ORM would need a query for the statement and a transaction around bulk_create's upsert.
def _vote_upsert(unflushed: str) -> str:
    return f"""
    INSERT INTO {Vote._meta.db_table} (statement_id, voter, user_id, scope, choice, updated_at)
    SELECT statement.id, %s, %s, %s, %s, %s
    FROM {Statement._meta.db_table} statement
        JOIN {Topic._meta.db_table} topic ON topic.id = statement.topic_id{unflushed}
    WHERE statement.id = %s AND statement.status = %s AND topic.slug = %s
    ON CONFLICT (statement_id, voter) DO UPDATE SET choice = excluded.choice, scope = excluded.scope,
        user_id = excluded.user_id, updated_at = excluded.updated_at
    RETURNING id
"""  # noqa: S608 (the tables are the models' own; every value is a parameter)


# On PostgreSQL the vote's commit does not wait for its write-ahead log to reach the disk: the flush cost as much
# time as the rest of the vote. A crash of the database server may lose the votes of its last 0.6 s at most (three
# times wal_writer_delay), never part of a vote; everything else, the tallies typed in from a wall included, keeps
# waiting for the disk. The setting is local: it ends with the transaction, the vote's own as the view casts it.
# Within the statement itself, so that the statement can be prepared (summit.postgresql.prepared_cursor).
UNFLUSHED = "\n        CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed"
VOTE_UPSERT = {"postgresql": _vote_upsert(UNFLUSHED), "sqlite": _vote_upsert("")}


def vote_cast(*, statement_id: int, topic_slug: str, voter: str, user: User | None, scope: str, choice: int) -> bool:
    """Store the person's vote on a statement the topic shows, replacing the one they gave before (wherever they gave
    it); False when the topic shows no such statement. One INSERT ... SELECT ... ON CONFLICT UPDATE on the database's
    one-vote-per-person constraint, so two taps at once leave one vote. PostgreSQL plans it once per connection."""
    voted_at = connection.ops.adapt_datetimefield_value(timezone.now())
    parameters = [voter, user.pk if user else None, scope, int(choice), voted_at, statement_id,
                  StatementStatus.SHOWN.value, topic_slug]  # fmt: skip
    cursor = connection.prepared_cursor() if connection.vendor == "postgresql" else connection.cursor()
    with cursor:
        cursor.execute(VOTE_UPSERT[connection.vendor], parameters)
        return cursor.fetchone() is not None


def opinions_compute() -> list[str]:
    """The opinion groups of every showing where people voted, and across all of them (""); the nightly step, also
    started from the admin. Returns the scopes computed."""
    votes = list(
        Vote.objects.filter(statement__status=StatementStatus.SHOWN).values_list("voter", "statement_id", "choice",
                                                                                  "scope")
    )  # fmt: skip
    scopes = sorted({scope for *_rest, scope in votes})
    computed = []
    for scope in ["", *[scope for scope in scopes if scope]]:
        part = [(voter, statement, choice) for voter, statement, choice, where in votes if not scope or where == scope]
        OpinionMap.objects.update_or_create(scope=scope, defaults={"result": clustering.opinion_groups(part)})
        computed.append(scope)
    logger.info("Opinion groups computed for %s scopes from %s votes", len(computed), len(votes))
    return computed
