"""What the sign-in machinery holds about one person, for /me/data/."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from membership.models import Person


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _attempts(model, address: str) -> list[dict]:
    rows = model.objects.filter(username__iexact=address).order_by("-attempt_time")
    return [
        {
            "at": _when(row.attempt_time),
            "ip_address": row.ip_address,
            "browser": row.user_agent,
            "path": row.path_info,
        }
        for row in rows
    ]


def personal_data(person: Person) -> dict:
    """Their single sign-on links and addresses (django-allauth), and the sign-in attempts
    recorded under their address (django-axes: failures and lockouts; successful sign-ins are
    not logged, see AXES_DISABLE_ACCESS_LOG)."""
    return {
        "single_sign_on_accounts": [
            {
                "provider": account.provider,
                "subject_id": account.uid,
                "linked_at": _when(account.date_joined),
                "last_sign_in": _when(account.last_login),
                "details_from_provider": account.extra_data,
            }
            for account in SocialAccount.objects.filter(user=person).order_by("pk")
        ],
        "sign_in_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person).order_by("pk")
        ],
        "failed_sign_in_attempts": _attempts(AccessAttempt, person.email),
        "failed_sign_in_log": _attempts(AccessFailureLog, person.email),
        "sign_in_log": _attempts(AccessLog, person.email),
    }
