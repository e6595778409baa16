"""The sandbox templates run in, and what rendering one post may cost.

A post template is often written by a volunteer, sometimes copied from someone else: it is
untrusted input. Jinja's ``ImmutableSandboxedEnvironment`` keeps it away from Python's
internals (``__class__``, ``__globals__``) and from changing the lists it is given
(``append``). :class:`Sandbox` adds limits, so that a template that loops without end,
repeats a text a hundred billion times or calls itself stops with one line naming the
template, the line and the fix, instead of running for minutes or filling the memory:

- steps: each turn of a loop, each call (macro, method, function), filter and operator
  (``+ * ** %``) is a step, and so are every :data:`WALKED` items of a list measured or
  read; a post may take
  :data:`MAX_STEPS`. Counted, not timed, so a template fails the same way on every machine.
- sizes: a text, list or number is measured before it is made wherever Python would make it
  in one go (``'A' * 10**11``, ``range(10**9)``, ``x|center(10**9)``, ``lipsum(200000)``,
  ``10 ** 10 ** 10``, ``'%1000000000s'|format(x)``, ``sep.join(items)``) and refused above
  :data:`MAX_CHARS` characters or items (:data:`MAX_DIGITS` digits for a number).
- output: every character a template writes counts, in the post or into a variable, a
  macro, a ``set`` or ``filter`` block (a loop in a macro would otherwise build a huge text
  that no step sees), up to :data:`MAX_CHARS` per post; the posts of a plan together hold
  at most :data:`MAX_PLAN_CHARS` (checked by :mod:`planner.posts`).
- time: the posts of a plan are rendered within :data:`MAX_SECONDS`, a backstop for work no
  step measures (comparing two long texts on every turn of a loop).
- recursion: a template that includes itself, or a macro that calls itself without end,
  stops at Python's recursion limit; :func:`planner.templating.template_errors` says so.

The checks run in the template's own thread, at the steps it takes: Jinja compiles a
template to Python, and :class:`_GuardedCode` makes the compiled code pass each loop's
items, each literal text written and each ``~`` through small filters that count. Other
ways were weighed: a thread cannot be stopped in Python; a signal (``SIGALRM``) exists only
on Unix and in the main thread, and cannot interrupt a single long operation such as
``'A' * 10**11`` anyway; rendering through ``Template.generate()`` and stopping once the
post is too long sees only what reaches the post, not a loop that builds a variable or a
macro. The limits apply inside :func:`limits` (posts are rendered there); the built-in
pages (kit, report) render without them.
"""

from __future__ import annotations

import math
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MappingView, Set
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice
from string import Formatter
from typing import Any

from jinja2 import TemplateError, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, _PassArg, generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

from planner.errors import InputError
from planner.i18n import _

MAX_CHARS = 100_000  # a text or list a template makes, and what it writes for one post
MAX_PLAN_CHARS = 1_000_000  # the texts of all the posts of a plan
MAX_STEPS = 100_000  # for one post; the built-in templates take a few hundred
MAX_DIGITS = 1_000  # of a number a template computes
MAX_WORDS = 10_000  # of lipsum()
MAX_SECONDS = 10  # for all the posts of a plan
WALKED = 100  # items of a list measured or read for one step (a step's work is about that)
CODE = 1  # the guards' version, in the compiled-template cache's folder name

# The filters the compiled code calls (names a template cannot write as a filter).
LOOP, TEXT, PART, MADE = "planner loop", "planner text", "planner part", "planner made"


class TemplateLimitError(TemplateError):
    """A template went past one of the limits; the message says which, and the fix."""


def _too_long() -> TemplateLimitError:
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


_budget: ContextVar[Budget | None] = ContextVar("planner_template_budget", default=None)


@contextmanager
def limits(clock: Callable[[], float] = time.monotonic) -> Iterator[Budget]:
    """Render inside the limits (the plan's, when already inside them: one deadline)."""
    current = _budget.get()
    if current is not None:
        yield current
        return
    budget = Budget(clock)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


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


