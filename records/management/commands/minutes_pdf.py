"""``python manage.py minutes_pdf BLOC_CODE YYYY-MM-DD [--kind KIND] [--organizer CODE] -o PATH``.

Writes a meeting's minutes (or, with ``--document pledge``, the pledge signed there; ``vote_count``, ``scores``,
``letter``: the documents of the year-end dossier) as the worker renders
them: the current version's snapshot through ``rendering.render_document``, not through the queue; as Word
(``docx.render_docx``) when PATH ends in ``.docx``, as PDF otherwise. A meeting not finalized yet is printed
from its current record as a draft (no number is taken).
"""

import datetime
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting
from records import docx, rendering, snapshot
from records.models import MinutesVersion
from records.services import current_version, minutes_number_for

# The documents made from the record beside the minutes, and what is said when the record has nothing to print.
OTHER_DOCUMENTS = {
    MinutesVersion.Document.PLEDGE: (
        snapshot.pledge_snapshot,
        gettext_lazy("Hội nghị này không có giao ước thi đua để in."),
    ),
    MinutesVersion.Document.VOTE_COUNT: (
        snapshot.vote_count_snapshot,
        gettext_lazy("Hội nghị này không có đề nghị khen thưởng để in biên bản kiểm phiếu."),
    ),
    MinutesVersion.Document.SCORES: (
        snapshot.scores_snapshot,
        gettext_lazy("Năm của hội nghị này không có bảng điểm hay kết quả xếp hạng để in."),
    ),
}


class Command(BaseCommand):
    help = (
        "Xuất biên bản (PDF/A, hoặc Word khi tệp kết quả có đuôi .docx) của một hội nghị, dùng cùng mã tạo tệp"
        " với tác vụ nền."
    )

    def add_arguments(self, parser):
        parser.add_argument("bloc_code", help="Mã khối, cụm thi đua.")
        parser.add_argument("held_on", help="Ngày họp, dạng YYYY-MM-DD.")
        parser.add_argument(
            "--kind", choices=Meeting.Kind.values, help="Loại hội nghị, khi khối họp nhiều lần một ngày."
        )
        parser.add_argument("--organizer", help="Mã tỉnh, khi nhiều tỉnh có khối cùng mã.")
        parser.add_argument(
            "--document", choices=MinutesVersion.Document.values, default=MinutesVersion.Document.MINUTES
        )
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="Tệp kết quả: Word khi có đuôi .docx, PDF nếu không ('-' để ghi PDF ra stdout).",
        )

    def handle(self, *args, bloc_code, held_on, kind, organizer, document, output, **options):
        with translation.override(settings.LANGUAGE_CODE):
            meeting = self._meeting(bloc_code, held_on, kind, organizer)
            version = current_version(meeting, document)
            if version is not None:
                data = version.snapshot
            elif document == MinutesVersion.Document.LETTER:
                raise CommandError(_("Hội nghị này chưa có tờ trình; tờ trình được lập cùng hồ sơ khen thưởng."))
            elif document in OTHER_DOCUMENTS:
                build, missing = OTHER_DOCUMENTS[document]
                data = build(meeting)
                if data is None:
                    raise CommandError(str(missing))
            elif meeting.is_finalized:
                # A finalized record with no version yet (imported history): print it with its number.
                with transaction.atomic():
                    data = snapshot.meeting_snapshot(meeting, minutes_number=minutes_number_for(meeting))
            else:
                data = snapshot.meeting_snapshot(meeting, minutes_number=meeting.minutes_number)
                self.stderr.write(_("Hội nghị chưa chốt biên bản: đây là bản in thử từ dữ liệu hiện tại."))
            render = docx.render_docx if output.lower().endswith(".docx") else rendering.render_document
            content = render(data)
            if output == "-":
                sys.stdout.buffer.write(content)
                sys.stdout.flush()
            else:
                with open(output, "wb") as handle:
                    handle.write(content)
                self.stderr.write(_("Đã ghi %(path)s.") % {"path": output})

    def _meeting(self, bloc_code: str, held_on: str, kind: str | None, organizer: str | None) -> Meeting:
        try:
            day = datetime.date.fromisoformat(held_on)
        except ValueError:
            raise CommandError(
                _("Ngày '%(value)s' không hợp lệ; hãy viết dạng YYYY-MM-DD.") % {"value": held_on}
            ) from None
        meetings = Meeting.objects.filter(bloc__code=bloc_code, held_on=day).select_related("bloc__organizer")
        if kind:
            meetings = meetings.filter(kind=kind)
        if organizer:
            meetings = meetings.filter(bloc__organizer__code=organizer)
        found = list(meetings[:10])
        facts = {"bloc": bloc_code, "date": f"{day:%d/%m/%Y}"}
        if not found:
            raise CommandError(_("Không có hội nghị nào của khối '%(bloc)s' ngày %(date)s.") % facts)
        if len(found) > 1:
            choices = "; ".join(f"--organizer {m.bloc.organizer.code} --kind {m.kind}" for m in found)
            raise CommandError(
                _("Có %(count)s hội nghị của khối '%(bloc)s' ngày %(date)s; hãy chỉ rõ: %(choices)s.")
                % {**facts, "count": len(found), "choices": choices}
            )
        return found[0]
