"""The cities' signatures, each on the version it signed, and their log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from declarations.models.texts import Declaration, DeclarationVersion
from summit.models import DelegateTitle


class Signature(models.Model):
    """A city's signature: one per city and declaration, enforced by the database."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signatures")
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="signatures")
    version = models.ForeignKey(
        DeclarationVersion, verbose_name=_("text signed"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="signatures",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        "summit.User", verbose_name=_("signed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signer_title = models.CharField(_("signed as"), max_length=20, choices=DelegateTitle.choices, blank=True)
    signed_on = models.DateField(_("signed on"))
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["city__country", "city__name"]
        constraints = [models.UniqueConstraint(fields=["declaration", "city"], name="one_signature_per_city")]

    def __str__(self):
        return f"{self.city} · {self.declaration}"


class SignatureAction(models.TextChoices):
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded from paper")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SignatureLog(models.Model):
    """Every signature given, recorded or withdrawn: who, when, why. A withdrawn signature leaves only this."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signature_log")
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("what"), max_length=10, choices=SignatureAction.choices)
    version = models.ForeignKey(
        DeclarationVersion, verbose_name=_("text"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        "summit.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("signature log entry")
        verbose_name_plural = _("signature log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.city}: {self.get_action_display()}"
