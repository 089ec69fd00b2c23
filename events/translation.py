"""Press releases in English, German and French (django-modeltranslation, as the summit's own texts)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import PressRelease


@register(PressRelease)
class PressReleaseTranslation(TranslationOptions):
    fields = ("title", "body")
