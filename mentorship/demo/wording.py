"""The texts of the demo's sessions, goals, feedback and closings, picked at random."""

from mentorship.models import Mentorship

Status = Mentorship.Status

SUMMARIES = [
    "We worked through {topic} and agreed what to try before we next meet.",
    "Mostly {topic}: we looked at what other co-ops have done and picked one idea to test.",
    "Reviewed progress since last time, then spent most of the hour on {topic}.",
    "A practical session on {topic}, with a template to adapt for the board.",
    "Talked through a difficult members' meeting, then {topic}.",
]
AGENDAS = [
    "Catch up, then {topic}.",
    "Go through the questions on {topic} we noted last time.",
    "{topic}, and plan for the next general meeting.",
]
REFLECTIONS = [
    "Really useful: I feel clearer about the next step.",
    "Good to hear how another co-op handled this.",
    "I need to read up before next time, but I know what to ask now.",
]
DISPUTE_NOTES = ["We moved this to the following week.", "It was shorter than logged."]
WHYS = [
    "Without it we cannot plan with confidence.",
    "Our members asked for it at the last general meeting.",
    "The funder needs it before releasing the next payment.",
]
MEASURES = [
    "The board has signed it off.",
    "It is agreed at a general meeting.",
    "We have done it once without help.",
]
GOAL_NOTES = ["First draft shared.", "Halfway there.", "Done and agreed by the board."]
LEARNED = [
    "How a small co-op decides things quickly without losing anyone.",
    "New ways to explain the numbers to members who are not finance people.",
    "That our problems are more common than I thought.",
    "How much a clear agenda helps a meeting.",
]
CLOSE_REASONS = {
    Status.COMPLETED: [
        "We reached the end of the agreed period.",
        "The goals we set are done.",
    ],
    Status.ENDED: [
        "Our co-op has paused the project, so we are stopping for now.",
        "Neither of us can find the time at the moment.",
    ],
}
