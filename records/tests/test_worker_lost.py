"""Issue #20, point 8: a render whose worker died is sent again within 2 minutes, still exactly one file.

A pool process killed mid-render is handled by Celery itself (late acknowledgement, reject_on_worker_lost:
records/tests/test_integration.py kills one). A whole worker killed leaves the version rendering with its
message unacknowledged in the broker (Redis gives it back only after the hour of visibility_timeout): the
sweep sends it again once it has been rendering longer than the render's hard time limit allows. These tests
hold the settings to that bound and run the sweep at the moments beat runs it, without waiting the minutes.
"""

from __future__ import annotations

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from records import rendering
from records.models import MinutesVersion
from records.services import RENDERING_AFTER, meeting_finalize, minutes_render, minutes_sweep
from records.tasks import render_minutes_version, sweep_minutes_versions

pytestmark = pytest.mark.django_db
Status = MinutesVersion.Status
BOUND = datetime.timedelta(minutes=2)


def beat_period() -> datetime.timedelta:
    entry = settings.CELERY_BEAT_SCHEDULE["minutes-sweep"]
    assert entry["task"] == sweep_minutes_versions.name
    return datetime.timedelta(seconds=entry["schedule"])


def test_no_live_render_is_sent_again_and_a_dead_one_is_within_2_minutes():
    """A render lives at most its hard time limit (Celery kills its process then); the sweep waits longer than
    that, and beat runs it often enough that a version is sent within 2 minutes of the render's start, so of
    its worker's death, which comes after that start."""
    soft, hard = render_minutes_version.soft_time_limit, render_minutes_version.time_limit
    assert 0 < soft < hard
    assert soft >= 30  # a long document still renders: a 3-page minutes takes 0.3 s
    assert RENDERING_AFTER.total_seconds() >= hard + 10  # 10 s or more for the commit and the clocks
    assert RENDERING_AFTER + beat_period() <= BOUND
    assert render_minutes_version.acks_late and render_minutes_version.reject_on_worker_lost


@pytest.fixture
def rendering_version(example_meeting, sent_tasks, fake_renderer) -> MinutesVersion:
    """A version whose render started at its status_changed_at and whose worker died right then; the other
    documents made with it (the vote count, the score table) were rendered."""
    meeting_finalize(meeting=example_meeting)
    version = MinutesVersion.objects.get(document="minutes")
    for other in MinutesVersion.objects.exclude(pk=version.pk):
        assert minutes_render(version_id=other.pk).status == Status.READY
    MinutesVersion.objects.filter(pk=version.pk).update(status=Status.RENDERING, attempts=1)
    version.refresh_from_db()
    sent_tasks.clear()
    return version


@pytest.mark.parametrize("phase", [0.0, 0.5, 12.0, 29.9], ids=lambda p: f"beat-at-{p}s")
def test_beats_sweep_sends_a_dead_render_again_within_2_minutes(
    rendering_version, sent_tasks, phase, django_capture_on_commit_callbacks
):
    """Beat runs the sweep every period from whatever moment it started; the worker died when the render began."""
    died = rendering_version.status_changed_at
    tick = died + datetime.timedelta(seconds=phase)
    while True:
        with django_capture_on_commit_callbacks(execute=True):
            sent = minutes_sweep(now=tick)
        if sent:
            break
        assert tick - died < BOUND, "not sent within 2 minutes"
        tick += beat_period()
    assert sent == sent_tasks == [rendering_version.pk]
    assert tick - died <= BOUND
    assert tick - died >= datetime.timedelta(seconds=render_minutes_version.time_limit)  # never while alive
    assert MinutesVersion.objects.get(pk=rendering_version.pk).status == Status.QUEUED


def test_a_render_still_within_its_time_limit_is_left_alone(rendering_version, sent_tasks):
    started = rendering_version.status_changed_at
    assert minutes_sweep(now=started + datetime.timedelta(seconds=render_minutes_version.time_limit)) == []
    assert minutes_sweep(now=started + RENDERING_AFTER - datetime.timedelta(seconds=1)) == []
    assert MinutesVersion.objects.get(pk=rendering_version.pk).status == Status.RENDERING


def test_the_sweep_checks_the_age_again_under_the_lock(rendering_version, sent_tasks, monkeypatch):
    """A worker that took the version again between the sweep's query and its lock keeps it."""
    from records import services

    locked = services._lock

    def taken_meanwhile(version_id):
        MinutesVersion.objects.filter(pk=version_id).update(status_changed_at=timezone.now())
        return locked(version_id)

    monkeypatch.setattr(services, "_lock", taken_meanwhile)
    later = rendering_version.status_changed_at + RENDERING_AFTER
    assert minutes_sweep(now=later) == []
    assert MinutesVersion.objects.get(pk=rendering_version.pk).status == Status.RENDERING


def test_a_render_over_its_soft_time_limit_is_marked_failed_not_left_rendering(example_meeting, monkeypatch):
    """The soft limit interrupts WeasyPrint (Celery raises SoftTimeLimitExceeded in the render): the version
    says so at once, and the secretary can retry it, instead of waiting for the sweep and five attempts."""

    def too_long(snapshot):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(rendering, "render_document", too_long)
    meeting_finalize(meeting=example_meeting)
    version = minutes_render(version_id=MinutesVersion.objects.get(document="minutes").pk)
    assert version.status == Status.FAILED
    assert version.error == "Không tạo được tệp PDF: tạo tệp quá 45 giây nên đã dừng"
    assert not version.file
