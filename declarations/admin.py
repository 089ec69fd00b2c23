from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from declarations import selectors
from declarations.forms import VersionTranslationForm
from declarations.models import (
    Amendment,
    AmendmentTransition,
    Clause,
    Declaration,
    DeclarationStatus,
    DeclarationTransition,
    DeclarationVersion,
    Pledge,
    PledgeTransition,
    PledgeUpdate,
    Signature,
    SignatureLog,
    VersionTranslation,
)
from declarations.services import signing, texts
from summit.admin import TransitionInline
from summit.transitions import InvalidTransition


class ClauseInline(admin.TabularInline):
    """Only a draft's clauses can be edited here; a text open for signature, adopted or a reference is frozen."""

    model = Clause
    extra = 0
    fields = ["number", "text"]

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == DeclarationStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class VersionInline(admin.TabularInline):
    """Versions are the signed record: nobody edits them."""

    model = DeclarationVersion
    extra = 0
    fields = ["number", "note", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DeclarationTransitionInline(TransitionInline):
    model = DeclarationTransition


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "status", "adopted_on", "signature_count"]
    list_filter = ["status"]
    search_fields = ["title", "place"]
    prepopulated_fields = {"slug": ["title"]}
    # The status changes through the actions below (one logged service), never by editing the field.
    readonly_fields = ["status"]
    inlines = [ClauseInline, VersionInline, DeclarationTransitionInline]
    actions = ["open_for_signature", "adopt"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_total=Count("signatures"))

    @admin.display(description=_("signatures"), ordering="signature_total")
    def signature_count(self, obj):
        return obj.signature_total

    def _status_set(self, request, queryset, status, done):
        for declaration in queryset:
            try:
                texts.declaration_status_set(declaration=declaration, to=status, by=request.user)
            except InvalidTransition:
                self.message_user(
                    request,
                    _("%(title)s is %(status)s: that change is not possible.")
                    % {"title": declaration, "status": declaration.get_status_display()},
                    messages.WARNING,
                )
            else:
                self.message_user(request, done % {"title": declaration}, messages.SUCCESS)

    @admin.action(description=_("Open the selected drafts for signature (the text is then frozen)"))
    def open_for_signature(self, request, queryset):
        self._status_set(request, queryset, DeclarationStatus.OPEN, _("%(title)s is open for signature."))

    @admin.action(description=_("Close the selected declarations: adopted"))
    def adopt(self, request, queryset):
        self._status_set(request, queryset, DeclarationStatus.ADOPTED, _("%(title)s is adopted."))


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["city", "declaration", "signer_title", "signed_on", "on_paper"]
    list_filter = ["declaration", "on_paper", "city__country"]
    search_fields = ["city__name"]
    list_select_related = ["city", "declaration"]
    autocomplete_fields = ["city"]
    fields = ["declaration", "city", "signed_on", "signer_title", "on_paper", "version", "signed_by", "created_at"]
    readonly_fields = ["on_paper", "version", "signed_by", "created_at"]

    def save_model(self, request, obj, form, change):
        """A signature added here was given on paper at the ceremony; it records the version the city signed."""
        if change:
            super().save_model(request, obj, form, change)
            return
        signature = signing.signature_record_on_paper(
            declaration=obj.declaration, city=obj.city, signed_on=obj.signed_on, by=request.user
        )
        obj.pk = signature.pk


