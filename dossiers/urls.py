"""The dossier pages, under /ho-so/ (namespace "dossiers")."""

from django.urls import path

from dossiers import overview_urls
from dossiers.views import dossier

app_name = "dossiers"

urlpatterns = [
    path("khoi/<int:pk>/<int:year>/", dossier.dossier_detail, name="dossier"),
    path("khoi/<int:pk>/<int:year>/gui/", dossier.dossier_send, name="send"),
    path("khoi/<int:pk>/<int:year>/to-trinh/du-thao/", dossier.letter_preview, name="letter_preview"),
    path("<int:dossier_pk>/tiep-nhan/", dossier.dossier_receive, name="receive"),
    path("<int:dossier_pk>/tra-lai/", dossier.dossier_return, name="return"),
    path("<int:dossier_pk>/ket-thuc/", dossier.dossier_close, name="close"),
    path("de-nghi/<int:proposal_pk>/bao-cao/", dossier.report_upload, name="report_upload"),
    path("de-nghi/<int:proposal_pk>/bao-cao/tai-ve/", dossier.report_download, name="report_download"),
    path("bao-cao-da-gui/<int:pk>/", dossier.submitted_report_download, name="submitted_report"),
    path("quyet-dinh/", dossier.decision_start, name="decision_start"),
]

urlpatterns += overview_urls.urlpatterns  # the board's year overview
