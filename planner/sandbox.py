"""The sandbox templates run in: Jinja's, with planner's limits checked at every step.

A post template is often written by a volunteer, sometimes copied from someone else: it is
untrusted input. Jinja's ``ImmutableSandboxedEnvironment`` keeps it away from Python's
internals (``__class__``, ``__globals__``) and from changing the lists it is given
(``append``). :class:`Sandbox` adds the limits of :mod:`planner.template_limits` (steps,
sizes, output, time); a template that includes itself, or a macro that calls itself
without end, stops at Python's recursion limit, and
:func:`planner.templating.template_errors` says so in one line.

The checks run in the template's own thread, at the steps it takes. Jinja compiles a
template to Python: :class:`_GuardedCode` makes the compiled code pass each loop's items,
each literal text written and each part of ``~`` through small filters that count; every
``{{ value }}`` goes through ``finalize``; calls and the operators ``+ * ** %`` go
through the sandbox's own ``call`` and ``call_binop``; each of Jinja's filters is wrapped.
Other ways were weighed: a thread cannot be stopped in Python; a signal (``SIGALRM``)
exists only on Unix and in the main thread, and cannot interrupt one long operation such
as ``'A' * 10**11`` anyway; rendering through ``Template.generate()`` and stopping once
the post is too long sees only what reaches the post, not a loop that builds a variable
or a macro's text, nor a single huge value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg  # how a filter asks for its context: Jinja 3.1's own rule
from jinja2.visitor import NodeTransformer

from planner.errors import InputError
from planner.i18n import _
from planner.template_limits import (
    PRECHECKS,
    Budget,
    bounded_lipsum,
    bounded_range,
    check_binop,
    check_text_method,
    current,
    format_bound,
    made,
    size,
    would_make,
)

CODE = 1  # the guards' version, in the compiled-template cache's folder name

# The filters the compiled code calls (names a template cannot write as a filter).
LOOP, TEXT, PART, MADE = "planner loop", "planner text", "planner part", "planner made"


def guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` as a filter that takes a step, refuses an argument or a result longer than
    MAX_CHARS, and checks first what it would make where that can be huge. Takes the context
    (so Jinja never runs it while compiling) and gives ``func`` what it asked for."""
    kind = _PassArg.from_obj(func)
    precheck = PRECHECKS.get(name)

    @pass_context
    def guarded(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        if budget is not None:
            budget.step()
            for given in (value, *args, *kwargs.values()):
                made(given, budget)
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
        return result if budget is None else made(result, budget)

    guarded.__name__ = getattr(func, "__name__", name)
    return guarded


# --- the filters the compiled code calls ---------------------------------------------------


def _turns(items: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in items:
        budget.step()
        yield item


@pass_context
def _loop(context: Context, items: Any) -> Any:
    """A loop's items, one step each."""
    budget = current()
    return items if budget is None else _turns(items, budget)


@pass_context
def _text(context: Context, empty: str, count: int) -> str:
    """Count the literal text an output writes (it writes this empty text first)."""
    budget = current()
    if budget is not None:
        budget.write(count)
    return empty


@pass_context
def _part(context: Context, value: Any) -> Any:
    """A part of ``a ~ b``, measured before it is turned into text."""
    budget = current()
    return value if budget is None else made(value, budget)


@pass_context
def _made(context: Context, value: Any) -> Any:
    """What ``a ~ b`` made, measured."""
    budget = current()
    return value if budget is None else made(value, budget)


@pass_context
def _written(context: Context, value: Any) -> Any:
    """Every ``{{ value }}`` written (Jinja's ``finalize``), counted before it becomes text."""
    budget = current()
    if budget is not None:
        budget.write(size(value, budget))
    return value


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
    """Jinja's immutable sandbox with planner's limits (see the module's docstring); outside
    :func:`planner.template_limits.limits`, it renders as Jinja's own."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})
    code_generator_class = _GuardedCode

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_written, **options)
        self.globals.update(range=bounded_range, lipsum=bounded_lipsum)
        self.filters = {name: guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters.update({LOOP: _loop, TEXT: _text, PART: _part, MADE: _made})

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        """Register a filter of planner's, guarded like Jinja's own."""
        self.filters[name] = guarded_filter(name, func)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``+ * ** %``: refused before they are computed when the result would be huge."""
        budget = current()
        if budget is not None:
            budget.step()
            check_binop(operator, left, right, budget)
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
        budget = current()
        if budget is None:
            return super().call(__context, __obj, *args, **kwargs)
        budget.step()
        if isinstance(__obj, LoopContext) and args:
            args = (_turns(args[0], budget), *args[1:])
        elif isinstance(getattr(__obj, "__self__", None), str | bytes):  # a text's method
            made(__obj.__self__, budget)
            args = check_text_method(__obj, args, kwargs, budget)
        for given in (*args, *kwargs.values()):
            made(given, budget)
        return made(super().call(__context, __obj, *args, **kwargs), budget)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``text.format(...)`` and ``format_map``, checked like ``%`` before they run."""
        sandboxed = super().wrap_str_format(value)
        if sandboxed is None:
            return None
        fmt, by_map = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            budget = current()
            if budget is not None:
                mapping = args[0] if by_map and args else kwargs
                would_make(format_bound(fmt, () if by_map else args, mapping, budget))
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
