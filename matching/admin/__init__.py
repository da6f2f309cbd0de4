"""The coordinators' matching admin, one module per model: policy (MatchPolicy), runs (MatchRun)
and proposals (Proposal, with pairing by hand). Importing them registers them with the admin."""

from matching.admin import policy, proposals, runs

__all__ = ["policy", "proposals", "runs"]
