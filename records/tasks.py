"""Celery tasks of the official record: thin wrappers that take primary keys and call a service. Their names
stay "meetings.…", the names queued messages and the beat schedule carry."""

from __future__ import annotations

import datetime
import gc
import logging
import os
import time

from celery import shared_task
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready
from django.db import connections

from records import rendering, services

logger = logging.getLogger(__name__)

# Tests only: seconds to wait between rendering and storing the PDF, so an integration test can kill the
# worker mid-render (records/tests/test_integration.py). Unset or 0 in every real deployment.
RENDER_DELAY_ENV = "MINUTES_TEST_RENDER_DELAY"


# A pool process killed mid-render: the message is not acknowledged, the worker gives it back and another of
# its processes takes it at once. The whole worker killed: the sweep sends the version again once it has been
# rendering longer than the time limit allows (services.RENDERING_AFTER).
@shared_task(
    name="meetings.render_minutes_version",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.RENDER_SOFT_TIME_LIMIT,
    time_limit=services.RENDER_TIME_LIMIT,
)
def render_minutes_version(version_id: int) -> None:
    """Render one minutes version (idempotent: a version already ready is left alone)."""
    services.minutes_render(version_id=version_id, delay=float(os.environ.get(RENDER_DELAY_ENV) or 0))


@shared_task(name="meetings.sweep_minutes_versions")
def sweep_minutes_versions() -> list[int]:
    """Celery beat, every 30 seconds: send again the versions stuck in queued or rendering."""
    return services.minutes_sweep()


@worker_ready.connect
def _send_queued_versions(**kwargs) -> None:
    """A worker that starts sends the versions still queued, whatever their age: those finalized while the
    broker was down are rendered as soon as a worker is back, not a sweep later. (A version queued a moment
    ago may be sent twice; the render is idempotent.) Rendering ones keep the sweep's rule: another worker
    may be rendering them."""
    try:
        sent = services.minutes_sweep(queued_after=datetime.timedelta(0))
    except Exception:  # a worker that cannot look now still takes tasks; beat's sweep looks again
        logger.exception("minutes: could not send the queued versions at start")
    else:
        if sent:
            logger.info("minutes: %d queued versions sent at start: %s", len(sent), sent)
    finally:
        connections.close_all()  # the worker's main process reads nothing else: no connection left open


@worker_process_init.connect
def _warm_up_renderer(**kwargs) -> None:
    started = time.perf_counter()
    try:
        rendering.warm_up()
    except Exception:  # a worker that cannot warm up still takes tasks; each render reports its own error
        logger.exception("minutes: WeasyPrint warm-up failed")
    else:
        logger.info("minutes: renderer warmed up in %.2f s", time.perf_counter() - started)
    # What is loaded by now (Django, Celery, the models, WeasyPrint and its fonts) lives as long as the
    # process: take it out of the garbage collector's walks. A document makes hundreds of thousands of
    # short-lived objects, so the collector runs every few milliseconds, and its older generations walked
    # these ~160,000 objects again and again: 27-35 ms of collector time per document, against 17 ms in a
    # process running WeasyPrint alone; frozen, 8-16 ms (bench/README.md, "Soak").
    gc.collect()
    gc.freeze()


@worker_process_shutdown.connect
def _release_renderer(**kwargs) -> None:
    # A pool process leaves through os._exit, without atexit: delete WeasyPrint's temporary font folder here.
    rendering.release_font_config()
