"""The dossier state machine. Every change of state is one of these actions; anything else is refused."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from apps.onestop.engine.states import DossierState as S


class Action(StrEnum):
    TRANSFER = "transfer"  # to the resolving agency, or to the next agency of an inter-agency dossier
    REQUEST_SUPPLEMENT = "request_supplement"  # form 02: the clock stops
    RECEIVE_SUPPLEMENT = "receive_supplement"  # the clock runs again
    REFUSE = "refuse"  # form 03
    APOLOGISE = "apologise"  # form 04: a reason and a new date, once
    STOP = "stop"  # form 05
    RESOLVE = "resolve"
    RETURN = "return"  # the result handed back (counter, post, online)
    WITHDRAW = "withdraw"  # the applicant takes the dossier back


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the state does not change (an apology)
    label: object


_ACTIVE = frozenset({S.RECEIVED, S.PROCESSING})
TRANSITIONS: dict[Action, Transition] = {
    Action.TRANSFER: Transition(_ACTIVE, S.PROCESSING, _("Transfer")),
    Action.REQUEST_SUPPLEMENT: Transition(_ACTIVE, S.SUPPLEMENT, _("Request a supplement")),
    Action.RECEIVE_SUPPLEMENT: Transition(frozenset({S.SUPPLEMENT}), S.PROCESSING, _("Supplement received")),
    Action.REFUSE: Transition(_ACTIVE, S.REFUSED, _("Refuse")),
    Action.APOLOGISE: Transition(_ACTIVE | {S.SUPPLEMENT}, None, _("Apologise and set a new date")),
    Action.STOP: Transition(_ACTIVE | {S.SUPPLEMENT}, S.STOPPED, _("Stop")),
    Action.RESOLVE: Transition(_ACTIVE, S.RESOLVED, _("Resolve")),
    Action.RETURN: Transition(frozenset({S.RESOLVED}), S.RETURNED, _("Return the result")),
    Action.WITHDRAW: Transition(_ACTIVE | {S.SUPPLEMENT}, S.WITHDRAWN, _("Record a withdrawal")),
}

FINAL_STATES = frozenset({S.REFUSED, S.STOPPED, S.RETURNED, S.WITHDRAWN})
OPEN_STATES = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT})  # still counting days


class IllegalTransition(ValueError):
    def __init__(self, action: str, state: str) -> None:
        super().__init__(f"{action} is not allowed from {state}")
        self.action, self.state = action, state


def next_state(state: str, action: str) -> str:
    """The state after `action`, or IllegalTransition."""
    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError:
        raise IllegalTransition(action, state) from None
    if state not in transition.sources:
        raise IllegalTransition(action, state)
    return transition.target or state


def allowed_actions(state: str, *, apologised: bool = False) -> list[Action]:
    """The actions a dossier in `state` allows (an apology once)."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if state in transition.sources and not (action == Action.APOLOGISE and apologised)
    ]
