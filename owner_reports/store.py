"""The owner report store: append-only writes, the newest report per plant, history, feed status.

Every public method is one transaction and returns frozen values, never ORM rows. Who enters reports is
the acting :class:`access.person.Person` (signed in, typed in local mode, or a feed's named system principal,
:func:`owner_reports.feeds.feed_principal`); the store checks the redaktör role itself
(:class:`access.person.NotAllowedError` in Swedish), so code that bypasses the page stores nothing without
it. Every write that
stores reports also writes one entry to the audit trail (kind ``"ägarrapport"``,
:func:`access.audit.record_audit`) naming who entered them and their organisation, the reports' ids
and a SHA-256 over their fingerprints, in the same transaction. Exercise (ÖVNING) and real reports are kept apart: every read filters on ``is_exercise``, so an exercise report is never
shown in live mode and a real one never in an exercise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from access.audit import record_audit
from access.person import Person, check_role
from access.roles import EDITOR
from coordination.db import session_scope, utc_now
from owner_reports.model import (
    LIMITS_FROM_REPORT,
    Channel,
    OwnerReport,
    OwnerReportError,
    PlannedDischarge,
    ReportDraft,
    Reporter,
    validate_draft,
    validate_reporter,
)
from owner_reports.ownership import check_owner_of
from owner_reports.plants import plant_by_name
from owner_reports.tables import OwnerFeedStatusRow, OwnerReportLimitsRow, OwnerReportPlanRow, OwnerReportRow
from sharing.live_updates import bump

#: The change counter every open page showing owner reports watches (:mod:`sharing.live_updates`).
LIVE_TOPIC = "owners"


@dataclass(frozen=True)
class WriteResult:
    """What a write stored: the new reports, and how many were already stored (same content)."""

    stored: tuple[OwnerReport, ...]
    already_stored: int


@dataclass(frozen=True)
class FeedStatus:
    """The latest polling outcome of one feed (see :mod:`owner_reports.feeds`)."""

    organisation: str
    url: str
    checked_at: datetime
    ok: bool
    message_sv: str
    fetched_at: datetime | None
    origin: str
    new_reports: int


def _fingerprint(draft: ReportDraft, reporter_name: str, organisation: str, is_exercise: bool) -> str:
    content = {
        "plant": draft.plant,
        "reported_at": draft.reported_at.isoformat(),
        "total": draft.total_m3s,
        "turbine": draft.turbine_m3s,
        "spillway": draft.spillway_m3s,
        "level": draft.upstream_level_m,
        "planned": [[p.time_utc.isoformat(), p.discharge_m3s] for p in draft.planned],
        "comment": draft.comment,
        "reporter": reporter_name,
        "organisation": organisation,
        "exercise": is_exercise,
    }
    if draft.damningsgrans_m is not None or draft.sankningsgrans_m is not None:
        # Only when given, so reports stored before limits existed keep their fingerprints.
        content["limits"] = [draft.damningsgrans_m, draft.sankningsgrans_m]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _limits(row: OwnerReportRow) -> tuple[float | None, float | None, str]:
    """The report's own dämningsgräns and sänkningsgräns, else the curated ones, with their source."""
    own = row.limits
    if own is not None and (own.damningsgrans_m is not None or own.sankningsgrans_m is not None):
        return own.damningsgrans_m, own.sankningsgrans_m, LIMITS_FROM_REPORT
    plant = plant_by_name(row.plant)
    if plant is not None and (plant.damningsgrans_m is not None or plant.sankningsgrans_m is not None):
        return plant.damningsgrans_m, plant.sankningsgrans_m, plant.limits_source
    return None, None, ""


def _report(row: OwnerReportRow) -> OwnerReport:
    upper, lower, limits_source = _limits(row)
    return OwnerReport(
        id=row.id,
        plant=row.plant,
        river=row.river,
        reported_at=row.reported_at,
        total_m3s=row.total_m3s,
        turbine_m3s=row.turbine_m3s,
        spillway_m3s=row.spillway_m3s,
        upstream_level_m=row.upstream_level_m,
        planned=tuple(PlannedDischarge(p.time_utc, p.discharge_m3s) for p in row.plans),
        comment=row.comment,
        reporter_name=row.reporter_name,
        organisation=row.organisation,
        entered_by=row.entered_by,
        channel=Channel(row.channel),
        source=row.source,
        is_exercise=row.is_exercise,
        received_at=row.received_at,
        damningsgrans_m=upper,
        sankningsgrans_m=lower,
        limits_source=limits_source,
    )


