from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from blocs import urls as blocs_urls
from meetings import urls as meetings_urls
from members.forms import PasswordResetForm
from portal import urls as portal_urls
from records import urls as records_urls

from . import views

# A namespace is the site's, not an app's: a meeting's URLs come from the app that keeps its record and from the
# one that keeps its official documents (and the portal's news draft), a bloc's from the board's pages and the
# portal's bloc page.
meetings = ([*meetings_urls.urlpatterns, *records_urls.urlpatterns, *portal_urls.meetings], "meetings")
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
    # "Quên mật khẩu", and the page where an invited user sets their first password (members.services.user_invite).
    path(
        "quen-mat-khau/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        # The address the page moves its token to (out of the URL, into the session): a path, not a password.
        auth_views.PasswordResetConfirmView.as_view(reset_url_token="mat-khau-moi"),  # noqa: S106
        name="password_reset_confirm",
    ),
    path("dat-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("du-lieu/", include("imports.urls")),
    path("khen-thuong/", include("decisions.urls")),
    path("ho-so/", include("dossiers.urls")),
    path("giao-uoc/", include("pledges.urls")),
    path("hoi-nghi/", include(meetings)),
    path("xac-minh/", include("records.verify_urls")),
    path("chu-ky-so/", include("signatures.urls")),
    path("admin/", admin.site.urls),
    path("suc-khoe/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]
