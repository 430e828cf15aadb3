"""The minutes (biên bản), the pledge document (bản giao ước thi đua) and the year-end dossier's documents (the
vote count, the score table, the proposal letter) as PDF/A-3b and Word (.docx) files.

The pipeline, from the record to the file users download:

1. ``meeting_finalize`` calls ``services.minutes_versions_create`` in its transaction: a
   ``MinutesVersion`` row (status *queued*) holding a **snapshot** of the record
   (``snapshot.meeting_snapshot``: every fact printed plus the interchange document attached to the
   PDF), its sha256 ``content_hash`` and the minutes number (``numbering``); beside it a version of the
   pledge signed there, of the vote count of its proposals and of a year-end review's score table, when the
   record has them (the letter is made with the dossier, ``dossiers.services``). Each render task is sent
   with ``transaction.on_commit``; if the broker is down the version simply stays queued.
2. A Celery worker runs ``records.tasks.render_minutes_version(pk)`` → ``services.minutes_render``:
   the snapshot becomes a context (``contexts``: the facts in the words the document prints) and HTML
   (``rendering.render_html``, Django templates under ``templates/meetings/minutes/``, always in
   Vietnamese) and then a PDF/A-3b
   (``rendering.render_pdf``) through WeasyPrint, whose URL fetcher (``fetcher``) reads only the
   project's fonts and ``static/css/minutes.css``; then the same snapshot becomes a Word file
   (``docx.render_docx``, python-docx, from the same context as the HTML). Both files are written under
   unguessable names and the version marked ready in one transaction; a ready version never changes.
3. ``records.tasks.sweep_minutes_versions`` (Celery beat, every minute) re-sends versions stuck in
   *queued* (broker was down) or *rendering* (worker died).
4. ``records.views`` serve the files only through permission-checked views (a version made before Word files
   existed gets its .docx made from its snapshot when asked for).

Rendering depends on the snapshot alone, so the worker, ``manage.py minutes_pdf`` and the benchmark all
produce the document through ``rendering.render_document`` (and ``docx.render_docx``).
"""
