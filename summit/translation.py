"""The summit's own content in English, German and French (django-modeltranslation).

Each field below gets a column per language (`name_en`, `name_de`, `name_fr`) on the same table, so pages read
them without extra queries; `name` itself answers in the reader's language and falls back to English. The admin
shows the three side by side. Chosen over django-parler, whose translation tables would add a join or a query to
every list that the tests pin.
"""

from modeltranslation.translator import TranslationOptions, register

from summit.models import ProgrammeItem, Summit, Topic, Venue


@register(Summit)
class SummitTranslation(TranslationOptions):
    fields = ("name", "slogan", "context")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title", "description")
