"""The portal's URLs, by the namespace ``config/urls.py`` gives them."""

from django.urls import path

from . import views

root = [
    path("", views.bloc_list, name="home"),
    path("tim-kiem/", views.search_view, name="search"),
]
blocs = [
    path("khoi/<int:pk>/", views.bloc_detail, name="detail"),
    path("khoi/<int:pk>/truong-khoi/<int:year>/", views.leadership_override, name="leadership_override"),
]
members = [
    path("don-vi/<int:pk>/", views.agency_detail, name="detail"),
    path("lich-su/<slug:kind>/<int:pk>/", views.history, name="history"),
]
