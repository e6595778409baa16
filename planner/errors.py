"""One error hierarchy: every error a user can cause carries a message written for them.

The command line turns a :class:`PlannerError` into ``Error: <message>`` on stderr
and the class's ``exit_code``; nothing else is caught, so a bug still shows its
traceback to the people who can fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.fields import Problem


class PlannerError(Exception):
    """A failure the user can understand and act on (exit code 1)."""

    exit_code = 1

    @property
    def lines(self) -> tuple[str, ...]:
        """The message, one line per problem."""
        return tuple(str(self).splitlines())


class InputError(PlannerError):
    """Something the user typed or wrote in a file is wrong (exit code 2)."""

    exit_code = 2


class DecisionError(InputError):
    """A decision file has one or more problems; every one of them is listed."""

    def __init__(self, problems: list[str], fields: Sequence[Problem] = ()) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)
        # Each problem with its field and its words for a form: a form shows them beside
        # its field (planner.web), naming the field by the page's label.
        self.fields = tuple(fields)


class TooLongError(PlannerError):
    """A post is longer than its platform accepts, or holds more links than it accepts (exit
    code 3); it is never cut."""

    exit_code = 3
