from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exhibition.models import (
    CataloguePart,
    Edition,
    EditionStatus,
    EditionTransition,
    Exhibit,
    KitStatus,
    KitTransition,
    ModeratorInvitation,
    Showing,
)
from exhibition.services import editions, showings
from exhibition.tasks import compile_nightly
from summit.admin import TransitionInline
from summit.outbox import task_queue


class ExhibitInline(admin.TabularInline):
    model = Exhibit
    extra = 0
    fields = ["order", "key", "kind", "title", "content_hash", "poster", "done"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CataloguePartInline(ExhibitInline):
    model = CataloguePart
    fields = ["order", "key", "content_hash", "pdf", "pages", "done"]
    readonly_fields = fields


class EditionTransitionInline(TransitionInline):
    """The compile and the workers make these changes: no person to name."""

    model = EditionTransition
    fields = ["at", "from_status", "to_status", "reason"]
    readonly_fields = fields


class ModeratorInvitationInline(ExhibitInline):
    """Sent by the city's mayor or deputy from My city (exhibition.services.showings.moderator_invite)."""

    model = ModeratorInvitation
    fields = ["email", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by"]
    readonly_fields = fields


class KitTransitionInline(EditionTransitionInline):
    model = KitTransition
    verbose_name_plural = _("poster kit history")


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions are made by the compile only. "Compile now" queues the same task beat runs every night."""

    change_list_template = "admin/exhibition/edition/change_list.html"
    list_display = [
        "number",
        "status",
        "is_current",
        "progress",
        "started_at",
        "published_at",
        "weasyprint_time",
        "error_start",
    ]
    list_filter = ["status", "is_current"]
    inlines = [ExhibitInline, CataloguePartInline, EditionTransitionInline]
    readonly_fields = [field.name for field in Edition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return _("%(exhibits)s exhibits, %(parts)s catalogue parts") % {
            "exhibits": f"{obj.exhibits_done} / {obj.exhibits_total}",
            "parts": f"{obj.parts_done} / {obj.parts_total}",
        }

    @admin.display(description=_("WeasyPrint"), ordering="weasyprint_seconds")
    def weasyprint_time(self, obj):
        return f"{obj.weasyprint_seconds:.1f} s"

    @admin.display(description=_("error"))
    def error_start(self, obj):
        return obj.error[:120]

    def get_urls(self):
        return [
            path("compile/", self.admin_site.admin_view(self.compile_view), name="exhibition_compile"),
            path("<int:pk>/abandon/", self.admin_site.admin_view(self.abandon_view), name="exhibition_edition_abandon"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        running = Edition.objects.filter(status=EditionStatus.COMPILING).first()
        return super().changelist_view(request, {**(extra_context or {}), "running": running})

    def compile_view(self, request):
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect("admin:exhibition_edition_changelist")
        task_queue(compile_nightly)
        self.message_user(
            request,
            _("The compile has been queued. This list shows its progress; reload it to follow."),
            messages.SUCCESS,
        )
        return redirect("admin:exhibition_edition_changelist")

    def abandon_view(self, request, pk):
        """Give up a compile whose worker was lost: asks first (GET), then marks it failed (POST)."""
        edition = get_object_or_404(Edition, pk=pk, status=EditionStatus.COMPILING)
        if not self.has_view_permission(request, edition):
            raise PermissionDenied
        if request.method == "POST":
            editions.edition_abandon(edition_id=edition.pk, by=request.user)
            self.message_user(
                request,
                _("Edition %(number)s was abandoned. “Compile now” starts a new one, reusing its finished posters.")
                % {"number": edition.number},
                messages.SUCCESS,
            )
            return redirect("admin:exhibition_edition_changelist")
        context = {**self.admin_site.each_context(request), "edition": edition, "opts": self.model._meta,
                   "title": _("Abandon edition %(number)s?") % {"number": edition.number}}  # fmt: skip
        return TemplateResponse(request, "admin/exhibition/edition/abandon.html", context)


@admin.register(Showing)
class ShowingAdmin(admin.ModelAdmin):
    """Organisers set up a city's showing and name its moderators, who then get the comment queue in the admin."""

    list_display = ["title", "city", "starts_on", "ends_on", "language", "edition_shown", "moderator_count",
                    "kit_state", "public_page"]  # fmt: skip
    list_filter = ["language"]
    search_fields = ["title", "city__name", "venue"]
    list_select_related = ["city", "edition"]
    autocomplete_fields = ["city", "moderators"]
    fields = ["city", "title", "starts_on", "ends_on", "venue", "address", "time_zone", "opening_hours", "language",
              "edition", "moderators", "kit", "kit_status"]  # fmt: skip
    readonly_fields = ["kit", "kit_status"]
    inlines = [ModeratorInvitationInline, KitTransitionInline]
    actions = ["prepare_kits"]

    @admin.display(description=_("edition"))
    def edition_shown(self, obj):
        return obj.edition or _("follows the current edition")

    @admin.display(description=_("moderators"))
    def moderator_count(self, obj):
        return obj.moderators.count()

    @admin.display(description=_("poster kit"))
    def kit_state(self, obj):
        if obj.kit_status == KitStatus.BUILDING:
            return _("being prepared")
        return _("ready") if obj.kit else _("not prepared yet")

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        showings.showing_moderators_sync()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        showings.showing_moderators_sync()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        showings.showing_moderators_sync()

    @admin.action(description=_("Prepare the poster kits of the selected showings"))
    def prepare_kits(self, request, queryset):
        for showing in queryset:
            showings.showing_kit_start(showing=showing)
        self.message_user(
            request,
            _("The poster kits are being prepared; this list shows when they are ready."),
            messages.SUCCESS,
        )
