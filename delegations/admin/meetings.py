"""Bilateral meetings: the rooms the organisers give them."""

from django import forms
from django.contrib import admin

from delegations.models import (
    Meeting,
    MeetingStatus,
    MeetingTransition,
)
from summit.admin import TransitionInline


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
