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
   (``docx.render_docx``, python-docx, from the same context as the HTML). Page 1 of each prints the version's
   verification code and a QR code of its public page (``snapshot["verification"]``, set when the version is
   made). When the province set up its organization certificate, the PDF is then signed by it
   (``signatures.services.sign_issued``: PAdES, incremental, so PDF/A-3b holds). The file is written under an
   unguessable name, with the SHA-256 of the file and of its attached record, and the version marked ready in one
   transaction; a ready version never changes.
3. ``records.tasks.sweep_minutes_versions`` (Celery beat, every minute) re-sends versions stuck in
   *queued* (broker was down) or *rendering* (worker died).
4. ``records.views`` serve the files only through permission-checked views (a version made before Word files
   existed gets its .docx made from its snapshot when asked for).

5. ``records.verification.verify_pdf`` tells what a PDF someone holds is: the issued file, a copy signed after
   issue (an earlier revision is the issued file) or one carrying the same record, current or replaced, and what
   its signatures are worth. The public pages ``/xac-minh/…``, ``manage.py verify_document`` and the upload of a
   signed copy (``signed_copies``: a valid one becomes the version's official copy, served by the download) ask it.

Rendering depends on the snapshot alone, so the worker, ``manage.py minutes_pdf`` and the benchmark all
produce the document through ``rendering.render_document`` (and ``docx.render_docx``).
"""
