from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from summit.models import City, Delegate, Invitation, OutboxTask, ProgrammeItem, Summit, Topic, User, Venue
from summit.outbox import outbox_dispatch
from summit.services import invitation_send


class TransitionInline(admin.TabularInline):
    """A row's status history (a Transition subclass), read-only under the row; subclasses name the model."""

    extra = 0
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]


# The summit's own content is edited in English, German and French side by side (summit/translation.py).
@admin.register(Summit)
class SummitAdmin(TranslationAdmin):
    list_display = ["name", "host_city", "starts_on", "ends_on", "time_zone", "is_current"]
    list_filter = ["is_current"]
    search_fields = ["name", "host_city"]
    prepopulated_fields = {"slug": ["name"]}


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "delegate_count"]
    list_filter = ["country"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DelegateInline]

    def get_queryset(self, request):
        # Aggregation drops Meta.ordering, so order explicitly (the autocomplete paginates this queryset).
        return super().get_queryset(request).annotate(delegate_total=Count("delegates")).order_by("name")

    @admin.display(description=_("delegates"), ordering="delegate_total")
    def delegate_count(self, obj):
        return obj.delegate_total


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "city", "created_at"]
    list_filter = ["title", "city"]
    search_fields = ["user__email", "user__name", "city__name"]
    list_select_related = ["user", "city"]
    autocomplete_fields = ["user", "city"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Saving a new invitation emails its link; "send again" issues a new link and voids the old one."""

    list_display = ["email", "role", "city", "status", "expires_at", "invited_by"]
    list_filter = ["role", "city", "accepted_at"]
    search_fields = ["email", "city__name"]
    list_select_related = ["city", "invited_by"]
    autocomplete_fields = ["city"]
    readonly_fields = ["status", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by"]
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["email", "role", "city", *self.readonly_fields]

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.is_accepted:
            return _("accepted")
        if obj.is_expired:
            return _("expired")
        return _("pending")

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation_send(invitation=obj, by=request.user)
        messages.info(request, format_html(_("An invitation email is on its way to {}."), obj.email))

    @admin.action(description=_("Send again with a new link"))
    def send_again(self, request, queryset):
        pending = [invitation for invitation in queryset if not invitation.is_accepted]
        for invitation in pending:
            invitation_send(invitation=invitation, by=request.user)
        skipped = len(queryset) - len(pending)
        self.message_user(
            request,
            ngettext("%(count)d invitation sent again.", "%(count)d invitations sent again.", len(pending))
            % {"count": len(pending)},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d accepted invitation was left alone.",
                    "%(count)d accepted invitations were left alone.",
                    skipped,
                )
                % {"count": skipped},
                level=messages.WARNING,
            )


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order", "colour"]
    list_editable = ["order"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(TranslationAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "venue", "topic", "is_public"]
    list_filter = ["kind", "is_public", "topic", "venue", "summit"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    list_select_related = ["venue", "topic"]
    autocomplete_fields = ["venue", "topic"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """What the site queued for the workers. Rows without "handed over" wait for the broker; the beat hands them over
    every OUTBOX_DRAIN_SECONDS once it answers, and "Hand over now" does it at once."""

    list_display = ["task", "created_at", "dispatched_at", "done_at", "attempts", "last_error_start"]
    list_filter = [("dispatched_at", admin.EmptyFieldListFilter), "task"]
    readonly_fields = [field.name for field in OutboxTask._meta.fields]
    actions = ["hand_over_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("last error"))
    def last_error_start(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Hand over now"), permissions=["view"])
    def hand_over_now(self, request, queryset):
        waiting = list(queryset.filter(dispatched_at=None).values_list("pk", flat=True))
        sent = outbox_dispatch(ids=waiting)
        if sent < len(waiting):
            self.message_user(
                request,
                _("%(sent)s of %(waiting)s handed over; the broker does not answer, the rest keep waiting.")
                % {"sent": sent, "waiting": len(waiting)},
                messages.WARNING,
            )
        else:
            self.message_user(request, _("%(sent)s handed over to the workers.") % {"sent": sent}, messages.SUCCESS)
