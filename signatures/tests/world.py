"""What a province has of digital signatures in the shared test world (tests/access_world.py): a trust anchor
of its own and its organization certificate, set up through the services as its board would."""

from __future__ import annotations

from types import SimpleNamespace

from members.models import Organizer
from signatures.services import organization_signer_set, trust_anchor_add
from signatures.tests.pki import make_ca, make_signer, p12, pem, png


def province_signing(organizer: Organizer) -> SimpleNamespace:
    """``anchor`` (the province's CA), ``signer`` (its OrganizationSigner, enabled), ``ca`` (the Identity)."""
    ca = make_ca(f"CA thử nghiệm {organizer.code}")
    anchor = trust_anchor_add(pem=pem(ca), organizer=organizer)
    identity = make_signer(f"Tổ chức {organizer.code}", ca, organization=f"Tổ chức {organizer.code}")
    signer = organization_signer_set(
        organizer=organizer, p12=p12(identity), password="mat-khau", seal_png=png((220, 0, 0), (120, 120))
    )
    return SimpleNamespace(ca=ca, anchor=anchor, signer=signer, identity=identity)
