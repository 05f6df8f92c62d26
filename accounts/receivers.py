"""What the sign-in machinery forgets when the Head anonymises someone (inside her transaction).

Their sign-in attempts are recorded under their old address, which this receiver no longer
knows; `membership.services.anonymise_person` removes those itself, before the address changes.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from membership.models import Person


def forget_sign_in_accounts(sender, person: Person, **kwargs) -> None:
    """Unlink their single sign-on (the provider's subject id and the claims it sent, with any
    tokens) and drop allauth's copies of their address."""
    SocialAccount.objects.filter(user=person).delete()
    EmailAddress.objects.filter(user=person).delete()
