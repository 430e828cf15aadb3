"""Answers to other apps' signals (connected by ``DossiersConfig.ready``)."""

from django.dispatch import receiver

from decisions.signals import proposals_awarded
from dossiers.services import close_decided


@receiver(proposals_awarded, dispatch_uid="dossiers.close_decided")
def close_decided_dossiers(sender, *, proposal_ids, by=None, **kwargs) -> None:
    """A decision awarded proposals: close the received dossiers it fully decides."""
    close_decided(proposal_ids, by=by)
