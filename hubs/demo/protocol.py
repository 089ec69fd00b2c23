"""The protocol office's demo: a deadline for the delegation forms three weeks before the summit, an invented letter
template, and Montréal's delegation half filled in (Düsseldorf's is left empty for the demo mayor to fill)."""

import datetime

from delegations.models import LetterTemplate, Member, Protocol
from delegations.services import delegation_for, member_save
from summit.models import City, Summit

MONTREAL = [
    {"kind": "delegate", "full_name": "Demo Mayor of Montréal", "function": "Mayor", "nationality": "Canadian",
     "arrival_at": datetime.datetime(2019, 8, 29, 7, 55, tzinfo=datetime.UTC), "arrival_by": "AC 876",
     "departure_at": datetime.datetime(2019, 9, 2, 11, 30, tzinfo=datetime.UTC), "departure_by": "AC 877",
     "hotel": "Hotel am Rhein", "diet": "vegetarian", "interpretation": "fr", "directory_consent": True},
    {"kind": "accompanying", "full_name": "Demo Press Officer of Montréal", "function": "Press officer",
     "nationality": "Canadian", "diet": "none", "interpretation": "en", "press_officer": True},
]  # fmt: skip


# An invented letterhead and wording (demo content), in the three languages.
LETTER = {
    "letterhead": "City of Düsseldorf (demo letterhead) · Office of the Lord Mayor",
    "address": "Marktplatz 2\n40213 Düsseldorf\nGermany",
    "body_en": "The City of Düsseldorf invites {name}, {function} of {city}, to the {summit} in Düsseldorf, {dates}."
    "\n\nWe kindly ask the consular authorities to grant {name} ({nationality}, passport {passport}) a "
    "visa for the stay from {arrival} to {departure}. The City of Düsseldorf covers the costs of the stay.",
    "body_de": "Die Landeshauptstadt Düsseldorf lädt {name}, {function} von {city}, zum {summit} in Düsseldorf ein, "
    "{dates}.\n\nWir bitten die Konsularbehörden, {name} ({nationality}, Pass {passport}) ein Visum für "
    "den Aufenthalt vom {arrival} bis {departure} zu erteilen. Die Stadt trägt die Kosten des Aufenthalts.",
    "body_fr": "La Ville de Düsseldorf invite {name}, {function} de {city}, au {summit} à Düsseldorf, {dates}."
    "\n\nNous prions les autorités consulaires d'accorder à {name} ({nationality}, passeport {passport}) "
    "un visa pour le séjour du {arrival} au {departure}. La Ville prend en charge les frais du séjour.",
    "signatory": "Demo Lord Mayor",
    "signatory_title_en": "Lord Mayor of the City of Düsseldorf",
    "signatory_title_de": "Oberbürgermeister der Landeshauptstadt Düsseldorf",
    "signatory_title_fr": "Bourgmestre de la Ville de Düsseldorf",
}


def protocol_load(summit: Summit) -> None:
    starts_on = Summit.objects.values_list("starts_on", flat=True).get(pk=summit.pk)  # a date, read back
    Protocol.objects.update_or_create(
        summit=summit, defaults={"forms_due": starts_on - datetime.timedelta(days=21), "remind_days": 7}
    )
    LetterTemplate.objects.update_or_create(summit=summit, defaults=LETTER)
    city = City.objects.filter(name="Montréal").first()
    if city is None:
        return
    delegation = delegation_for(city=city, summit=summit)
    for person in MONTREAL:
        found = Member.objects.filter(delegation=delegation, full_name=person["full_name"]).first()
        member_save(delegation=delegation, member=found, data=person, by=None)
