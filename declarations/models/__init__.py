"""The Montréal reference text and the summit's own declaration: clauses, text versions and the cities' signatures.

The text that is signed is a DeclarationVersion: a frozen copy of the clauses. A signature records the version the
city signed, so the text on record never changes under a signature.
"""

from declarations.models.amendments import (  # noqa: F401 — the app's models, registered by import
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    AmendmentTransition,
)
from declarations.models.pledges import (  # noqa: F401 — the app's models, registered by import
    Pledge,
    PledgeStatus,
    PledgeTransition,
    PledgeUpdate,
    pledge_photo_path,
)
from declarations.models.signing import (  # noqa: F401 — the app's models, registered by import
    Signature,
    SignatureAction,
    SignatureLog,
)
from declarations.models.texts import (  # noqa: F401 — the app's models, registered by import
    Clause,
    Declaration,
    DeclarationStatus,
    DeclarationTransition,
    DeclarationVersion,
    VersionTranslation,
)
