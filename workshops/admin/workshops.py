"""Workshops in the admin: starting and closing them, their outcomes and flipchart photos, outcomes as CSV."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from summit.admin import TransitionInline
from summit.transitions import InvalidTransition
from workshops import capture
from workshops.models import (
    Outcome,
    OutcomePhoto,
    Workshop,
    WorkshopStatus,
    WorkshopTransition,
)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["order", "kind", "text", "city", "votes", "hidden"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def outcomes_csv_response(workshops) -> HttpResponse:
    """One row per outcome of the given workshops, hidden ones included and marked."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outcomes.csv"'
    writer = csv.writer(response)
    writer.writerow(["workshop", "topic", "order", "kind", "text", "city", "dot-votes", "hidden", "created"])
    outcomes = (
        Outcome.objects.filter(workshop__in=workshops)
        .select_related("workshop__programme_item", "workshop__topic", "city")
        .order_by("workshop__topic__order", "order", "id")
    )
    for outcome in outcomes:
        writer.writerow(
            [
                outcome.workshop.programme_item.title,
                outcome.workshop.topic.name,
                outcome.order,
                outcome.get_kind_display(),
                outcome.text,
                outcome.city.name if outcome.city else "",
                outcome.votes,
                "yes" if outcome.hidden else "no",
                outcome.created_at.isoformat(),
            ]
        )
    return response


class WorkshopTransitionInline(TransitionInline):
    model = WorkshopTransition
    verbose_name_plural = _("status history")


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    """The status is changed with the actions (or on the capture screen), through the one service that logs it."""

    list_display = ["__str__", "topic", "status", "ready_for_exhibition", "outcome_total", "csv_link"]
    list_filter = ["status", "ready_for_exhibition", "topic"]
    search_fields = ["programme_item__title", "summary"]
    filter_horizontal = ["facilitators"]
    list_select_related = ["programme_item", "topic"]
    readonly_fields = ["status"]
    inlines = [OutcomeInline, WorkshopTransitionInline]
    actions = ["export_csv", "start", "close"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(outcome_count=Count("outcomes"))

    def get_urls(self):
        return [
            path("<int:pk>/outcomes.csv", self.admin_site.admin_view(self.csv_view), name="workshops_workshop_csv"),
            *super().get_urls(),
        ]

    @admin.display(description=_("outcomes"), ordering="outcome_count")
    def outcome_total(self, obj):
        return obj.outcome_count

    @admin.display(description=_("export"))
    def csv_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:workshops_workshop_csv", args=[obj.pk]), "CSV")

    def csv_view(self, request, pk):
        workshop = get_object_or_404(Workshop, pk=pk)
        if not self.has_view_permission(request, workshop):
            raise PermissionDenied
        return outcomes_csv_response([workshop])

    @admin.action(description=_("Export outcomes as CSV"))
    def export_csv(self, request, queryset):
        return outcomes_csv_response(queryset)

    def _status_set(self, request, queryset, status):
        changed = []
        for workshop in queryset:
            try:
                capture.workshop_status_set(
                    workshop=workshop, by=request.user, status=status, reason="Changed in the admin."
                )
            except (InvalidTransition, PermissionDenied):
                self.message_user(
                    request,
                    _("%(workshop)s is %(status)s: that change is not possible.")
                    % {"workshop": workshop, "status": workshop.get_status_display()},
                    messages.WARNING,
                )
            else:
                changed.append(workshop)
        if changed:
            self.message_user(request, _("%(count)d workshops changed.") % {"count": len(changed)}, messages.SUCCESS)

    @admin.action(description=_("Start (or reopen) the selected workshops"))
    def start(self, request, queryset):
        self._status_set(request, queryset, WorkshopStatus.RUNNING)

    @admin.action(description=_("Close the selected workshops"))
    def close(self, request, queryset):
        self._status_set(request, queryset, WorkshopStatus.CLOSED)


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """Organisers correct outcomes here; saving goes through the same service as the tablets (version checked)."""

    list_display = ["text_start", "kind", "workshop", "city", "votes", "hidden", "updated_at"]
    list_filter = ["kind", "hidden", "workshop__topic", "is_demo"]
    search_fields = ["text", "city__name"]
    list_select_related = ["workshop__programme_item", "city"]
    fields = ["workshop", "kind", "text", "city", "order", "votes", "hidden"]
    readonly_fields = ["workshop", "order", "votes"]
    autocomplete_fields = ["city"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("text"))
    def text_start(self, obj):
        return obj.text[:80]

    def save_model(self, request, obj, form, change):
        stored = Outcome.objects.get(pk=obj.pk)
        capture.outcome_save(
            workshop=stored.workshop,
            by=request.user,
            uuid=stored.uuid,
            kind=obj.kind,
            text=obj.text,
            city=obj.city,
            version=stored.version,
        )
        if stored.hidden != obj.hidden:
            capture.outcome_hide(outcome=stored, by=request.user, hidden=obj.hidden)


@admin.register(OutcomePhoto)
class OutcomePhotoAdmin(admin.ModelAdmin):
    list_display = ["caption", "workshop", "created_at", "by"]
    list_filter = ["workshop__topic"]
    search_fields = ["caption"]
    fields = ["workshop", "caption", "original", "thumbnail"]
    readonly_fields = ["workshop", "original", "thumbnail"]

    def has_add_permission(self, request):
        return False
