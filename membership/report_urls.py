"""Sponsor and Head of CoPs reports."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.report_index, name="report-index"),
    path("<slug:slug>/", report_views.area_report, name="report-area"),
    path("<slug:slug>/export/", report_views.area_export, name="report-export"),
]
