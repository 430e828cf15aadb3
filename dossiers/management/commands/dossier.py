"""``python manage.py dossier BLOC_CODE YEAR [--organizer CODE] -o DIR`` (a contract: ../shared/spec/).

Writes the bloc's year-end dossier documents into DIR, each as ``.pdf`` (PDF/A-3b) and ``.docx``, through the
same code as the worker: ``to-trinh`` (the proposal letter: the one last sent, else as it would print today),
``bien-ban-hop`` (the minutes as issued), ``bien-ban-kiem-phieu`` (the vote count) and ``bang-diem`` (the score
table and ranking). Exit 1 with the reason when the year has no finalized year-end review.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from blocs.models import Bloc
from dossiers import documents, services


class Command(BaseCommand):
    help = "Xuất các văn bản của hồ sơ đề nghị khen thưởng cuối năm của một khối (PDF/A và Word) vào một thư mục."

    def add_arguments(self, parser):
        parser.add_argument("bloc_code", help="Mã khối, cụm thi đua.")
        parser.add_argument("year", type=int, help="Năm thi đua (năm của công tác được tổng kết).")
        parser.add_argument("--organizer", help="Mã tỉnh, khi nhiều tỉnh có khối cùng mã.")
        parser.add_argument("-o", "--output", required=True, help="Thư mục ghi các tệp (tạo nếu chưa có).")

    def handle(self, *args, bloc_code, year, organizer, output, **options):
        with translation.override(settings.LANGUAGE_CODE):
            bloc = self._bloc(bloc_code, organizer)
            meeting = services.year_end_review(bloc, year)
            if meeting is None:
                raise CommandError(services.no_review_reason(bloc, year))
            folder = Path(output)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CommandError(
                    _("Không tạo được thư mục %(path)s: %(error)s") % {"path": folder, "error": error}
                ) from None
            for stem, content in documents.dossier_files(meeting):
                path = folder / stem
                path.write_bytes(content)
                self.stderr.write(_("Đã ghi %(path)s.") % {"path": path})

    def _bloc(self, code: str, organizer: str | None) -> Bloc:
        blocs = Bloc.objects.filter(code=code).select_related("organizer")
        if organizer:
            blocs = blocs.filter(organizer__code=organizer)
        found = list(blocs[:10])
        if not found:
            raise CommandError(_("Không có khối nào mã '%(code)s'.") % {"code": code})
        if len(found) > 1:
            choices = ", ".join(b.organizer.code for b in found)
            raise CommandError(
                _("Có %(count)s khối mã '%(code)s' (tỉnh %(choices)s); hãy chỉ rõ --organizer.")
                % {"count": len(found), "code": code, "choices": choices}
            )
        return found[0]