def _status(row: OwnerFeedStatusRow) -> FeedStatus:
    return FeedStatus(
        organisation=row.organisation, url=row.url, checked_at=row.checked_at, ok=row.ok,
        message_sv=row.message_sv, fetched_at=row.fetched_at, origin=row.origin, new_reports=row.new_reports,
    )



class OwnerReportStore:
    """Owner reports in the coordination database.

    Parameters
    ----------
    session_factory : :func:`coordination.db.database_sessions` (the process's one engine for the URL,
        its tables created).
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    # --- writing ---

    def write_reports(
        self,
        drafts: Sequence[ReportDraft],
        *,
        reporter: Person,
        channel: Channel,
        source: str,
        is_exercise: bool,
        clock: datetime,
        now: datetime | None = None,
    ) -> WriteResult:
        """Store ``drafts``, all or none, as reports entered by ``reporter``.

        Parameters
        ----------
        drafts : validated against ``clock``; a report names its own reporter/organisation
            (``stated_reporter``) or takes ``reporter``'s.
        reporter : the person entering the reports, with their organisation: the signed-in person, typed
            in local mode, or a feed's system principal (:func:`owner_reports.feeds.feed_principal`). Needs
            the redaktör role. Recorded as ``entered_by`` and in the audit trail.
        channel, source : how they came (form, file name, feed URL).
        is_exercise : stored with each report (ÖVNING) and never shown in the other mode.
        clock : the time report times are checked against [UTC] (the scenario clock in an exercise).
        now : when they were received [UTC, wall clock; default now].

        Raises
        ------
        access.person.NotAllowedError
            The reporter lacks the redaktör role; nothing is stored.
        owner_reports.ownership.NotOwnerError
            A signed-in reporter (not an administrator) of another organisation than a plant's owner
            (:func:`owner_reports.ownership.check_owner_of`); nothing is stored.
        OwnerReportError
            A reporter without name or organisation, an unknown plant or a draft that breaks a rule
            (see :func:`owner_reports.model.validate_draft`); nothing is stored then.
        """
        check_role(reporter, EDITOR, "spara ägarrapporter")
        reporter_person = reporter
        reporter = validate_reporter(Reporter(reporter.name, reporter.organisation or ""))
        received = utc_now(now)
        prepared: list[tuple[ReportDraft, str, str, str, str]] = []
        for draft in drafts:
            checked = validate_draft(draft, clock)
            plant = plant_by_name(checked.plant)
            if plant is None:
                raise OwnerReportError(f"Kraftverket ”{checked.plant}” finns inte i Älvlägets lista över kraftverk.")
            stated = checked.stated_reporter
            name = (stated.name if stated and stated.name else "") or reporter.name
            organisation = (stated.organisation if stated and stated.organisation else "") or reporter.organisation
            prepared.append((checked, plant.name, plant.river, name, organisation))
        check_owner_of(reporter_person, [plant_name for _d, plant_name, *_rest in prepared])
        try:
            return self._insert(prepared, reporter, channel, source, is_exercise, received)
        except IntegrityError:
            # Another app server stored the same report between our check and our insert: the
            # second attempt sees it and skips it.
            return self._insert(prepared, reporter, channel, source, is_exercise, received)

    def _insert(self, prepared, reporter, channel, source, is_exercise, received) -> WriteResult:  # type: ignore[no-untyped-def]
        with session_scope(self._sessions) as session:
            stored: list[OwnerReportRow] = []
            already = 0
            seen: set[str] = set()
            for draft, plant_name, river, name, organisation in prepared:
                fingerprint = _fingerprint(draft, name, organisation, is_exercise)
                exists = session.scalar(
                    select(OwnerReportRow.id).where(OwnerReportRow.fingerprint == fingerprint)
                )
                if exists is not None or fingerprint in seen:
                    already += 1
                    continue
                seen.add(fingerprint)
                row = OwnerReportRow(
                    plant=plant_name, river=river, reported_at=draft.reported_at, total_m3s=draft.total_m3s,
                    turbine_m3s=draft.turbine_m3s, spillway_m3s=draft.spillway_m3s,
                    upstream_level_m=draft.upstream_level_m, comment=draft.comment, reporter_name=name,
                    organisation=organisation, entered_by=reporter.name, channel=channel.value,
                    source=source[:1000], is_exercise=is_exercise, received_at=received, fingerprint=fingerprint,
                    plans=[OwnerReportPlanRow(time_utc=p.time_utc, discharge_m3s=p.discharge_m3s) for p in draft.planned],
                    limits=None if draft.damningsgrans_m is None and draft.sankningsgrans_m is None else
                    OwnerReportLimitsRow(damningsgrans_m=draft.damningsgrans_m, sankningsgrans_m=draft.sankningsgrans_m),
                )
                session.add(row)
                stored.append(row)
            if stored:
                bump(session, LIVE_TOPIC)  # with the rows: other sessions see both or neither
            session.flush()
            if stored:
                record_audit(session, "ägarrapport", reporter, {
                    "report_ids": [row.id for row in stored], "plants": sorted({row.plant for row in stored}),
                    "channel": channel.value, "source": source[:300], "is_exercise": is_exercise,
                    "fingerprints_sha256": hashlib.sha256("".join(r.fingerprint for r in stored).encode()).hexdigest(),
                }, now=received)
            return WriteResult(tuple(_report(row) for row in stored), already)

    def write_report(
        self, draft: ReportDraft, *, reporter: Person, is_exercise: bool, clock: datetime,
        now: datetime | None = None,
    ) -> WriteResult:
        """Store one report typed in the form by ``reporter`` (see :meth:`write_reports`)."""
        return self.write_reports(
            [draft], reporter=reporter, channel=Channel.FORM, source="", is_exercise=is_exercise, clock=clock, now=now,
        )

    # --- reading ---

    def read_latest(self, *, is_exercise: bool, rivers: Iterable[str] | None = None) -> dict[str, OwnerReport]:
        """Plant name → its newest report (latest ``reported_at``, then latest stored), of one mode."""
        ranked = (
            select(
                OwnerReportRow.id,
                func.row_number()
                .over(
                    partition_by=OwnerReportRow.plant,
                    order_by=(OwnerReportRow.reported_at.desc(), OwnerReportRow.id.desc()),
                )
                .label("rank"),
            )
            .where(OwnerReportRow.is_exercise == is_exercise)
            .subquery()
        )
        query = select(OwnerReportRow).join(ranked, ranked.c.id == OwnerReportRow.id).where(ranked.c.rank == 1)
        if rivers is not None:
            query = query.where(OwnerReportRow.river.in_(list(rivers)))
        with session_scope(self._sessions) as session:
            return {row.plant: _report(row) for row in session.scalars(query.order_by(OwnerReportRow.plant))}

    def read_history(
        self, *, is_exercise: bool, plant: str | None = None, since: datetime | None = None, limit: int = 200
    ) -> list[OwnerReport]:
        """Reports of one mode, newest first; of one plant and/or since a time [UTC] if given."""
        query = select(OwnerReportRow).where(OwnerReportRow.is_exercise == is_exercise)
        if plant is not None:
            query = query.where(OwnerReportRow.plant == plant)
        if since is not None:
            query = query.where(OwnerReportRow.reported_at >= since)
        query = query.order_by(OwnerReportRow.reported_at.desc(), OwnerReportRow.id.desc()).limit(limit)
        with session_scope(self._sessions) as session:
            return [_report(row) for row in session.scalars(query)]

    def read_change_marker(self, *, is_exercise: bool) -> tuple[int, int]:
        """(highest id, count) of one mode's reports: a cheap "has anything changed" for live views."""
        with session_scope(self._sessions) as session:
            top, count = session.execute(
                select(func.max(OwnerReportRow.id), func.count(OwnerReportRow.id)).where(
                    OwnerReportRow.is_exercise == is_exercise
                )
            ).one()
            return int(top or 0), int(count)

    # --- feed status ---

    def write_feed_status(self, status: FeedStatus, *, is_exercise: bool) -> None:
        """Record the latest polling outcome of a feed (replaces the previous outcome)."""
        with session_scope(self._sessions) as session:
            row = session.get(OwnerFeedStatusRow, (status.url, is_exercise))
            if row is None:
                row = OwnerFeedStatusRow(url=status.url, is_exercise=is_exercise)
                session.add(row)
            row.organisation = status.organisation
            row.checked_at = status.checked_at
            row.ok = status.ok
            row.message_sv = status.message_sv
            row.fetched_at = status.fetched_at
            row.origin = status.origin
            row.new_reports = status.new_reports
            bump(session, LIVE_TOPIC)

    def read_feed_statuses(self, *, is_exercise: bool) -> dict[str, FeedStatus]:
        """Feed URL → its latest polling outcome, of one mode."""
        with session_scope(self._sessions) as session:
            rows = session.scalars(select(OwnerFeedStatusRow).where(OwnerFeedStatusRow.is_exercise == is_exercise))
            return {row.url: _status(row) for row in rows}
