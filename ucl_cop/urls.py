"""The portal's URL map (a contract: see the architecture page)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import find, me_settings, my_data, search_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("membership/", views.membership_criteria, name="membership-criteria"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("search/", search_views.site_search, name="search"),
    path("find/", find.find, name="find"),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    # Before membership's: `communities/propose/` must match before `communities/<slug>/`.
    path("", include("proposals.urls")),
    path("", include("membership.urls")),
    path("", include("activities.urls")),
    path("me/settings/", me_settings.me_settings, name="me-settings"),
    path("me/data/", my_data.my_data, name="my-data"),
    path("reports/", include("reports.urls")),
    # Sign-in, resets, invitations and single sign-on; Django's auth URLs fill in the rest.
    path("", include("accounts.urls")),
    # A sign-out link (GET) asks "Sign out?" with a button; only the POST signs out.
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(
            http_method_names=["get", "post", "options"],
            template_name="registration/logout_confirm.html",
        ),
        name="logout",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "ucl_cop.views.bad_request"
handler403 = "ucl_cop.views.permission_denied"
handler404 = "ucl_cop.views.page_not_found"
handler500 = "ucl_cop.views.server_error"

admin.site.site_header = "UCL Communities of Practice: administration"
admin.site.site_title = "CoP portal admin"
admin.site.index_title = "Run the programme"
# The home page opens with the Head's to-do list (reports' `head_todo` tag), then the apps.
admin.site.index_template = "admin/head_index.html"
# No app sidebar beside every page: the home page lists the apps, and without it the lists'
# columns fit a 1280 px screen.
admin.site.enable_nav_sidebar = False
