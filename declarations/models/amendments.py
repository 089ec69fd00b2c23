"""Amendments proposed by delegates to a declaration's clauses, their supporters and their history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from declarations.models.texts import Clause, Declaration
from summit.model_bases import Transition


class AmendmentKind(models.TextChoices):
    CHANGE = "change", _("Change a clause")
    ADD = "add", _("Add a clause after one")
    DELETE = "delete", _("Delete a clause")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A delegate's proposal to change a draft: change, add or delete a clause, always with a reason.

    `clause_text` keeps the clause as it read when the amendment was proposed: if the clause changed since, the
    amendment is outdated and cannot be accepted as it stands.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("kind"), max_length=10, choices=AmendmentKind.choices)
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause"), on_delete=models.SET_NULL, null=True, blank=True, related_name="amendments"
    )
    clause_text = models.TextField(_("clause as proposed against"), blank=True, editable=False)
    text = models.TextField(_("new text"), blank=True, max_length=2000)
    reason = models.TextField(_("reason"), max_length=2000)
    proposed_by = models.ForeignKey(
        "summit.User", verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    city = models.ForeignKey("summit.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def is_outdated(self) -> bool:
        """The clause it amends changed, or is gone, since it was proposed."""
        if self.status != AmendmentStatus.PROPOSED:
            return False
        return self.clause_id is None or self.clause.text != self.clause_text


class AmendmentSupport(models.Model):
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey("summit.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["amendment", "user"], name="one_support_per_person")]

    def __str__(self):
        return f"{self.user} supports {self.amendment}"


class AmendmentTransition(Transition):
    """An amendment's history: proposed → accepted or rejected, with the organiser's reason."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass
