"""The URLs of a meeting's official record (finalizing, reopening, the minutes); ``config/urls.py`` puts
them under the meeting's namespace, "meetings"."""

from django.urls import path, register_converter

from . import views
from .downloads import SLUGS


class MinutesDocumentConverter:
    """``bien-ban`` (the minutes) or ``giao-uoc`` (the pledge signed at the meeting)."""

    regex = "|".join(SLUGS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MinutesDocumentConverter, "minutes_doc")

urlpatterns = [
    path("<int:pk>/chot/", views.meeting_finalize, name="finalize"),
    path("<int:pk>/mo-lai/", views.meeting_reopen, name="reopen"),
    path("<int:pk>/tao-bien-ban/", views.minutes_request, name="minutes_request"),
    path("<int:pk>/du-thao/", views.minutes_preview, name="minutes_preview"),
    path("<int:pk>/<minutes_doc:doc>/", views.minutes_status, name="minutes_status"),
    path("<int:pk>/<minutes_doc:doc>/trang-thai/", views.minutes_status_json, name="minutes_status_json"),
    path("<int:pk>/<minutes_doc:doc>/tai-ve/", views.minutes_download, name="minutes_download"),
    path(
        "<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/tai-ve/",
        views.minutes_download,
        name="minutes_version_download",
    ),
    path("<int:pk>/<minutes_doc:doc>/tai-ve.docx", views.minutes_docx_download, name="minutes_docx_download"),
    path(
        "<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/tai-ve.docx",
        views.minutes_docx_download,
        name="minutes_version_docx",
    ),
    path("<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/tao-lai/", views.minutes_retry, name="minutes_retry"),
    path(
        "<int:pk>/<minutes_doc:doc>/phien-ban/<int:number>/ban-ky-so/",
        views.signed_copy_upload,
        name="signed_copy_upload",
    ),
]
