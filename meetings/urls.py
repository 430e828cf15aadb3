"""The meeting pages' URLs; ``config/urls.py`` puts them under the namespace "meetings" with the records'."""

from django.urls import path

from . import views
from .views import online
from .views.excel import ranking_xlsx

urlpatterns = [
    path("khoi/<int:bloc_pk>/them/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/sua/", views.meeting_update, name="update"),
    path("<int:pk>/noi-dung/", views.meeting_content, name="content"),
    path("<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<int:pk>/thanh-phan/", views.people, name="people"),
    path("<int:pk>/kiem-phieu/", views.voting, name="voting"),
    path("<int:pk>/de-nghi/them/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/de-nghi/ket-qua/", views.proposal_outcome, name="proposal_outcome"),
    path("<int:pk>/de-nghi/<int:proposal_pk>/phieu/", views.proposal_votes, name="proposal_votes"),
    path("<int:pk>/de-nghi/<int:proposal_pk>/rut/", views.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/bau-truong-khoi/", views.election, name="election"),
    path("<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("<int:pk>/xep-hang.xlsx", ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/bo-phieu-truc-tuyen/", online.online_voting, name="online_voting"),
    path("<int:pk>/bo-phieu-truc-tuyen/mo/", online.online_voting_open_view, name="online_voting_open"),
    path("<int:pk>/bo-phieu-truc-tuyen/dong/", online.online_voting_close_view, name="online_voting_close"),
    path("<int:pk>/bo-phieu-truc-tuyen/trang-thai.json", online.online_voting_status, name="online_voting_status"),
    path("<int:pk>/phieu-bieu-quyet/", online.ballot, name="ballot"),
]
