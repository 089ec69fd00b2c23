from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from declarations import services
from declarations.models import Clause, Declaration, DeclarationStatus, DeclarationVersion, Signature


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


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "status", "adopted_on", "signature_count"]
    list_filter = ["status"]
    search_fields = ["title", "place"]
    prepopulated_fields = {"slug": ["title"]}
    # The status changes through the signing services (issue 8), never by editing the field.
    readonly_fields = ["status"]
    inlines = [ClauseInline, VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_total=Count("signatures"))

    @admin.display(description=_("signatures"), ordering="signature_total")
    def signature_count(self, obj):
        return obj.signature_total


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
        signature = services.signature_record_on_paper(
            declaration=obj.declaration, city=obj.city, signed_on=obj.signed_on, by=request.user
        )
        obj.pk = signature.pk
