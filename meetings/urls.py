from django.urls import path, register_converter

from . import views
from .minutes.downloads import SLUGS


class MinutesDocumentConverter:
    """``bien-ban`` (the minutes) or ``giao-uoc`` (the pledge signed at the meeting)."""

    regex = "|".join(SLUGS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MinutesDocumentConverter, "minutes_doc")

app_name = "meetings"
urlpatterns = [
    path("khoi/<int:bloc_pk>/them/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/sua/", views.meeting_update, name="update"),
    path("<int:pk>/noi-dung/", views.meeting_content, name="content"),
    path("<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<int:pk>/thanh-phan/", views.people, name="people"),
    path("<int:pk>/de-nghi/them/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/de-nghi/ket-qua/", views.proposal_outcome, name="proposal_outcome"),
    path("<int:pk>/de-nghi/<int:proposal_pk>/phieu/", views.proposal_votes, name="proposal_votes"),
    path("<int:pk>/de-nghi/<int:proposal_pk>/rut/", views.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/bau-truong-khoi/", views.election, name="election"),
    path("<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("<int:pk>/chot/", views.meeting_finalize, name="finalize"),
    path("<int:pk>/mo-lai/", views.meeting_reopen, name="reopen"),
    path("<int:pk>/tao-bien-ban/", views.minutes_request, name="minutes_request"),
    path("<int:pk>/<minutes_doc:doc>/", views.minutes_status, name="minutes_status"),
    path("<int:pk>/<minutes_doc:doc>/trang-thai/", views.minutes_status_json, name="minutes_status_json"),
    path("<int:pk>/<minutes_doc:doc>/tai-ve/", views.minutes_download, name="minutes_download"),
    path(
        "<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/tai-ve/",
        views.minutes_download,
        name="minutes_version_download",
    ),
    path("<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/tao-lai/", views.minutes_retry, name="minutes_retry"),
]
