"""Staff pages: the catalogue with each person's relation to it, and the membership actions.

These views live in `membership` because they show both the catalogue and the person's
memberships; `communities` never imports `membership`.
"""

from django.urls import path

from . import community_edit, directory, reconfirm, views

urlpatterns = [
    path("communities/", views.community_list, name="community-list"),
    path("communities/<slug:slug>/", views.community_detail, name="community-detail"),
    path("communities/<slug:slug>/join/", views.join, name="community-join"),
    path("communities/<slug:slug>/kind/", views.change_kind, name="community-kind"),
    path("communities/<slug:slug>/leave/", views.leave, name="community-leave"),
    path("communities/<slug:slug>/interest/", views.register_interest, name="community-interest"),
    path(
        "communities/<slug:slug>/interest/withdraw/",
        views.withdraw_interest,
        name="community-interest-withdraw",
    ),
    path("communities/<slug:slug>/members/", directory.member_directory, name="community-members"),
    path("communities/<slug:slug>/edit/", community_edit.edit_community, name="community-edit"),
    path(
        "communities/<slug:slug>/contact/", community_edit.contact_leads, name="community-contact"
    ),
    path("me/", views.me, name="me"),
    path("reconfirm/<str:token>/", reconfirm.reconfirm, name="reconfirm"),
]
