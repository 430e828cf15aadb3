"""The portal's URLs, by the namespace ``config/urls.py`` gives them."""

from django.urls import path

from . import views

root = [
    path("", views.bloc_list, name="home"),
    path("tim-kiem/", views.search_view, name="search"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("thong-bao/doc-het/", views.notifications_read_all, name="notifications_read_all"),
]
blocs = [
    path("khoi/<int:pk>/", views.bloc_detail, name="detail"),
    path("khoi/<int:pk>/truong-khoi/<int:year>/", views.leadership_override, name="leadership_override"),
]
members = [
    path("don-vi/<int:pk>/", views.agency_detail, name="detail"),
    path("don-vi/viec-can-lam/", views.agency_tasks, name="tasks"),
    path("don-vi/ky-giao-uoc/<int:pk>/", views.pledge_sign, name="pledge_sign"),
    path("lich-su/<slug:kind>/<int:pk>/", views.history, name="history"),
]
