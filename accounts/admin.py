"""The admin keeps what helps run sign-in and hides what allauth would have us configure twice.

Kept: django-axes' failed sign-ins (delete a row to lift a lockout early) and allauth's
social accounts (the link between a person and their UCL subject; delete it to relink). Hidden:
allauth's social applications, tokens and email addresses, and axes' two logs. The provider is
configured from the environment (a second one in the database would make allauth refuse to
choose), tokens are not stored, addresses live on Person, and neither log is kept.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp, SocialToken
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin

for model in (SocialApp, SocialToken, EmailAddress, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
