from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rooms.models import CODE_ALPHABET, CODE_LENGTH, WITH_OPTIONS, Poll, PollKind, PollScale

MAX_OPTIONS = 12


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("The room's code"), max_length=20, help_text=_("Shown on the screen in the room."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false",
                                      "class": "room-code-input"}),
    )  # fmt: skip

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
            raise forms.ValidationError(
                _("A room's code has %(length)s letters and digits, like the one on the screen."),
                params={"length": CODE_LENGTH},
            )
        return code

    def add_unknown_error(self):
        code = self.cleaned_data["code"]
        self.add_error("code", _("No room has the code %(code)s. Check it on the screen.") % {"code": code})


class PollForm(forms.Form):
    """A poll prepared in the console. Options one per line; a ranking without options orders the workshop's own
    outcomes."""

    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    options = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, for a single or multiple choice or a ranking (2 to 12). A ranking without "
                    "options orders this workshop's outcomes."),
    )  # fmt: skip
    scale = forms.ChoiceField(label=_("Scale"), choices=PollScale.choices, required=False)

    def __init__(self, *args, ranking_items: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranking_items = ranking_items

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = list(dict.fromkeys(line.strip() for line in data.get("options", "").splitlines() if line.strip()))
        if any(len(line) > 200 for line in lines):
            self.add_error("options", _("An option has at most 200 characters."))
        data["options"] = lines if kind in WITH_OPTIONS else []
        if kind in (PollKind.SINGLE, PollKind.MULTIPLE) and not 2 <= len(lines) <= MAX_OPTIONS:
            self.add_error("options", _("Give between 2 and 12 options, one per line."))
        if kind == PollKind.RANKING and lines and not 2 <= len(lines) <= MAX_OPTIONS:
            self.add_error("options", _("Give between 2 and 12 options, one per line."))
        if kind == PollKind.RANKING and not lines and self.ranking_items < 2:
            self.add_error("options", _("This room has fewer than two outcomes to rank: give the options."))
        if kind == PollKind.SCALE and not data.get("scale"):
            data["scale"] = PollScale.ONE_TO_FIVE
        return data


class AnswerForm(forms.Form):
    """A phone's answer, shaped by the poll's kind; it works as a plain form post without JavaScript."""

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = [(option.pk, option.text) for option in poll.options.all()]
        if poll.kind == PollKind.SINGLE:
            self.fields["choice"] = forms.TypedChoiceField(
                label=poll.question, choices=options, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pick one answer.")},
            )  # fmt: skip
        elif poll.kind == PollKind.MULTIPLE:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label=poll.question, choices=options, coerce=int, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Pick at least one answer.")},
            )  # fmt: skip
        elif poll.kind == PollKind.SCALE:
            self.fields["value"] = forms.TypedChoiceField(
                label=poll.question, choices=[(n, str(n)) for n in poll.scale_range], coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
                error_messages={"required": _("Pick a point on the scale.")},
            )  # fmt: skip
        elif poll.kind == PollKind.RANKING:
            places = [("", "—")] + [(n, str(n)) for n in range(1, len(options) + 1)]
            for pk, text in options:
                self.fields[f"rank_{pk}"] = forms.TypedChoiceField(
                    label=text, choices=places, coerce=int, required=False, empty_value=None
                )
        else:
            limit = 60 if poll.kind == PollKind.WORDS else 300
            self.fields["text"] = forms.CharField(
                label=poll.question, max_length=limit, widget=forms.TextInput(attrs={"maxlength": limit}),
                help_text=_("A few words.") if poll.kind == PollKind.WORDS else "",
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        if self.poll.kind != PollKind.RANKING:
            return data
        places = {int(name.removeprefix("rank_")): place for name, place in data.items() if place is not None}
        if len(places) < 2:
            raise ValidationError(_("Give a place to at least two options."))
        if len(set(places.values())) != len(places):
            raise ValidationError(_("Each place goes to one option only."))
        data["ranking"] = sorted(places, key=places.get)
        return data

    def answer(self) -> dict:
        """The answer as rooms.services.poll_answer takes it."""
        data = self.cleaned_data
        choices = data.get("ranking") or data.get("choices") or ([data["choice"]] if "choice" in data else [])
        return {"choices": choices, "value": data.get("value"), "text": data.get("text", "")}

    def initial_from(self, answer) -> None:
        """Show the voter's own answer, to change it."""
        if answer is None:
            return
        if self.poll.kind == PollKind.SINGLE and answer.choices:
            self.initial["choice"] = answer.choices[0]
        elif self.poll.kind == PollKind.MULTIPLE:
            self.initial["choices"] = answer.choices
        elif self.poll.kind == PollKind.SCALE:
            self.initial["value"] = answer.value
        elif self.poll.kind == PollKind.RANKING:
            for place, pk in enumerate(answer.choices, start=1):
                self.initial[f"rank_{pk}"] = place
        else:
            self.initial["text"] = answer.text
