from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from summit.permissions import is_delegate
from summit.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) leave through Celery, never inside the request."""

    def send_mail(self, template_prefix, email, context):
        # allauth's templates greet with the site's name; there is no sites framework here, so say it ourselves.
        site = SimpleNamespace(name=_("Living Together Summit"), domain=urlsplit(settings.SITE_URL).netloc)
        email_queue(message=self.render_mail(template_prefix, email, {"current_site": site, **context}))

    def get_login_redirect_url(self, request):
        """Delegates land on their dashboard; everyone else where they were going, or the home page."""
        if is_delegate(request.user):
            return reverse("me")
        return super().get_login_redirect_url(request)
