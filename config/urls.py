from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from blocs import urls as blocs_urls
from meetings import urls as meetings_urls
from portal import urls as portal_urls
from records import urls as records_urls

from . import views

# A namespace is the site's, not an app's: a meeting's URLs come from the app that keeps its record and from the
# one that keeps its official documents, a bloc's from the board's pages and the portal's bloc page.
meetings = ([*meetings_urls.urlpatterns, *records_urls.urlpatterns], "meetings")
blocs = ([*portal_urls.blocs, *blocs_urls.urlpatterns], "blocs")
members = (portal_urls.members, "members")

urlpatterns = [
    *portal_urls.root,
    path("", include(blocs)),
    path("", include(members)),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("du-lieu/", include("imports.urls")),
    path("khen-thuong/", include("decisions.urls")),
    path("giao-uoc/", include("pledges.urls")),
    path("hoi-nghi/", include(meetings)),
    path("admin/", admin.site.urls),
    path("suc-khoe/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]
