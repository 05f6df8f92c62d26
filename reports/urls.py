"""Sponsor and Head of CoPs reports."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<slug:slug>/", views.area_report, name="report-area"),
    path("<slug:slug>/export/", views.area_export, name="report-export"),
]
