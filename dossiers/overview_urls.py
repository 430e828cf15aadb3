"""The board's year overview, included in the "dossiers" namespace by dossiers/urls.py."""

from django.urls import path

from dossiers.views import overview

urlpatterns = [
    path("tong-hop/", overview.overview, name="overview"),
    path("tong-hop.xlsx", overview.overview_xlsx, name="overview_xlsx"),
    path("tong-hop/han-gui/", overview.deadline, name="deadline"),
]