@admin.register(SignatureLog)
class SignatureLogAdmin(admin.ModelAdmin):
    """Every signature given online, recorded from paper or withdrawn, with who and why. Nobody edits it."""

    list_display = ["at", "declaration", "city", "action", "by", "reason"]
    list_filter = ["declaration", "action"]
    search_fields = ["city__name", "reason"]
    list_select_related = ["declaration", "city", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AmendmentTransitionInline(TransitionInline):
    model = AmendmentTransition


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason, shown with the amendment"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    """The amendment queue: proposed ones first, oldest first. Accepting changes the text and records a new version
    (declarations.services.texts); an outdated amendment is refused. Both actions ask for the reason first."""

    list_display = ["__str__", "declaration", "clause_number", "city", "supporters", "status", "outdated", "created_at"]
    list_filter = ["status", "declaration", "kind"]
    search_fields = ["text", "reason", "city__name"]
    fields = ["declaration", "kind", "clause", "clause_text", "text", "reason", "city", "proposed_by", "status",
              "decision_reason", "created_at"]  # fmt: skip
    readonly_fields = fields
    inlines = [AmendmentTransitionInline]
    actions = ["accept", "reject"]

    def get_queryset(self, request):
        return selectors.amendments_of()

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("clause"))
    def clause_number(self, obj):
        return obj.clause.number if obj.clause else "—"

    @admin.display(description=_("supporters"), ordering="support_total")
    def supporters(self, obj):
        return obj.support_total

    @admin.display(description=_("outdated"))
    def outdated(self, obj):
        """In words: the admin's boolean icons are read aloud as "True" and "False" and mean little at a glance."""
        return _("Yes: its clause changed") if obj.is_outdated else _("No")

    def _decide(self, request, queryset, decision, title):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if not form.is_bound or not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": title,
                "amendments": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/declarations/amendment/decide.html", context)
        for amendment in queryset:
            try:
                if decision == "accept":
                    version = texts.amendment_accept(
                        amendment=amendment, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    self.message_user(
                        request,
                        _("%(amendment)s accepted: version %(number)s of the text.")
                        % {"amendment": amendment, "number": version.number},
                        messages.SUCCESS,
                    )
                else:
                    texts.amendment_reject(amendment=amendment, by=request.user, reason=form.cleaned_data["reason"])
                    self.message_user(
                        request, _("%(amendment)s rejected.") % {"amendment": amendment}, messages.SUCCESS
                    )
            except texts.AmendmentOutdated:
                self.message_user(
                    request,
                    _("%(amendment)s is outdated: its clause changed since it was proposed. Reject it instead.")
                    % {"amendment": amendment},
                    messages.ERROR,
                )
            except (PermissionDenied, InvalidTransition):
                self.message_user(
                    request, _("%(amendment)s cannot be decided now.") % {"amendment": amendment}, messages.WARNING
                )
        return None

    @admin.action(description=_("Accept the selected amendments (asks for the reason)"))
    def accept(self, request, queryset):
        return self._decide(request, queryset, "accept", _("Accept amendments"))

    @admin.action(description=_("Reject the selected amendments (asks for the reason)"))
    def reject(self, request, queryset):
        return self._decide(request, queryset, "reject", _("Reject amendments"))


@admin.register(VersionTranslation)
class VersionTranslationAdmin(admin.ModelAdmin):
    """German and French translations of a version; the declaration's page shows them to readers of that language,
    says so and links the original, which is the text that is signed."""

    form = VersionTranslationForm
    list_display = ["version", "language", "title", "created_at"]
    list_filter = ["language", "version__declaration"]
    list_select_related = ["version__declaration"]


class PledgeUpdateInline(admin.TabularInline):
    model = PledgeUpdate
    extra = 0
    fields = ["posted_on", "text", "original", "photo_alt", "by"]
    readonly_fields = ["original", "by"]


class PledgeTransitionInline(TransitionInline):
    model = PledgeTransition


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    """Pledges are written by the cities' delegates; organisers correct a text here. The status changes only on the
    pledge's page, through the one service that logs it."""

    list_display = ["title", "city", "topic", "declaration", "status", "target_date", "is_demo"]
    list_filter = ["status", "declaration", "topic", "is_demo"]
    search_fields = ["title", "description", "city__name"]
    list_select_related = ["city", "topic", "declaration"]
    fields = ["declaration", "city", "topic", "title", "description", "target_date", "status", "is_demo",
              "created_by", "created_at"]  # fmt: skip
    readonly_fields = ["declaration", "city", "status", "is_demo", "created_by", "created_at"]
    inlines = [PledgeUpdateInline, PledgeTransitionInline]

    def has_add_permission(self, request):
        return False
