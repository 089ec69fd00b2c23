"""Organisers see every room and its polls here; polls are prepared and run from each room's console (linked),
where the one-at-a-time rules hold. A room's code is given once: screens show it and phones joined with it."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rooms import hosts
from rooms.models import AnswerTransition, Poll, PollAnswer, PollOption, PollTransition, Room
from summit.admin import TransitionInline


class PollInline(admin.TabularInline):
    model = Poll
    extra = 0
    fields = ["question", "kind", "status", "on_screen"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "code", "poll_count", "console"]
    search_fields = ["key", "code"]
    readonly_fields = ["key", "code", "created_at", "console"]
    inlines = [PollInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(polls_total=Count("polls"))

    def has_add_permission(self, request):
        return False  # made by the workshops' and events' pages the first time they need one

    @admin.display(description=_("room"))
    def title(self, room):
        return hosts.title(room.key) or "—"

    @admin.display(description=_("polls"), ordering="polls_total")
    def poll_count(self, room):
        return room.polls_total

    @admin.display(description=_("console"))
    def console(self, room):
        return format_html('<a href="{}">{}</a>', reverse("rooms:console", kwargs={"code": room.code}), _("Run"))


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    fields = ["position", "text"]

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.status == "draft"

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == "draft"

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.status == "draft"


class PollTransitionInline(TransitionInline):
    model = PollTransition


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    """A poll's question and options can be corrected until it is opened; its status changes in the console."""

    list_display = ["question", "room", "kind", "status", "on_screen", "answer_count"]
    list_filter = ["kind", "status"]
    search_fields = ["question", "room__key", "room__code"]
    list_select_related = ["room"]
    fields = ["room", "kind", "question", "scale", "status", "on_screen", "created_by", "created_at"]
    inlines = [PollOptionInline, PollTransitionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answers_total=Count("answers"))

    def get_readonly_fields(self, request, obj=None):
        fixed = ["room", "kind", "scale", "status", "on_screen", "created_by", "created_at"]
        return fixed if obj is None or obj.status == "draft" else [*fixed, "question"]

    def has_add_permission(self, request):
        return False  # prepared in a room's console

    @admin.display(description=_("answers"), ordering="answers_total")
    def answer_count(self, poll):
        return poll.answers_total


class AnswerTransitionInline(TransitionInline):
    model = AnswerTransition


@admin.register(PollAnswer)
class PollAnswerAdmin(admin.ModelAdmin):
    """Answers as given; nobody edits them. Open-text answers are shown or hidden in the console."""

    list_display = ["poll", "audience", "language", "review", "updated_at"]
    list_filter = ["audience", "review", "poll__kind"]
    list_select_related = ["poll"]
    readonly_fields = ["poll", "voter", "audience", "language", "choices", "value", "text", "review", "created_at",
                       "updated_at"]  # fmt: skip
    inlines = [AnswerTransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
