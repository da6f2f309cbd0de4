"""Matching: who should mentor whom, proposed by an engine and decided by coordinators.

- engine/: the pure-Python matching engine (no Django); `python -m matching` (__main__.py) runs it
  on JSON from the command line
- models: MatchPolicy (weights, minimum score), MatchRun (one run, its progress and results),
  Proposal (a proposed pairing with its score and reasons)
- selectors: members and mentorships read into the engine's plain profiles; mentees' suggestions
- services: runs, coordinators' decisions on proposals, pairing by hand, mentees' requests
  (matching's own refusals raise `services.MatchingError`)
- forms, admin/ (one module per model), views and urls (members' suggestion and request pages),
  tasks (a run on a worker, the sweep of stale runs)

Depends on `accounts` and `mentorship` (approving a pairing calls `mentorship.services`);
neither imports matching.
"""