def _check_made(value: Any, budget: Budget) -> Any:
    """``value``, if no longer than MAX_CHARS; a text given to or made by a filter or a
    method costs a step per WALKED characters (the work of reading or making it)."""
    count = size(value, budget)
    if count > MAX_CHARS:
        raise _too_long()
    if isinstance(value, str | bytes):
        budget.step(count // WALKED)
    return value


def _would_make(count: float) -> None:
    if count > MAX_CHARS:
        raise _too_long()


def _check_number(count: float) -> None:
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


def _listed(items: Iterable[Any], budget: Budget) -> list[Any]:
    """The items, as a list, refused past MAX_CHARS items."""
    listed = items if isinstance(items, list) else list(islice(items, MAX_CHARS + 1))
    budget.step(1 + len(listed) // WALKED)
    if len(listed) > MAX_CHARS:
        raise _too_long()
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


def _percent_bound(fmt: str, args: Any, budget: Budget) -> int:
    """The most ``fmt % args`` can make: each field as long as all the arguments, plus the
    widest width or precision written in ``fmt`` (or given by ``*``)."""
    fields = [f for f in _PERCENT.findall(fmt) if f[2] != "%"]
    widths = [_number(n) for f in fields for n in f[:2] if n.isdigit()]
    if any("*" in f[:2] for f in fields):
        widths += _ints(args)
    return len(fmt) + len(fields) * (size(args, budget) + max(widths, default=0))


def _format_bound(fmt: str, args: Any, kwargs: Any, budget: Budget) -> int:
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


# --- what a call or a filter would make, before it is made -------------------------------


def _pre_str_method(method: Any, args: tuple[Any, ...], budget: Budget) -> tuple[Any, ...]:
    """Check a call of a text's method that can make a long text; the arguments to call it
    with (an iterable given to ``join`` is read once, here)."""
    text, name = method.__self__, method.__name__
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _would_make(args[0])
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else 8
        tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
        _would_make(len(text) + tabs * tab)
    elif name == "replace" and len(args) >= 2:
        _would_make(_replace_bound(text, *args[:3]))
    elif name == "join" and args:
        items = _listed(args[0], budget)
        _would_make(sum(size(i, budget) for i in items) + len(items) * len(text))
        return (items, *args[1:])
    elif name == "translate":
        raise TemplateLimitError(_("translate() is not available in templates; use replace()"))
    return args


def _replace_bound(text: Any, old: Any, new: Any, count: Any = -1) -> int:
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
    items = _listed(value, budget)
    _would_make(sum(size(i, budget) for i in items) + len(items) * size(d, budget))
    return items


def _pre_replace(budget: Budget, s: Any, old: Any, new: Any, count: Any = None) -> None:
    _would_make(_replace_bound(s, old, new, -1 if count is None else count))


def _pre_indent(budget: Budget, s: Any, width: Any = 4, first: Any = 0, blank: Any = 0) -> None:
    wide = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    text = str(s)
    _would_make(len(text) + (text.count("\n") + 1) * wide)


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
    _would_make(len(text) + (len(text) + 1) * len(wrap))


def _pre_center(budget: Budget, value: Any, width: Any = 80) -> None:
    if isinstance(width, int):
        _would_make(width)


def _pre_format(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    _would_make(_percent_bound(str(value), kwargs or args, budget))


def _pre_batch(budget: Budget, value: Any, linecount: Any, fill_with: Any = None) -> None:
    if fill_with is not None and isinstance(linecount, int):
        _would_make(linecount)


def _pre_slice(budget: Budget, value: Any, slices: Any, fill_with: Any = None) -> None:
    if isinstance(slices, int):
        _would_make(slices)


def _pre_sum(budget: Budget, value: Any, attribute: Any = None, start: Any = 0) -> Any:
    if isinstance(start, int | float):
        return None
    items = _listed(value, budget)  # adding texts or lists copies them on each addition
    budget.step(len(items) * size(items, budget) // WALKED)
    return items


def _pre_tojson(budget: Budget, value: Any, indent: Any = None) -> None:
    wide = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    # each item on its own line, indented once per level: at most size × size × width
    _would_make(size(value, budget) * (1 + wide * min(size(value, budget), MAX_CHARS)))


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


def guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` as a filter that takes a step, refuses an argument or a result longer than
    MAX_CHARS, and checks first what it would make where that can be huge. Takes the context
    (so Jinja never runs it while compiling) and gives ``func`` what it asked for."""
    kind = _PassArg.from_obj(func)
    precheck = PRECHECKS.get(name)

    @pass_context
    def guarded(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget.get()
        if budget is not None:
            budget.step()
            for given in (value, *args, *kwargs.values()):
                _check_made(given, budget)
            if precheck is not None:
                try:
                    replaced = precheck(budget, value, *args, **kwargs)
                except TypeError:  # wrong arguments: the filter itself will say so
                    replaced = None
                value = value if replaced is None else replaced
        if kind is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif kind is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif kind is _PassArg.environment:
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return result if budget is None else _check_made(result, budget)

    guarded.__name__ = getattr(func, "__name__", name)
    return guarded


# --- the filters the compiled code calls -----------------------------------------------------


def _turns(items: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in items:
        budget.step()
        yield item


@pass_context
def _loop(context: Context, items: Any) -> Any:
    """A loop's items, one step each."""
    budget = _budget.get()
    return items if budget is None else _turns(items, budget)


@pass_context
def _text(context: Context, empty: str, count: int) -> str:
    """Count the literal text an output writes (it writes this empty text first)."""
    budget = _budget.get()
    if budget is not None:
        budget.write(count)
    return empty


@pass_context
def _part(context: Context, value: Any) -> Any:
    """A part of ``a ~ b``, measured before it is turned into text."""
    budget = _budget.get()
    return value if budget is None else _check_made(value, budget)


@pass_context
def _made(context: Context, value: Any) -> Any:
    """What ``a ~ b`` made, measured."""
    budget = _budget.get()
    return value if budget is None else _check_made(value, budget)


@pass_context
def _written(context: Context, value: Any) -> Any:
    """Every ``{{ value }}`` written (Jinja's ``finalize``), counted before it becomes text."""
    budget = _budget.get()
    if budget is not None:
        budget.write(size(value, budget))
    return value


def _range(*args: int) -> range:
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


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n * max > MAX_WORDS:
        raise TemplateLimitError(
            _(
                "lipsum() of up to {count} words, more than the {most} a template may make; "
                "ask for fewer paragraphs, such as lipsum(2)"
            ).format(count=n * max, most=MAX_WORDS)
        )
    return generate_lorem_ipsum(n, html, min, max)


# --- the compiled code ---------------------------------------------------------------------


def _through(node: nodes.Node, name: str, *args: nodes.Node) -> nodes.Filter:
    return nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)


class _Guards(NodeTransformer):
    """Sends each loop's items, each ``~`` and each literal text written through the
    counting filters."""

    def visit_For(self, node: nodes.For, *args: Any, **kwargs: Any) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _through(node.iter, LOOP)
        return node

    def visit_Concat(self, node: nodes.Concat, *args: Any, **kwargs: Any) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_through(part, PART) for part in node.nodes]
        return _through(node, MADE)

    def visit_Output(self, node: nodes.Output, *args: Any, **kwargs: Any) -> nodes.Node:
        self.generic_visit(node)
        count = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
        if count:
            empty = nodes.Const("", lineno=node.lineno)
            node.nodes.insert(0, _through(empty, TEXT, nodes.Const(count, lineno=node.lineno)))
        return node


class _GuardedCode(CodeGenerator):
    """Jinja's code generator, on a template tree that went through :class:`_Guards`."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _Guards().visit(node)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)


# --- the environment -------------------------------------------------------------------------


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with planner's limits (see the module's docstring)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})
    code_generator_class = _GuardedCode

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_written, **options)
        self.globals.update(range=_range, lipsum=_lipsum)
        self.filters = {name: guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters.update({LOOP: _loop, TEXT: _text, PART: _part, MADE: _made})

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        """Register a filter of planner's, guarded like Jinja's own."""
        self.filters[name] = guarded_filter(name, func)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``+ * ** %``: refused before they are computed when the result would be huge."""
        budget = _budget.get()
        if budget is not None:
            budget.step()
            _check_binop(operator, left, right, budget)
        return super().call_binop(context, operator, left, right)

    def call(
        __self,
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """A call from a template: a step; arguments and result no longer than MAX_CHARS;
        the turns of a recursive loop counted like any loop's."""
        budget = _budget.get()
        if budget is None:
            return super().call(__context, __obj, *args, **kwargs)
        budget.step()
        if isinstance(__obj, LoopContext) and args:
            args = (_turns(args[0], budget), *args[1:])
        elif isinstance(getattr(__obj, "__self__", None), str | bytes) and isinstance(
            __obj, types.BuiltinMethodType
        ):
            _check_made(__obj.__self__, budget)
            args = _pre_str_method(__obj, args, budget)
        for given in (*args, *kwargs.values()):
            _check_made(given, budget)
        return _check_made(super().call(__context, __obj, *args, **kwargs), budget)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``text.format(...)`` and ``format_map``, checked like ``%`` before they run."""
        sandboxed = super().wrap_str_format(value)
        if sandboxed is None:
            return None
        fmt, by_map = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            budget = _budget.get()
            if budget is not None:
                mapping = args[0] if by_map and args else kwargs
                _would_make(_format_bound(fmt, () if by_map else args, mapping, budget))
            return sandboxed(*args, **kwargs)

        return checked

    def compile(self, *args: Any, **kwargs: Any) -> Any:
        """Jinja's compile; a template nested too deeply or holding a number too long to read
        is an error naming the file (Python would stop with a traceback)."""
        return _readable(lambda: super(Sandbox, self).compile(*args, **kwargs), args, kwargs)

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        """Jinja's parse, with the same errors as :meth:`compile`."""
        return _readable(lambda: super(Sandbox, self).parse(*args, **kwargs), args, kwargs)


def _readable(work: Callable[[], Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    file = kwargs.get("filename") or (args[2] if len(args) > 2 else None)
    file = file or kwargs.get("name") or (args[1] if len(args) > 1 else "template")
    try:
        return work()
    except (RecursionError, MemoryError, SyntaxError):
        raise InputError(
            _(
                "{file}: nested too deeply to be read (brackets, loops or conditions inside "
                "one another); simplify this template"
            ).format(file=file)
        ) from None
    except ValueError:  # Python's limit of 4300 digits when the lexer reads a number
        raise InputError(
            _("{file}: holds a number too long to read; write a number of a few digits").format(
                file=file
            )
        ) from None


def _check_binop(operator: str, left: Any, right: Any, budget: Budget) -> None:
    sequence = (str, bytes, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sequence) and isinstance(times, int):
                _would_make(size(seq, budget) * max(times, 0))
                return
        if isinstance(left, int) and isinstance(right, int):
            _check_number(digits(left) + digits(right))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            _check_number(right * math.log10(abs(left)))
    elif operator == "+":
        if isinstance(left, sequence) and isinstance(right, sequence):
            _would_make(size(left, budget) + size(right, budget))
    elif operator == "%" and isinstance(left, str):
        _would_make(_percent_bound(left, right, budget))
