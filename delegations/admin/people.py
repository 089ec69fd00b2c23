"""The protocol office's screens: the deadline, each delegation with what is missing, every person with the lists
for the hotel, the caterer and the interpreters. Passport numbers show only to organisers with the separate
permission; everyone else sees them masked and cannot change them."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from delegations import badges, certificates, selectors, services
from delegations.models import (
    Delegation,
    Member,
    Protocol,
)
from delegations.permissions import can_read_passports
from summit.spreadsheets import csv_download


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["summit", "forms_due", "remind_days"]


class CompleteFilter(admin.SimpleListFilter):
    title = _("details")
    parameter_name = "complete"

    def lookups(self, request, model_admin):
        return [("yes", _("Complete")), ("no", _("Missing details"))]

    def queryset(self, request, queryset):
        nothing = {"missing": []} if queryset.model is Member else {"missing": 0}
        if self.value() == "yes":
            return queryset.filter(**nothing)
        if self.value() == "no":
            return queryset.exclude(**nothing)
        return queryset


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["full_name", "kind", "function", "arrival_at", "departure_at", "hotel", "missing_labels"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("details missing"))
    def missing_labels(self, obj):
        return ", ".join(obj.missing_labels) or "—"


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["city", "summit", "people", "missing", "reminded_on"]
    list_filter = ["summit", CompleteFilter]
    search_fields = ["city__name"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "summit")

    @admin.display(description=_("people"))
    def people(self, obj):
        return obj.members.count()


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "city", "kind", "function", "arrival_at", "departure_at", "hotel", "diet",
                    "interpretation", "missing_labels", "checked_in_at"]  # fmt: skip
    list_filter = ["delegation__summit", "delegation__city", "kind", "diet", "interpretation", "visa_letter",
                   "press_officer", CompleteFilter, ("checked_in_at", admin.EmptyFieldListFilter)]  # fmt: skip
    search_fields = ["full_name", "function", "delegation__city__name", "hotel"]
    readonly_fields = ["missing_labels", "checked_in_at", "certificate_link", "updated_by", "updated_at"]
    actions = ["hotel_csv", "caterer_csv", "interpreters_csv", "print_badges", "prepare_certificates"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delegation__city")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if can_read_passports(request.user):
            return fields
        return [("passport_masked" if name == "passport_number" else name) for name in fields]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if can_read_passports(request.user) else [*fields, "passport_masked"]

    def save_model(self, request, obj, form, change):
        """Through the service, as the delegates' own form: what is missing is counted again."""
        services.member_save(delegation=form.cleaned_data.get("delegation") or obj.delegation,
                             member=obj if change else None, data=form.cleaned_data, by=request.user)  # fmt: skip

    def delete_model(self, request, obj):
        services.member_remove(member=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            services.member_remove(member=member, by=request.user)

    @admin.display(description=_("city"), ordering="delegation__city__name")
    def city(self, obj):
        return obj.delegation.city

    @admin.display(description=_("passport number"))
    def passport_masked(self, obj):
        return obj.passport_masked or "—"

    @admin.display(description=_("details missing"))
    def missing_labels(self, obj):
        return ", ".join(obj.missing_labels) or "—"

    @admin.action(description=_("Print badges and place cards (PDF)"), permissions=["view"])
    def print_badges(self, request, queryset):
        run = badges.badges_print(members=list(queryset), by=request.user)
        link = reverse("admin:delegations_badgeprint_change", args=[run.pk])
        self.message_user(request, format_html(_("Badges are being prepared: <a href=\"{}\">print run {}</a>."), link,
                                               run.pk))  # fmt: skip

    @admin.display(description=_("certificate of attendance"))
    def certificate_link(self, obj):
        if not obj.certificate_reference:
            return "—"
        if not obj.certificate:
            return format_html("{} ({})", obj.certificate_reference, _("being prepared"))
        link = reverse("delegations:certificate_pdf", args=[obj.certificate_reference])
        return format_html('<a href="{}">{}</a>', link, obj.certificate_reference)

    @admin.action(description=_("Prepare certificates of attendance"), permissions=["view"])
    def prepare_certificates(self, request, queryset):
        """For everyone selected who was checked in; the others are counted in the message, not failed."""
        asked, refused = 0, 0
        for member in queryset.select_related("delegation__summit"):
            try:
                certificates.certificate_request(member=member, today=timezone.localdate())
                asked += 1
            except certificates.CertificateNotReady:
                refused += 1
        self.message_user(request, _("Certificates prepared or being prepared: %(asked)s. Not possible (not checked "
                                     "in, or before the summit's last day): %(refused)s.")
                          % {"asked": asked, "refused": refused})  # fmt: skip

    @admin.action(description=_("Export for the hotel (CSV)"), permissions=["view"])
    def hotel_csv(self, request, queryset):
        rows = (
            (
                m.delegation.city.name,
                m.full_name,
                m.get_kind_display(),
                m.hotel,
                _when(m.arrival_at),
                _when(m.departure_at),
                m.access_needs,
            )
            for m in selectors.members_for_export(members=queryset)
        )
        return csv_download("hotel", ["city", "name", "comes as", "hotel", "arrival", "departure", "access needs"],
                            rows)  # fmt: skip

    @admin.action(description=_("Export for the caterer (CSV)"), permissions=["view"])
    def caterer_csv(self, request, queryset):
        rows = ((m.delegation.city.name, m.full_name, m.get_diet_display(), m.diet_notes)
                for m in selectors.members_for_export(members=queryset))  # fmt: skip
        return csv_download("caterer", ["city", "name", "diet", "dietary notes"], rows)

    @admin.action(description=_("Export for the interpreters (CSV)"), permissions=["view"])
    def interpreters_csv(self, request, queryset):
        rows = ((m.delegation.city.name, m.full_name, m.function, m.get_interpretation_display())
                for m in selectors.members_for_export(members=queryset))  # fmt: skip
        return csv_download("interpreters", ["city", "name", "function", "listens in"], rows)


def _when(moment) -> str:
    return moment.isoformat(timespec="minutes") if moment else ""
