"""The board's names over time (members.models.BoardName), printed by date on documents.

Board work of the organizer (``get_managed_organizer``: anyone else gets 404). The list is replaced as a whole
by ``members.services.board_names_set``, which refuses overlapping periods.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from blocs.access import get_managed_organizer
from decisions.names_forms import board_name_formset, board_names_initial
from members import services as members_services


@login_required
def board_names(request):
    organizer = get_managed_organizer(request.user)
    posted = request.method == "POST"
    names = list(organizer.board_names.order_by("valid_from"))
    formset = board_name_formset(extra=1 if names else 2)(
        request.POST if posted else None, initial=board_names_initial(names), prefix="names"
    )
    page_errors: list[str] = []
    if posted and formset.is_valid():
        try:
            members_services.board_names_set(organizer=organizer, names=formset.names(), by=request.user)
        except ValidationError as error:
            page_errors = formset.add_service_errors(error)
        else:
            messages.success(request, _("Đã lưu tên cơ quan thi đua, khen thưởng theo thời gian."))
            return redirect("awards:board_names")
    context = {"organizer": organizer, "formset": formset, "page_errors": page_errors}
    return render(request, "awards/boardname_form.html", context)
