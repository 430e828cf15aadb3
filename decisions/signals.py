"""What the decisions announce to the apps above them (which this app must not import)."""

from django.dispatch import Signal

# Sent inside the transaction of ``services.decision_award`` once proposals are awarded: ``proposal_ids`` (the
# proposals awarded now) and ``by``. The dossiers app closes the received dossiers thereby fully decided.
proposals_awarded = Signal()
