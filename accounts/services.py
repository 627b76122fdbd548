"""Writes about accounts that are not a committee's: the password e-mail's throttle, the
invitation and the password link (sent through the outbox), the person's API tokens,
and a district's service accounts (integrations) with theirs.

Every token made or revoked, and every service account made or retired, goes into the
audit trail, filed under the owner's district.
"""

import datetime
import hashlib
import hmac

from auditlog import get_logentry_model
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import ApiToken, PasswordResetRequest, User
from committees import services as committee_services
from committees.models import Building, District
from notifications import services as notifications
from notifications import webhooks
from notifications.models import Kind, Webhook, WebhookEvent

# How stale a token's last use may be on record (one write a minute at most).
LAST_USED_STEP = datetime.timedelta(minutes=1)


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"password-reset-{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def password_reset_request_record(*, address: str, email: str) -> None:
    """Count a request for a password e-mail, or refuse it past the limit.

    ``settings.PASSWORD_RESET_LIMIT`` requests from one address, or for one e-mail
    address, within the sign-in lockout window (``AXES_COOLOFF_TIME``); a refused
    request is not counted, so the refusal ends by itself when the window has passed
    the last accepted one. Whether the e-mail belongs to an account plays no part:
    the answer must not tell.
    """
    now = timezone.now()
    window = settings.AXES_COOLOFF_TIME
    address_key = _key("address", address)
    email_key = _key("email", email.strip().lower())
    PasswordResetRequest.objects.filter(requested_at__lt=now - window).delete()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=now - window)
    by_address = recent.filter(address_key=address_key).count()
    by_email = recent.filter(email_key=email_key).count()
    if max(by_address, by_email) >= settings.PASSWORD_RESET_LIMIT:
        minutes = int(window.total_seconds() // 60)
        raise ValidationError(
            ngettext(
                "Too many password e-mails were asked for, for this address or from this "
                "network. Try again in %(minutes)d minute.",
                "Too many password e-mails were asked for, for this address or from this "
                "network. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )
    PasswordResetRequest.objects.create(
        address_key=address_key, email_key=email_key, requested_at=now
    )


def password_reset_send(*, email: str) -> None:
    """A link to choose a new password, through the outbox, to each active person of the
    portal with this address (a person invited who never chose one included). Nothing
    for an address nobody has: the page that asked says the same either way."""
    people = User.objects.filter(
        email__iexact=email.strip(), is_active=True, is_service_account=False
    ).exclude(district=None)
    stamp = timezone.now().isoformat()
    for person in people:
        notifications.notify(
            recipients=[person], kind=Kind.PASSWORD_RESET, subject=person, period=stamp
        )


def person_invite(*, person: User, by: User | None) -> None:
    """Invite a person of the district to the portal: an e-mail, through the outbox and
    in their language, with a link to choose their first password."""
    if by is not None and not (
        by.is_superuser or (by.is_district_admin and by.district_id == person.district_id)
    ):
        raise PermissionDenied(_("Only the district's administrators invite its people."))
    if not (person.is_active and person.email and person.district_id):
        raise ValidationError(
            _("%(name)s needs an e-mail address, a district and an active account first.")
            % {"name": person.display_name}
        )
    if person.is_service_account:
        raise ValidationError(_("A service account signs in with tokens, not a password."))
    stamp = timezone.now().isoformat()
    notifications.notify(
        recipients=[person], kind=Kind.ACCOUNT_INVITATION, subject=person, period=stamp
    )


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int, by: User | None = None
) -> tuple[ApiToken, str]:
    """A new API token of ``user``, valid ``days`` days, and its key (shown once: only a
    digest is kept). The lifetime is one of ``ApiToken.Lifetime``; none is endless.
    ``by``: who makes it, when not ``user`` (a district administrator, for a service
    account)."""
    if by is not None and by.pk != user.pk:  # only for a service account, by its district
        require_district_admin(by, user.district_id)
        if not (user.is_service_account and user.is_active):
            raise PermissionDenied("Tokens are made for a person by that person only.")
    if days not in ApiToken.Lifetime.values:
        raise ValidationError("Choose how long the token lasts.", code="lifetime")
    token, key = ApiToken.objects.create(user=user, expiry=datetime.timedelta(days=days), name=name)
    _audit(
        token, "CREATE", {"API token": [None, name], "of": [None, user.display_name]}, by or user
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None = None) -> None:
    """Revoke a token: its row is gone, so the next call with its key is refused."""
    owner = token.user
    _audit(token, "DELETE", {"API token": [token.name, None], "of": [owner.display_name, None]}, by)
    token.delete()


def api_token_mark_used(*, token: ApiToken) -> None:
    """Put a call with ``token`` on record, at most once a minute: a script that calls
    many times a minute costs one UPDATE a minute, not a write per request."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_STEP:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def _audit(record: models.Model, action: str, changes: dict, by: User | None) -> None:
    """Keep a token's or a service account's life in the owner's district's trail."""
    entry = get_logentry_model()
    owner = record if isinstance(record, User) else record.user
    entry.objects.log_create(
        record,
        force_log=True,
        action=getattr(entry.Action, action),
        changes=changes,
        actor=by,
        actor_email=getattr(by, "email", None) or None,
        district_id=owner.district_id,
    )


# --- service accounts: a district's integrations ------------------------------------------

DISTRICT_ROLE = "district"


def service_account_roles(district: District) -> list[tuple[str, str]]:
    """The named roles a service account may hold (ACCESS.md, "Roles"), as form choices:
    the district's safety administrator, or a school's administrator. The gate then
    decides its rights as it does anyone's holding the same role."""
    roles = [(DISTRICT_ROLE, "District safety administrator: every committee of the district")]
    roles += [
        (f"building:{building.pk}", f"Building administrator: {building.name}")
        for building in Building.objects.filter(district=district).order_by("name")
    ]
    return roles


def service_account_role(account: User) -> str:
    """What an account's role reads as, on its page."""
    if account.is_district_admin:
        return "District safety administrator"
    names = sorted(b.name for b in account.administered_buildings.all())  # prefetched
    return "Building administrator: " + ", ".join(names) if names else "No role"


def require_district_admin(by: User | None, district_id: int | None) -> None:
    """Only a district safety administrator of this district (never a service account)
    manages its service accounts and webhooks."""
    if not (
        by is not None
        and by.is_active
        and by.is_district_admin
        and not by.is_service_account
        and district_id is not None
        and by.district_id == district_id
    ):
        raise PermissionDenied("Only a district safety administrator may do this.")


def service_accounts_of(district_id: int) -> models.QuerySet:
    return User.objects.filter(district_id=district_id, is_service_account=True).order_by(
        "-is_active", "first_name", "pk"
    )


@transaction.atomic
def service_account_create(*, district: District, name: str, role: str, by: User) -> User:
    """A district's integration, e.g. the facilities work-order system: a person of the
    portal who holds ``role`` (one of ``service_account_roles``), calls the API with the
    tokens a district administrator makes for it, never signs in and gets no e-mail."""
    require_district_admin(by, district.pk)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the service account a name."})
    if service_accounts_of(district.pk).filter(first_name__iexact=name).exists():
        raise ValidationError({"name": "The district has a service account of this name."})
    if role not in dict(service_account_roles(district)):
        raise ValidationError({"role": "Choose one of the roles offered."})
    account = User(
        username=_service_username(district, name),
        first_name=name,
        title="Service account",
        district=district,
        is_service_account=True,
    )
    account.set_unusable_password()  # nor can Django's password e-mail give it one
    account.save()
    if role == DISTRICT_ROLE:
        committee_services.district_admin_set(user=account, is_admin=True, by=by)
        account.is_staff = False  # the admin site is for people who sign in
        account.save(update_fields=["is_staff"])
    else:
        building = Building.objects.get(district=district, pk=int(role.removeprefix("building:")))
        committee_services.building_admin_set(building=building, user=account, is_admin=True, by=by)
    label = dict(service_account_roles(district))[role]
    _audit(account, "CREATE", {"service account": [None, name], "role": [None, label]}, by)
    return account


@transaction.atomic
def service_account_retire(*, account: User, by: User) -> None:
    """Stop a service account at once: its tokens are revoked, its role ended and it is
    inactive (the gate gives an inactive person nothing, and webhooks go quiet)."""
    require_district_admin(by, account.district_id)
    if not account.is_service_account:
        raise PermissionDenied("Only a service account is retired here.")
    for token in ApiToken.objects.filter(user=account):
        api_token_revoke(token=token, by=by)
    if account.is_district_admin:
        committee_services.district_admin_set(user=account, is_admin=False, by=by)
    for building in account.administered_buildings.all():
        committee_services.building_admin_set(
            building=building, user=account, is_admin=False, by=by
        )
    account.is_active = False
    account.save(update_fields=["is_active"])
    _audit(account, "UPDATE", {"active": [True, False]}, by)


def _service_username(district: District, name: str) -> str:
    base = f"service.{district.slug}.{slugify(name)[:60] or 'integration'}"
    for candidate in [base, *(f"{base}.{n}" for n in range(2, 100))]:
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise ValidationError({"name": "Give the service account another name."})


# --- webhooks: a service account's endpoints ----------------------------------------------


@transaction.atomic
def webhook_register(
    *, account: User, url: str, events: list[str], by: User
) -> tuple[Webhook, str]:
    """An HTTPS endpoint told of ``events``, and its signing secret (shown once).

    What each delivery carries is what ``account`` may see when it is sent
    (notifications.webhooks)."""
    require_district_admin(by, account.district_id)
    if not (account.is_service_account and account.is_active):
        raise PermissionDenied("Webhooks are registered for an active service account.")
    url = url.strip()
    if url[:8].lower() == "https://":
        url = "https://" + url[8:]  # as the deliveries check it
    else:
        raise ValidationError(
            {
                "url": "Give an https:// address: deliveries carry the district's records, "
                "and must be encrypted on the way."
            }
        )
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise ValidationError({"events": "Choose at least one of the events offered."})
    hook = Webhook(
        district_id=account.district_id,
        account=account,
        url=url,
        events=chosen,
        salt=webhooks.new_salt(),
        created_by=by,
    )
    hook.full_clean()
    hook.save()
    _audit(account, "UPDATE", {"webhook": [None, url], "events": [None, chosen]}, by)
    return hook, webhooks.secret_of(hook)


@transaction.atomic
def webhook_remove(*, webhook: Webhook, by: User) -> None:
    """Stop telling the endpoint: what is still pending is not sent."""
    require_district_admin(by, webhook.district_id)
    if webhook.removed_at is not None:
        return
    webhook.removed_at = timezone.now()
    webhook.save(update_fields=["removed_at"])
    _audit(webhook.account, "UPDATE", {"webhook": [webhook.url, None]}, by)
