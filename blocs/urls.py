"""The board's pages on a bloc; ``config/urls.py`` puts them under the namespace "blocs" with the bloc page."""

from django.urls import path

from . import views

urlpatterns = [
    path("khoi/<int:pk>/thanh-vien/them/", views.membership_add, name="membership_add"),
    path("khoi/<int:pk>/thanh-vien/<int:membership_pk>/ket-thuc/", views.membership_end, name="membership_end"),
    path("khoi/<int:pk>/thanh-vien/<int:membership_pk>/xoa/", views.membership_delete, name="membership_delete"),
    path("khoi/<int:pk>/thu-ky/them/", views.secretary_add, name="secretary_add"),
    path("khoi/<int:pk>/thu-ky/<int:assignment_pk>/xoa/", views.secretary_delete, name="secretary_delete"),
]
