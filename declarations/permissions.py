"""Who may sign for a city, asked by the views, the templates and the services alike."""

from django.contrib.auth.models import AnonymousUser

from declarations.models import Amendment, AmendmentStatus, Declaration, DeclarationStatus, Pledge, Signature
from summit.models import City, DelegateTitle, User
from summit.permissions import is_delegate_of_city, is_organiser

# A city is signed for by its mayor or a deputy mayor; thought leaders speak for it but do not sign.
SIGNER_TITLES = [DelegateTitle.MAYOR, DelegateTitle.DEPUTY_MAYOR]


def cities_to_sign_for(user: User | AnonymousUser, declaration: Declaration) -> list[City]:
    """The cities `user` may sign `declaration` for now: open for signature, and the user is their (deputy) mayor."""
    if declaration.status != DeclarationStatus.OPEN or not (user.is_authenticated and user.is_active):
        return []
    return list(
        City.objects.filter(delegates__user=user, delegates__title__in=SIGNER_TITLES).distinct().order_by("name")
    )


def can_sign(user: User | AnonymousUser, declaration: Declaration, city: City) -> bool:
    return city in cities_to_sign_for(user, declaration)


def can_withdraw(user: User | AnonymousUser, signature: Signature) -> bool:
    """While the declaration is open, the city's (deputy) mayor may take its signature back."""
    return can_sign(user, signature.declaration, signature.city)


def cities_to_pledge_for(user: User | AnonymousUser, declaration: Declaration) -> list[City]:
    """The cities whose delegate `user` is and which have signed `declaration`: they make pledges under it."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        City.objects.filter(delegates__user=user, signatures__declaration=declaration).distinct().order_by("name")
    )


def can_follow_up_pledge(user: User | AnonymousUser, pledge: Pledge) -> bool:
    """Every delegate of the pledging city posts updates and changes the status."""
    return is_delegate_of_city(user, pledge.city)


def cities_to_amend_for(user: User | AnonymousUser, declaration: Declaration) -> list[City]:
    """While a declaration is a draft, every delegate proposes amendments for their city."""
    if declaration.status != DeclarationStatus.DRAFT or not (user.is_authenticated and user.is_active):
        return []
    return list(City.objects.filter(delegates__user=user).distinct().order_by("name"))


def can_support(user: User | AnonymousUser, amendment: Amendment) -> bool:
    """Other delegates support a proposed amendment of a draft, once each (the proposer supports it by proposing)."""
    return (
        amendment.status == AmendmentStatus.PROPOSED
        and amendment.proposed_by_id != getattr(user, "pk", None)
        and bool(cities_to_amend_for(user, amendment.declaration))
    )


def can_decide(user: User | AnonymousUser, amendment: Amendment) -> bool:
    return is_organiser(user) and amendment.status == AmendmentStatus.PROPOSED
