from django.urls import path

from imports import views

app_name = "interchange"

urlpatterns = [
    path("", views.interchange_home, name="home"),
    path("xac-nhan-nhap/", views.import_confirm, name="import_confirm"),
    path("tai-xuong/", views.export_download, name="export_download"),
]
