import re

from django import forms
from django.utils.translation import gettext_lazy as _

from declarations.models import AmendmentKind, Clause, Pledge, PledgeStatus, VersionTranslation
from summit.images import image_clean
from summit.models import City, Topic


class SignForm(forms.Form):
    """The city to sign for (when the person is mayor of more than one) and the version shown on the page."""

    city = forms.ModelChoiceField(label=_("Sign for"), queryset=City.objects.none(), empty_label=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(pk__in=[city.pk for city in cities]).order_by("name")
        if len(cities) == 1:
            self.fields["city"].widget = forms.HiddenInput()
            self.fields["city"].initial = cities[0].pk


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does your city withdraw its signature?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the signature log, which the organisers see."),
    )


class PledgeForm(forms.ModelForm):
    city = forms.ModelChoiceField(label=_("For"), queryset=City.objects.none(), empty_label=None)

    class Meta:
        model = Pledge
        fields = ["city", "topic", "title", "description", "target_date"]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(pk__in=[city.pk for city in cities]).order_by("name")
        self.fields["topic"].queryset = Topic.objects.order_by("order", "name")
        if len(cities) == 1:
            self.fields["city"].widget = forms.HiddenInput()
            self.fields["city"].initial = cities[0].pk


class PledgeUpdateForm(forms.Form):
    text = forms.CharField(label=_("What happened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    posted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 15 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    photo_alt = forms.CharField(label=_("What the photo shows"), max_length=200, required=False)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return image_clean(upload) if upload else None

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Say in a few words what the photo shows, for people who cannot see it."))
        return data


class PledgeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)


class AmendmentForm(forms.Form):
    city = forms.ModelChoiceField(label=_("For"), queryset=City.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("What do you propose?"), choices=AmendmentKind.choices, widget=forms.RadioSelect)
    clause = forms.ModelChoiceField(
        label=_("Clause"), queryset=Clause.objects.none(), empty_label=None,
        help_text=_("The clause to change or delete, or the one the new clause follows."),
    )  # fmt: skip
    text = forms.CharField(
        label=_("New text"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The clause as it should read. Leave empty when you propose to delete it."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Why?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, declaration, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(pk__in=[city.pk for city in cities]).order_by("name")
        if len(cities) == 1:
            self.fields["city"].widget = forms.HiddenInput()
            self.fields["city"].initial = cities[0].pk
        self.fields["clause"].queryset = declaration.clauses.order_by("number")
        self.fields["clause"].label_from_instance = lambda clause: f"{clause.number}. {clause.text[:80]}"

    def clean(self):
        data = super().clean()
        if data.get("kind") in (AmendmentKind.CHANGE, AmendmentKind.ADD) and not data.get("text", "").strip():
            self.add_error("text", _("Write the clause as it should read."))
        return data


class VersionTranslationForm(forms.ModelForm):
    """The clauses are typed one per paragraph (separated by an empty line), as many as the original has."""

    clauses = forms.CharField(
        label=_("Clauses"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One clause per paragraph, separated by an empty line, in the original's order."),
    )

    class Meta:
        model = VersionTranslation
        fields = ["version", "language", "title", "clauses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["clauses"] = "\n\n".join(self.instance.clauses)

    def clean_clauses(self):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", self.cleaned_data["clauses"]) if part.strip()]
        return paragraphs

    def clean(self):
        data = super().clean()
        version, clauses = data.get("version"), data.get("clauses")
        if version and clauses is not None and len(clauses) != len(version.clauses):
            self.add_error(
                "clauses",
                _("The original has %(count)s clauses; the translation has %(given)s.")
                % {"count": len(version.clauses), "given": len(clauses)},
            )
        if version and data.get("language") == version.declaration.language:
            self.add_error("language", _("This is the language of the original."))
        return data
