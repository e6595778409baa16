"""What rendering a post's template may cost, and the measures of what it would cost.

A template that loops without end, repeats a text a hundred billion times or fills the
memory must stop with one line naming it and the fix, not run for minutes. The sandbox
(:mod:`planner.sandbox`) calls the checks of this module at each step a template takes;
they raise :class:`TemplateLimitError`, whose message says which limit and what to change:

- steps: each turn of a loop, each call (macro, method, function), filter and operator
  (``+ * ** %``) is a step, and so is every :data:`WALKED` items or characters of a value
  measured, read or made; a post may take :data:`MAX_STEPS`. Counted, not timed, so a
  template fails the same way on every machine.
- sizes: a text, list or number is measured before it is made wherever Python would make
  it in one go (``'A' * 10**11``, ``range(10**9)``, ``x|center(10**9)``,
  ``lipsum(200000)``, ``10 ** (10 ** 10)``, ``'%1000000000s'|format(x)``,
  ``sep.join(items)``) and refused above :data:`MAX_CHARS` characters or items
  (:data:`MAX_DIGITS` digits for a number).
- output: every character a template writes counts, in the post or into a variable, a
  macro, a ``set`` or ``filter`` block (a loop in a macro would otherwise build a huge text
  that no step sees), up to :data:`MAX_CHARS` per post; the posts of a plan together hold
  at most :data:`MAX_PLAN_CHARS` (checked by :mod:`planner.posts`).
- time: the posts of a plan are rendered within :data:`MAX_SECONDS`, a backstop for work
  no step measures (comparing two long texts on every turn of a loop).

The limits hold inside :func:`limits`, where posts are rendered; the built-in pages (the
kit, the report) render without them.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MappingView, Set
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice
from string import Formatter
from typing import Any

from jinja2 import TemplateError
from jinja2.utils import Namespace, generate_lorem_ipsum

from planner.i18n import _

MAX_CHARS = 100_000  # a text or list a template makes, and what it writes for one post
MAX_PLAN_CHARS = 1_000_000  # the texts of all the posts of a plan
MAX_STEPS = 100_000  # for one post; the built-in templates take a few hundred
MAX_DIGITS = 1_000  # of a number a template computes
MAX_WORDS = 10_000  # of lipsum()
MAX_SECONDS = 10  # for all the posts of a plan
WALKED = 100  # items or characters read or made for one step (a step's work is about that)


class TemplateLimitError(TemplateError):
    """A template went past one of the limits; the message says which, and the fix."""


def too_long() -> TemplateLimitError:
    """The error of a text or list longer than MAX_CHARS."""
    return TemplateLimitError(
        _(
            "makes a text or a list longer than {most} characters; a post needs far less: "
            "remove the repetition or the loop that makes it"
        ).format(most=MAX_CHARS)
    )


class Budget:
    """What the post being rendered may still take, and the plan's deadline."""

    __slots__ = ("chars", "clock", "deadline", "plan_chars", "steps")

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.deadline = clock() + MAX_SECONDS
        self.steps = MAX_STEPS
        self.chars = MAX_CHARS
        self.plan_chars = MAX_PLAN_CHARS  # left for the posts of the plan still to render

    def start_post(self) -> None:
        """A new post: its own steps and characters (the deadline stays the plan's)."""
        self.steps = MAX_STEPS
        self.chars = MAX_CHARS

    def step(self, count: int = 1) -> None:
        """Take ``count`` steps; past the post's steps or the plan's time, stop the template."""
        self.steps -= count
        if self.steps < 0:
            raise TemplateLimitError(
                _(
                    "more than {most} steps (turns of loops, calls, filters) for one post; "
                    "loop over the plan's own lists (destinations, reasons), not over a "
                    "long range, and make sure every macro that calls itself stops"
                ).format(most=MAX_STEPS)
            )
        if self.clock() > self.deadline:
            raise TemplateLimitError(
                _(
                    "still writing the posts after {seconds} seconds; look for a loop or a "
                    "macro in this template that does far more than a post needs"
                ).format(seconds=MAX_SECONDS)
            )

    def write(self, count: int) -> None:
        """Count ``count`` characters written (to the post, a variable or a macro)."""
        self.chars -= count
        if self.chars < 0:
            raise TemplateLimitError(
                _(
                    "writes more than {most} characters for one post (counting what it "
                    "keeps in variables and macros); look for a loop or a repetition that "
                    "writes far more than a post needs"
                ).format(most=MAX_CHARS)
            )
        self.step(0)


_current: ContextVar[Budget | None] = ContextVar("planner_template_budget", default=None)


def current() -> Budget | None:
    """The budget of the post being rendered, or None outside :func:`limits`."""
    return _current.get()


