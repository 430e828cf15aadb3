"""The board's pages on a bloc and the province's setup; ``config/urls.py`` puts them under the namespace "blocs"
with the bloc page."""

from django.urls import path

from . import views

urlpatterns = [
    path("khoi/<int:pk>/thanh-vien/them/", views.membership_add, name="membership_add"),
    path("khoi/<int:pk>/thanh-vien/chuyen/", views.memberships_move, name="memberships_move"),
    path("khoi/<int:pk>/thanh-vien/<int:membership_pk>/ket-thuc/", views.membership_end, name="membership_end"),
    path("khoi/<int:pk>/thanh-vien/<int:membership_pk>/xoa/", views.membership_delete, name="membership_delete"),
    path("khoi/<int:pk>/thu-ky/them/", views.secretary_add, name="secretary_add"),
    path("khoi/<int:pk>/thu-ky/<int:assignment_pk>/xoa/", views.secretary_delete, name="secretary_delete"),
    # The province's setup
    path("thiet-lap/co-quan/", views.agency_list, name="agency_list"),
    path("thiet-lap/co-quan/them/", views.agency_create, name="agency_create"),
    path("thiet-lap/co-quan/<int:pk>/sua/", views.agency_update, name="agency_update"),
    path("thiet-lap/khoi/", views.bloc_setup_list, name="bloc_setup_list"),
    path("thiet-lap/khoi/them/", views.bloc_create, name="bloc_create"),
    path("thiet-lap/khoi/<int:pk>/sua/", views.bloc_update, name="bloc_update"),
    path("thiet-lap/khoi/<int:pk>/ke-tuc/", views.bloc_successor, name="bloc_successor"),
    path("thiet-lap/khoi/ky-hieu/", views.symbol_suggest, name="symbol_suggest"),
    path("thiet-lap/nguoi-dung/", views.user_list, name="user_list"),
    path("thiet-lap/nguoi-dung/them/", views.user_create, name="user_create"),
    path("thiet-lap/nguoi-dung/<int:pk>/sua/", views.user_update, name="user_update"),
    path("thiet-lap/nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user_deactivate"),
    path("thiet-lap/nguoi-dung/<int:pk>/mo-khoa/", views.user_activate, name="user_activate"),
    path("thiet-lap/nguoi-dung/<int:pk>/gui-loi-moi/", views.user_invite, name="user_invite"),
]
