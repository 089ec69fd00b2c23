import datetime
import zoneinfo

from django import forms
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from exhibition.models import Edition, EditionStatus, Showing
from summit.images import image_clean
from summit.models import City, User

MAX_INVITES = 10


class ShowingForm(forms.ModelForm):
    """A city's showing as its mayor or deputy sets it up from My city. Opening hours are a pair of times per
    weekday (both empty: closed that day); moderators are the city's delegates or people invited by email, who
    moderate this showing only."""

    invite = forms.CharField(
        label=_("Invite moderators by email"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line. Each gets a single-use link that makes them a moderator of this showing, "
                    "and of nothing else."),
    )  # fmt: skip

    class Meta:
        model = Showing
        fields = ["title", "language", "edition", "starts_on", "ends_on", "venue", "address", "time_zone", "moderators"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time_zone": forms.Select(choices=[(name, name) for name in sorted(zoneinfo.available_timezones())]),
            "moderators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "moderators": _(
                "Your city's delegates, and the people who accepted an invitation. They look "
                "after this showing's comments and type in those written on paper."
            )
        }

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].help_text = _("The language of the posters, the flyers and the screen at the venue.")
        edition = self.fields["edition"]
        edition.queryset = Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED])
        edition.empty_label = _("Always the latest edition")
        edition.help_text = _("A fixed edition keeps the posters as printed; the latest follows every new night.")
        current = Q(showings_moderated=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["moderators"].queryset = User.objects.filter(Q(delegations__city=city) | current).distinct()
        self.fields["moderators"].required = False
        self.day_fields = []
        for day, name in WEEKDAYS.items():
            hours = self.instance.hours_on(day) if self.instance.pk else None
            for index, (which, label) in enumerate((("opens", _("opens")), ("closes", _("closes")))):
                self.fields[f"{which}_{day}"] = forms.TimeField(
                    label=f"{name}, {label}", required=False, initial=hours[index] if hours else None,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                )  # fmt: skip
            self.day_fields.append((name, self[f"opens_{day}"], self[f"closes_{day}"]))

    def main_fields(self):
        """The fields shown as a list (the opening hours are a table of their own)."""
        return [field for field in self.visible_fields() if not field.name.startswith(("opens_", "closes_"))]

    def clean_invite(self) -> list[str]:
        addresses = [line.strip() for line in self.cleaned_data["invite"].splitlines() if line.strip()]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                wrong.append(address)
        if wrong:
            raise forms.ValidationError(_("Not an email address: %(list)s"), params={"list": ", ".join(wrong)})
        if len(addresses) > MAX_INVITES:
            raise forms.ValidationError(_("Invite at most %(count)s people at once."), params={"count": MAX_INVITES})
        return list(dict.fromkeys(address.lower() for address in addresses))

    def clean(self):
        cleaned = super().clean()
        hours = {}
        for day, name in WEEKDAYS.items():
            opens, closes = cleaned.get(f"opens_{day}"), cleaned.get(f"closes_{day}")
            if (opens is None) != (closes is None):
                self.add_error(f"closes_{day}" if opens else f"opens_{day}",
                               _("%(day)s: give both times, or neither if it is closed.") % {"day": name})  # fmt: skip
            elif opens and closes <= opens:
                self.add_error(f"closes_{day}", _("%(day)s: it must close after it opens.") % {"day": name})
            elif opens:
                hours[str(day)] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        self.instance.opening_hours = hours
        return cleaned


class PaperCommentForm(forms.Form):
    """A comment a visitor wrote on paper at the venue, as a moderator types it in."""

    topic = forms.ChoiceField(label=_("Poster it was written at"))
    body = forms.CharField(label=_("What they wrote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))
    first_name = forms.CharField(
        label=_("First name"), max_length=80, required=False, help_text=_("Only if they wrote it down.")
    )
    written_on = forms.DateField(
        label=_("Written on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    photo = forms.FileField(
        label=_("Photo of the card"), required=False,
        help_text=_("Kept for the moderators; never shown to the public. JPEG, PNG or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip

    def __init__(self, *args, topics: list[tuple[str, str]], today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topics
        self.fields["written_on"].initial = today
        self.today = today

    def clean_written_on(self) -> datetime.date:
        written_on = self.cleaned_data["written_on"]
        if written_on > self.today:
            raise forms.ValidationError(_("This date has not come yet."))
        return written_on

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return image_clean(photo) if photo else None
