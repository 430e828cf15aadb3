"""Done-when 3: finalize → a real worker renders; a worker killed mid-render; the broker down at finalize.
Issue #20: a render process killed is taken again at once; a whole worker killed, the sweep's threshold sends
it (records/tests/test_worker_lost.py proves the 2-minute bound); a render queued while the broker was down is
sent by the next worker that starts.

These tests start real ``celery worker`` processes (records/tests/workers.py). They run in both runs of
CI: on SQLite with the filesystem broker (the test database is then a file, see config/settings/test.py)
and on PostgreSQL with Redis. The Redis one is about Redis, so it runs in the PostgreSQL + Redis run.
``MINUTES_TEST_RENDER_DELAY`` (read by meetings/tasks.py) keeps a render open long enough to kill it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from members.models import User
from members.tests.factories import UserFactory
from records.models import MinutesVersion
from records.services import RENDERING_AFTER, meeting_finalize, minutes_sweep
from records.tests.conftest import pdf_text
from records.tests.records import quang_ngai_2017
from records.tests.workers import RedisServer, Worker, broker_of_this_process, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = MinutesVersion.Status


@pytest.fixture
def workers(tmp_path):
    """Start workers with ``workers(**options)``; every one is killed at teardown, whatever happened."""
    started: list[Worker] = []

    def start(**options) -> Worker:
        worker = Worker(tmp_path, **options)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.kill()


def stored_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "minutes"
    return {f"minutes/{path.name}" for path in folder.glob("*")} if folder.exists() else set()


def status_of(version_id: int) -> str:
    return MinutesVersion.objects.values_list("status", flat=True).get(pk=version_id)


def attempts_of(version_id: int) -> int:
    return MinutesVersion.objects.values_list("attempts", flat=True).get(pk=version_id)


def pool_processes(worker: Worker) -> list[int]:
    """The prefork processes of a worker: its main process's children."""
    pid = worker.process.pid
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def wait_ready(version_id: int, worker: Worker, *, timeout: float) -> MinutesVersion:
    try:
        wait_for(lambda: status_of(version_id) == Status.READY, timeout=timeout, what="version ready")
    except TimeoutError:
        raise AssertionError(f"not ready within {timeout} s ({status_of(version_id)}):\n{worker.tail()}") from None
    return MinutesVersion.objects.get(pk=version_id)


def test_finalize_then_a_worker_renders_within_10_seconds(workers):
    meeting = quang_ngai_2017()
    worker = workers()
    meeting_finalize(meeting=meeting)
    version_id = MinutesVersion.objects.get(meeting=meeting, document="minutes").pk
    version = wait_ready(version_id, worker, timeout=10)
    assert version.attempts == 1 and version.file.name == f"minutes/{version.uid.hex}.pdf"
    text = pdf_text(default_storage.open(version.file.name).read())
    assert "Số: 01/BB-KTĐ" in text and "Quảng Ngãi, ngày 04 tháng 01 năm 2018" in text


def test_a_worker_killed_mid_render_leaves_exactly_one_ready_file(workers):
    meeting = quang_ngai_2017(votes=False)  # the minutes alone: the render the worker is killed in
    before = stored_files()
    slow = workers(render_delay=60)
    meeting_finalize(meeting=meeting)
    version_id = MinutesVersion.objects.get(meeting=meeting, document="minutes").pk
    wait_for(lambda: status_of(version_id) == Status.RENDERING, timeout=15, what="render started")
    slow.kill()
    time.sleep(0.5)
    assert status_of(version_id) == Status.RENDERING and stored_files() == before
    worker = workers()  # its start sends the queued versions, not this one: a render may still be going on
    assert status_of(version_id) == Status.RENDERING
    # What Celery beat's sweep does once the render has been going longer than its time limit allows:
    assert minutes_sweep(now=timezone.now() + RENDERING_AFTER) == [version_id]
    version = wait_ready(version_id, worker, timeout=15)
    assert version.attempts == 2
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 1  # nothing else to render
    assert stored_files() - before == {version.file.name}  # one PDF (the Word file is made when downloaded)
    assert default_storage.open(version.file.name).read().startswith(b"%PDF")


def test_a_render_process_killed_mid_render_is_taken_again_at_once(workers):
    """Late acknowledgement with reject_on_worker_lost: the worker gives the message back when its pool process
    dies, and its new process takes it, without waiting for the sweep."""
    meeting = quang_ngai_2017(votes=False)  # the minutes alone: the render the process is killed in
    before = stored_files()
    slow = workers(render_delay=60)
    meeting_finalize(meeting=meeting)
    version_id = MinutesVersion.objects.get(meeting=meeting, document="minutes").pk
    wait_for(lambda: status_of(version_id) == Status.RENDERING, timeout=15, what="render started")
    [process] = pool_processes(slow)
    os.kill(process, signal.SIGKILL)
    # Measured: taken again 1 s later with Redis; 10 s with the filesystem broker, where the worker first waits
    # Celery's worker_lost_wait (10 s) for a result the dead process might still have sent.
    try:
        wait_for(lambda: attempts_of(version_id) == 2, timeout=30, what="render taken again")
    except TimeoutError:
        raise AssertionError(f"not taken again:\n{slow.tail()}") from None
    assert status_of(version_id) == Status.RENDERING and stored_files() == before
    slow.kill()  # then the whole worker: the sweep sends it to another
    worker = workers()
    assert minutes_sweep(now=timezone.now() + RENDERING_AFTER) == [version_id]
    version = wait_ready(version_id, worker, timeout=15)
    assert version.attempts == 3
    assert stored_files() - before == {version.file.name}


@pytest.mark.postgresql  # about Redis: runs in the PostgreSQL + Redis run of CI
def test_redis_down_at_finalize_then_rendered_once_it_is_back(workers, tmp_path, client):
    redis = RedisServer(tmp_path).start()
    try:
        with broker_of_this_process(redis.url):
            meeting = quang_ngai_2017()
            staff = UserFactory(role=User.Role.BOARD_STAFF, organizer=meeting.bloc.organizer)
            client.force_login(staff)
            redis.stop()
            started = time.monotonic()
            # Through the finalize page, as board staff would: no error page, the status page follows.
            response = client.post(reverse("meetings:finalize", kwargs={"pk": meeting.pk}), follow=True)
            assert time.monotonic() - started < 10
            assert response.status_code == 200 and "Đã chốt hội nghị" in response.content.decode()
            meeting.refresh_from_db()
            version_id = MinutesVersion.objects.get(meeting=meeting, document="minutes").pk
            assert meeting.is_finalized and status_of(version_id) == Status.QUEUED
            redis.start()
            worker = workers(broker_url=redis.url)  # its start sends what is left queued: no sweep needed
            version = wait_ready(version_id, worker, timeout=15)
            assert version.attempts == 1
    finally:
        redis.stop()
