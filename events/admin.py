from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events.forms import PressPhotoForm
from events.models import (
    Accreditation,
    AccreditationTransition,
    Event,
    PressContact,
    PressPhoto,
    PressRelease,
    Registration,
    RegistrationStatus,
    RegistrationTransition,
)
from events.services import press, sign_ups
from summit.admin import TransitionInline
from summit.spreadsheets import csv_download


class RegistrationInline(admin.TabularInline):
    """Sign-ups are made by the people themselves; organisers see them here and export them as CSV."""

    model = Registration
    extra = 0
    fields = ["name", "email", "status", "code", "created_at", "confirmed_at", "checked_in_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """A sign-up on a public programme item: its capacity and the people who run its door and live questions.
    Raising the capacity gives the new places to the waiting list at once."""

    list_display = ["item", "capacity", "places_taken", "waiting", "present", "sign_up_open"]
    list_filter = ["sign_up_open"]
    autocomplete_fields = ["item", "moderators"]
    # Given once (rooms.Room): the room's screen shows it and phones have joined with it.
    readonly_fields = ["room_code"]
    inlines = [RegistrationInline]
    actions = ["attendees_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("item")
            .annotate(
                taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
                waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
                present_count=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
            )
        )

    @admin.display(description=_("places taken"), ordering="taken")
    def places_taken(self, obj):
        return obj.taken

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("checked in"), ordering="present_count")
    def present(self, obj):
        return obj.present_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        moved = sign_ups.waiting_list_move_up(event=form.instance)
        if moved:
            self.message_user(request, _("%(count)s people moved up from the waiting list.") % {"count": len(moved)})

    @admin.action(description=_("Export attendees as CSV"), permissions=["view"])
    def attendees_csv(self, request, queryset):
        registrations = Registration.objects.filter(event__in=queryset).select_related("event__item")
        rows = (
            (registration.event.item.title, registration.name, registration.email,
             registration.get_status_display(), registration.code,
             registration.created_at.isoformat(timespec="minutes"),
             registration.checked_in_at.isoformat(timespec="minutes") if registration.checked_in_at else "")
            for registration in registrations.order_by("event__item__starts_at", "name")
        )  # fmt: skip
        header = ["event", "name", "email", "status", "code", "signed up", "checked in"]
        return csv_download("attendees", header, rows)


class RegistrationTransitionInline(TransitionInline):
    model = RegistrationTransition


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "code", "created_at", "checked_in_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "code"]
    list_select_related = ["event__item"]
    readonly_fields = ["event", "user", "name", "email", "status", "code", "created_at", "confirmed_at",
                       "checked_in_at"]  # fmt: skip
    exclude = ["token"]
    inlines = [RegistrationTransitionInline]

    def has_add_permission(self, request):
        return False


@admin.register(PressRelease)
class PressReleaseAdmin(TranslationAdmin):
    list_display = ["title", "publish_at", "embargoed"]
    search_fields = ["title"]
    date_hierarchy = "publish_at"

    @admin.display(description=_("embargoed"), boolean=True)
    def embargoed(self, obj):
        return obj.publish_at > timezone.now()


class AccreditationTransitionInline(TransitionInline):
    model = AccreditationTransition


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    """Requests come from the press room; approving one emails the journalist how to read embargoed releases."""

    list_display = ["name", "outlet", "email", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["name", "outlet", "email"]
    readonly_fields = ["status", "created_at", "decided_at"]
    actions = ["approve", "refuse"]
    inlines = [AccreditationTransitionInline]

    @admin.action(description=_("Approve the selected accreditations"), permissions=["change"])
    def approve(self, request, queryset):
        for accreditation in queryset:
            press.accreditation_decide(accreditation=accreditation, approve=True, by=request.user)
        self.message_user(request, _("%(count)s approved and emailed.") % {"count": queryset.count()})

    @admin.action(description=_("Refuse the selected accreditations"), permissions=["change"])
    def refuse(self, request, queryset):
        for accreditation in queryset:
            press.accreditation_decide(accreditation=accreditation, approve=False, by=request.user)
        self.message_user(request, _("%(count)s refused.") % {"count": queryset.count()})


@admin.register(PressPhoto)
class PressPhotoAdmin(admin.ModelAdmin):
    """Uploads are checked and cleaned of their metadata (summit.images); renditions follow from a worker."""

    form = PressPhotoForm
    list_display = ["caption", "credit", "licence", "position", "renditions_ready"]

    def save_model(self, request, obj, form, change):
        clean = getattr(form, "clean_image", None)
        if clean is None:
            super().save_model(request, obj, form, change)
        else:
            press.press_photo_store(photo=obj, image=clean)


admin.site.register(PressContact)
