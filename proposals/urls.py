"""Proposals and the question to the Head. Included before `membership.urls`, so that
`communities/propose/` is matched before `communities/<slug>/` (and "propose" is a reserved
community address: `communities.models.RESERVED_SLUGS`)."""

from django.urls import path

from . import contact, views

urlpatterns = [
    path("communities/propose/", views.propose, name="proposal-new"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/support/", views.support, name="proposal-support"),
    path(
        "proposals/<int:pk>/support/withdraw/",
        views.withdraw_support,
        name="proposal-support-withdraw",
    ),
    path("proposals/<int:pk>/edit/", views.edit, name="proposal-edit"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="proposal-withdraw"),
    path("contact/", contact.contact_head, name="contact-head"),
]
