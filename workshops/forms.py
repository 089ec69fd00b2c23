from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from summit.images import image_clean
from summit.models import City, Topic
from workshops.models import BestPractice, OutcomeKind, Workshop

MAX_LINKS = 10


class LinksField(forms.CharField):
    """One web address per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(_("At most %(count)d links."), params={"count": MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(line)s” is not a web address starting with https:// or http://."),
                    params={"line": line},
                ) from error
        return lines


class PracticeForm(forms.ModelForm):
    links = LinksField(label=_("Links"), required=False, help_text=_("One web address per line."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BestPractice
        fields = ["topic", "title", "summary", "body", "results", "links", "language"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "results": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].empty_label = _("Choose a topic")
        if cities is not None and len(cities) > 1:
            self.fields["city"] = forms.ModelChoiceField(
                label=_("City"),
                queryset=City.objects.filter(pk__in=[city.pk for city in cities]),
                empty_label=None,
            )
            self.order_fields(["city"])
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version


class PracticeImageForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=250,
        help_text=_("For people who cannot see it, e.g. “Children planting trees in a schoolyard”."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        return image_clean(self.cleaned_data["image"])


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the city change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The author receives this by email."),
    )


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All cities"),
    )


class OutcomeForm(forms.Form):
    """What a tablet sends for one outcome; `version` is empty for a new one."""

    uuid = forms.UUIDField()
    kind = forms.ChoiceField(choices=OutcomeKind.choices)
    text = forms.CharField(max_length=2000, strip=True)
    city = forms.ModelChoiceField(queryset=City.objects.all(), required=False)
    version = forms.IntegerField(required=False, min_value=1)


class WorkshopSummaryForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["summary", "ready_for_exhibition"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}


class OutcomePhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Flipchart photo"),
        help_text=_("Take a photo with the tablet's camera, or choose one. JPEG, PNG or WebP, at most 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200)

    def clean_image(self):
        return image_clean(self.cleaned_data["image"])
