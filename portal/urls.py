"""The portal's URLs, by the namespace ``config/urls.py`` gives them."""

from django.urls import path

from . import views

root = [
    path("", views.bloc_list, name="home"),
    path("tim-kiem/", views.search_view, name="search"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("thong-bao/doc-het/", views.notifications_read_all, name="notifications_read_all"),
    # Public, no login: a province's published results of a year, and its minutes by their verification code.
    path("cong-khai/cai-dat/", views.public_settings, name="public_settings"),
    path("cong-khai/<str:organizer>/<int:year>/", views.public_results, name="public_results"),
    path("cong-khai/<str:organizer>/<int:year>/van-ban/<str:code>/", views.public_document, name="public_document"),
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
# Under /hoi-nghi/, in the meeting's namespace.
meetings = [
    path("<int:pk>/tin-bai/", views.news_draft, name="news_draft"),
]