@contextmanager
def limits(clock: Callable[[], float] = time.monotonic) -> Iterator[Budget]:
    """Render inside the limits (the plan's, when already inside them: one deadline)."""
    current = _current.get()
    if current is not None:
        yield current
        return
    budget = Budget(clock)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


# --- measuring ----------------------------------------------------------------------------


def digits(number: int) -> int:
    """About how many digits a whole number has (never fewer)."""
    return int(number.bit_length() * 0.30103) + 1


def size(value: Any, budget: Budget) -> int:
    """About how many characters ``value`` shows as text: a text's length, a number's digits,
    a list's items and theirs, one step per item looked at; stops counting past MAX_CHARS."""
    if isinstance(value, str):  # most values: nothing to walk
        return len(value)
    total = 0
    seen: set[int] = set()
    todo = [value]
    while todo and total <= MAX_CHARS:
        item = todo.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += digits(item)
        elif isinstance(item, list | tuple | Set | Mapping | MappingView | Namespace):
            if id(item) in seen:  # a namespace that holds itself
                continue
            seen.add(id(item))
            if isinstance(item, Namespace):
                item = item._Namespace__attrs
            parts = [*item.keys(), *item.values()] if isinstance(item, Mapping) else list(item)
            budget.step(1 + len(parts) // WALKED)
            total += 2 + len(parts)
            todo.extend(parts)
        else:
            total += 1
    return total


def made(value: Any, budget: Budget) -> Any:
    """``value``, if no longer than MAX_CHARS; a text given to or made by a filter or a
    method costs a step per WALKED characters (the work of reading or making it)."""
    count = size(value, budget)
    if count > MAX_CHARS:
        raise too_long()
    if isinstance(value, str | bytes):
        budget.step(count // WALKED)
    return value


def would_make(count: float) -> None:
    if count > MAX_CHARS:
        raise too_long()


def check_number(count: float) -> None:
    if count > MAX_DIGITS:
        raise TemplateLimitError(
            _(
                "computes a number of more than {most} digits; a post needs small numbers: "
                "use a smaller power or product"
            ).format(most=MAX_DIGITS)
        )


def _number(text: str) -> int:
    """A width or precision written in a format, without converting a thousand digits."""
    return int(text) if len(text) < 10 else 10**10


def listed(items: Iterable[Any], budget: Budget) -> list[Any]:
    """The items, as a list, refused past MAX_CHARS items."""
    listed = items if isinstance(items, list) else list(islice(items, MAX_CHARS + 1))
    budget.step(1 + len(listed) // WALKED)
    if len(listed) > MAX_CHARS:
        raise too_long()
    return listed


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


def _ints(*values: Any) -> list[int]:
    found: list[int] = []
    for value in values:
        if isinstance(value, Mapping):
            value = list(value.values())
        parts = value if isinstance(value, list | tuple) else [value]
        found += [p for p in parts if isinstance(p, int)]
    return found


def percent_bound(fmt: str, args: Any, budget: Budget) -> int:
    """The most ``fmt % args`` can make: each field as long as all the arguments, plus the
    widest width or precision written in ``fmt`` (or given by ``*``)."""
    fields = [f for f in _PERCENT.findall(fmt) if f[2] != "%"]
    widths = [_number(n) for f in fields for n in f[:2] if n.isdigit()]
    if any("*" in f[:2] for f in fields):
        widths += _ints(args)
    return len(fmt) + len(fields) * (size(args, budget) + max(widths, default=0))


def format_bound(fmt: str, args: Any, kwargs: Any, budget: Budget) -> int:
    """The same for ``fmt.format(*args, **kwargs)``; a width given by a field ``{:{w}}``
    counts as the largest number among the arguments."""
    fields = 0
    widths: list[int] = []
    for _text, name, spec, _conversion in Formatter().parse(fmt):
        if name is None:
            continue
        fields += 1
        widths += [_number(n) for n in re.findall(r"\d+", spec or "")]
        if spec and "{" in spec:
            widths += _ints(args, kwargs)
    return len(fmt) + fields * (size(args, budget) + size(kwargs, budget) + max(widths, default=0))


# --- what a call, a filter or an operator would make, before it is made -------------------


def check_text_method(
    method: Any, args: tuple[Any, ...], kwargs: dict[str, Any], budget: Budget
) -> tuple[Any, ...]:
    """Check a call of a text's method that can make a long text (``method.__self__`` is
    the text); the arguments to call it with (what is given to ``join`` is read here)."""
    text, name = method.__self__, method.__name__
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        would_make(args[0])
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
        would_make(len(text) + tabs * (tab if isinstance(tab, int) else 0))
    elif name == "replace" and len(args) >= 2:
        would_make(replace_bound(text, *args[:3]))
    elif name == "join" and args:
        items = listed(args[0], budget)
        would_make(sum(size(i, budget) for i in items) + len(items) * len(text))
        return (items, *args[1:])
    elif name == "translate":
        raise TemplateLimitError(_("translate() is not available in templates; use replace()"))
    return args


def replace_bound(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str | bytes) or not isinstance(new, str | bytes):
        return 0
    source: Any = text if isinstance(text, str | bytes) else str(text)
    try:
        times = source.count(old) if old else len(source) + 1
    except TypeError:  # bytes and text mixed: replace() itself will say so
        return 0
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(source) + times * max(len(new) - len(old), 0)


def _pre_join(budget: Budget, value: Any, d: Any = "", attribute: Any = None) -> Any:
    items = listed(value, budget)
    would_make(sum(size(i, budget) for i in items) + len(items) * size(d, budget))
    return items


def _pre_replace(budget: Budget, s: Any, old: Any, new: Any, count: Any = None) -> None:
    would_make(replace_bound(s, old, new, -1 if count is None else count))


def _pre_indent(budget: Budget, s: Any, width: Any = 4, first: Any = 0, blank: Any = 0) -> None:
    wide = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    text = str(s)
    would_make(len(text) + (text.count("\n") + 1) * wide)


def _pre_wordwrap(
    budget: Budget,
    s: Any,
    width: Any = 79,
    break_long_words: Any = True,
    wrapstring: Any = None,
    break_on_hyphens: Any = True,
) -> None:
    # textwrap makes at most one line per character, each ended by ``wrapstring``.
    text = str(s)
    wrap = wrapstring if isinstance(wrapstring, str) else "\n"
    would_make(len(text) + (len(text) + 1) * len(wrap))


def _pre_center(budget: Budget, value: Any, width: Any = 80) -> None:
    if isinstance(width, int):
        would_make(width)


def _pre_format(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    would_make(percent_bound(str(value), kwargs or args, budget))


def _pre_batch(budget: Budget, value: Any, linecount: Any, fill_with: Any = None) -> None:
    if fill_with is not None and isinstance(linecount, int):
        would_make(linecount)


def _pre_slice(budget: Budget, value: Any, slices: Any, fill_with: Any = None) -> None:
    if isinstance(slices, int):
        would_make(slices)


def _pre_sum(budget: Budget, value: Any, attribute: Any = None, start: Any = 0) -> Any:
    if isinstance(start, int | float):
        return None
    items = listed(value, budget)  # adding texts or lists copies them on each addition
    budget.step(len(items) * size(items, budget) // WALKED)
    return items


def _pre_tojson(budget: Budget, value: Any, indent: Any = None) -> None:
    wide = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    # each item on a line of its own, indented once per level it is nested in
    would_make(size(value, budget) * (1 + wide * _depth(value)))


def _depth(value: Any) -> int:
    """How deep lists and mappings nest in ``value`` (measured by :func:`size` already)."""
    deepest, todo, seen = 0, [(value, 0)], set()
    while todo:
        item, level = todo.pop()
        if isinstance(item, list | tuple | Mapping) and id(item) not in seen:
            seen.add(id(item))
            deepest = max(deepest, level + 1)
            parts = item.values() if isinstance(item, Mapping) else item
            todo.extend((part, level + 1) for part in parts)
    return deepest


PRECHECKS: dict[str, Callable[..., Any]] = {
    "join": _pre_join,
    "replace": _pre_replace,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "center": _pre_center,
    "format": _pre_format,
    "batch": _pre_batch,
    "slice": _pre_slice,
    "sum": _pre_sum,
    "tojson": _pre_tojson,
}


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # more than a C integer can count
        count = MAX_CHARS + 1
    if count > MAX_CHARS:
        raise TemplateLimitError(
            _(
                "range() of more than {most} numbers; a post needs far fewer: loop over "
                "the plan's own lists (destinations, reasons) instead"
            ).format(most=MAX_CHARS)
        )
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n * max > MAX_WORDS:
        raise TemplateLimitError(
            _(
                "lipsum() of up to {count} words, more than the {most} a template may make; "
                "ask for fewer paragraphs, such as lipsum(2)"
            ).format(count=n * max, most=MAX_WORDS)
        )
    return generate_lorem_ipsum(n, html, min, max)


def check_binop(operator: str, left: Any, right: Any, budget: Budget) -> None:
    sequence = (str, bytes, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sequence) and isinstance(times, int):
                would_make(size(seq, budget) * max(times, 0))
                return
        if isinstance(left, int) and isinstance(right, int):
            check_number(digits(left) + digits(right))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            check_number(right * math.log10(abs(left)))
    elif operator == "+":
        if isinstance(left, sequence) and isinstance(right, sequence):
            would_make(size(left, budget) + size(right, budget))
    elif operator == "%" and isinstance(left, str):
        would_make(percent_bound(left, right, budget))
