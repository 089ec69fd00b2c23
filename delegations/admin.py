"""The protocol office's screens: the deadline, each delegation with what is missing, every person with the lists
for the hotel, the caterer and the interpreters. Passport numbers show only to organisers with the separate
permission; everyone else sees them masked and cannot change them."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from delegations import letters, selectors, services
from delegations.models import (
    Delegation,
    Letter,
    LetterStatus,
    LetterTemplate,
    LetterTransition,
    Meeting,
    MeetingStatus,
    MeetingTransition,
    Member,
    Protocol,
)
from delegations.permissions import can_read_passports
from summit.admin import TransitionInline
from summit.spreadsheets import csv_download
from summit.transitions import InvalidTransition


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
                    "interpretation", "missing_labels"]  # fmt: skip
    list_filter = ["delegation__summit", "delegation__city", "kind", "diet", "interpretation", "visa_letter",
                   "press_officer", CompleteFilter]  # fmt: skip
    search_fields = ["full_name", "function", "delegation__city__name", "hotel"]
    readonly_fields = ["missing_labels", "updated_by", "updated_at"]
    actions = ["hotel_csv", "caterer_csv", "interpreters_csv"]

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


@admin.register(LetterTemplate)
class LetterTemplateAdmin(TranslationAdmin):
    list_display = ["letterhead", "summit", "signatory"]


class LetterTransitionInline(TransitionInline):
    model = LetterTransition


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Letters asked for by the delegates: approve (the PDF is rendered by a worker) or refuse them."""

    list_display = ["reference", "person", "city", "kind", "language", "status", "requested_at", "issued_on"]
    list_filter = ["status", "kind", "language", "member__delegation__city"]
    search_fields = ["reference", "member__full_name", "member__delegation__city__name"]
    readonly_fields = ["member", "kind", "language", "status", "reference", "requested_by", "requested_at",
                       "issued_on", "pdf"]  # fmt: skip
    inlines = [LetterTransitionInline]
    actions = ["approve", "refuse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__delegation__city")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("person"), ordering="member__full_name")
    def person(self, obj):
        return obj.member.full_name

    @admin.display(description=_("city"), ordering="member__delegation__city__name")
    def city(self, obj):
        return obj.member.delegation.city

    def _decide(self, request, queryset, to: str) -> None:
        done = 0
        for letter in queryset.filter(status=LetterStatus.REQUESTED):
            try:
                letters.letter_decide(letter=letter, to=to, by=request.user)
                done += 1
            except InvalidTransition:
                continue
        skipped = queryset.count() - done
        self.message_user(request, ngettext("%(count)s letter decided.", "%(count)s letters decided.", done)
                          % {"count": done}, messages.SUCCESS if done else messages.WARNING)  # fmt: skip
        if skipped:
            self.message_user(request, ngettext("%(count)s letter was not waiting for a decision.",
                                                "%(count)s letters were not waiting for a decision.", skipped)
                              % {"count": skipped}, messages.WARNING)  # fmt: skip

    @admin.action(description=_("Approve the selected letters (the PDF follows)"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, LetterStatus.APPROVED)

    @admin.action(description=_("Refuse the selected letters"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, LetterStatus.REFUSED)


class MeetingTransitionInline(TransitionInline):
    model = MeetingTransition


class MeetingRoomForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["venue"]

    def clean_venue(self):
        """The room is free at the meeting's time (the form holds the room only, so Django's own check of the
        constraint, which needs the time and status too, does not run; the database still has the last word)."""
        venue, meeting = self.cleaned_data["venue"], self.instance
        taken = Meeting.objects.filter(venue=venue, starts_at=meeting.starts_at, status=MeetingStatus.AGREED)
        if venue and meeting.starts_at and taken.exclude(pk=meeting.pk).exists():
            raise forms.ValidationError(Meeting._meta.constraints[0].violation_error_message)
        return venue


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Agreed meetings get a room here; the database refuses a room already holding a meeting at that time."""

    form = MeetingRoomForm
    list_display = ["__str__", "status", "starts_at", "venue", "topic"]
    list_filter = ["status", "venue", "summit"]
    search_fields = ["asking_city__name", "invited_city__name"]
    fields = ["summit", "asking_city", "invited_city", "topic", "message", "status", "starts_at", "venue"]
    readonly_fields = ["summit", "asking_city", "invited_city", "topic", "message", "status", "starts_at"]
    inlines = [MeetingTransitionInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("asking_city", "invited_city", "venue", "topic")
