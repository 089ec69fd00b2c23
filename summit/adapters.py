from allauth.account.adapter import DefaultAccountAdapter

from summit.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) leave through Celery, never inside the request."""

    def send_mail(self, template_prefix, email, context):
        email_queue(message=self.render_mail(template_prefix, email, context))
