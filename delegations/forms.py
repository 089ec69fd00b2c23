import datetime
import re

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from delegations.models import LetterKind, Member
from summit.models import City, Topic

PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


class MemberForm(forms.ModelForm):
    """One person of a delegation. Only the name, function and language are needed to save; what the protocol
    office still needs shows as missing until it is given. A passport number on file is never shown back."""

    class Meta:
        model = Member
        fields = ["kind", "full_name", "function", "nationality", "visa_letter", "passport_number", "arrival_at",
                  "arrival_by", "departure_at", "departure_by", "hotel", "diet", "diet_notes", "access_needs",
                  "interpretation", "press_officer", "directory_consent", "topics"]  # fmt: skip
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "arrival_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "departure_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "passport_number": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }
        help_texts = {
            "full_name": _("Exactly as in the passport: the badge and any visa letter use it."),
            "passport_number": _("Only with a visa letter. Organisers with the right to read it are the only ones "
                                 "who see it; it is deleted after the summit."),
            "arrival_by": _("For example LH 2010 or ICE 123."),
            "directory_consent": _("Other delegates may see the name, city, function and topics of interest in the "
                                   "delegate directory."),
            "topics": _("For the delegate directory: the topics this person would like to talk about."),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["passport_number"] = ""  # never sent back to the browser
        if self.instance.passport_number:
            masked = self.instance.passport_masked
            self.fields["passport_number"].help_text = _(
                "On file: %(masked)s. Type a new number only to replace it."
            ) % {"masked": masked}

    # The form's three parts, as the page shows them.
    @property
    def who(self):
        return [self[name] for name in ("kind", "full_name", "function", "nationality", "visa_letter",
                                        "passport_number")]  # fmt: skip

    @property
    def travel(self):
        return [self[name] for name in ("arrival_at", "arrival_by", "departure_at", "departure_by", "hotel")]

    @property
    def needs(self):
        return [self[name] for name in ("diet", "diet_notes", "access_needs", "interpretation", "press_officer",
                                        "directory_consent", "topics")]  # fmt: skip

    def clean_passport_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data["passport_number"]).upper()
        if number and not PASSPORT.match(number):
            raise forms.ValidationError(_("A passport number is 5 to 20 letters and digits."))
        return number

    def clean(self):
        cleaned = super().clean()
        arrival, departure = cleaned.get("arrival_at"), cleaned.get("departure_at")
        if arrival and departure and departure <= arrival:
            self.add_error("departure_at", _("The departure comes after the arrival."))
        return cleaned


class LetterRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)


class DirectoryFilterForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.order_by("order"), required=False,
                                   to_field_name="slug", empty_label=_("All topics"))  # fmt: skip
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.order_by("name"), required=False,
                                  to_field_name="slug", empty_label=_("All cities"))  # fmt: skip


class MeetingAskForm(forms.Form):
    """Another city to meet, about what, and up to three times the asking delegation prefers."""

    city = forms.ModelChoiceField(label=_("City to meet"), queryset=City.objects.none(), to_field_name="slug")
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.order_by("order"), required=False,
                                   to_field_name="slug", empty_label=_("Any topic"))  # fmt: skip
    first = forms.TypedChoiceField(label=_("Preferred time"), coerce=datetime.datetime.fromisoformat)
    second = forms.TypedChoiceField(label=_("Second choice"), required=False, coerce=datetime.datetime.fromisoformat,
                                    empty_value=None)  # fmt: skip
    third = forms.TypedChoiceField(label=_("Third choice"), required=False, coerce=datetime.datetime.fromisoformat,
                                   empty_value=None)  # fmt: skip
    message = forms.CharField(
        label=_("Message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, slots: list[datetime.datetime], own: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.exclude(pk=own.pk).order_by("name")
        choices = [(slot.isoformat(), formats.date_format(slot, "DATETIME_FORMAT")) for slot in slots]
        self.fields["first"].choices = choices
        self.fields["second"].choices = self.fields["third"].choices = [("", "—"), *choices]

    @property
    def slots(self) -> list[datetime.datetime]:
        return [self.cleaned_data[name] for name in ("first", "second", "third") if self.cleaned_data.get(name)]
