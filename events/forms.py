from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from events.models import PressPhoto, QuestionStatus
from summit.images import image_clean


class GuestSignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("We send a link to confirm it, then your ticket."))


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=12, widget=forms.TextInput(attrs={"autocapitalize": "characters",
                                                                       "autocomplete": "off"}),
    )  # fmt: skip


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=300, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300})
    )
    asked_by = forms.CharField(label=_("Your name"), max_length=80, required=False)


class QuestionActionForm(forms.Form):
    """A moderator's step on a question in the queue."""

    question = forms.IntegerField(min_value=1)
    to = forms.ChoiceField(choices=QuestionStatus.choices, error_messages={
        "invalid_choice": _("That is not a step a question can take.")})  # fmt: skip
    answered_by = forms.CharField(max_length=150, required=False)


class AccreditationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    outlet = forms.CharField(label=_("Outlet"), max_length=150, help_text=_("The newspaper, station or agency."))
    email = forms.EmailField(label=_("Email"), help_text=_("Your work address; you sign in with it later."))


class PressPhotoForm(forms.ModelForm):
    """The admin's form for press photos: the upload is checked and cleaned by summit.images."""

    class Meta:
        model = PressPhoto
        fields = ["original", "caption", "alt_text", "credit", "licence", "position"]

    def clean_original(self):
        upload = self.cleaned_data["original"]
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            self.clean_image = image_clean(upload)
        return upload


class TicketPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo of the QR code"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def clean_photo(self):
        return image_clean(self.cleaned_data["photo"])
