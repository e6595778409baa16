"""The limits of a template in the sandbox: each lets a template just inside it run and stops
one just past it with its message; Jinja's own results are unchanged; nothing is limited
outside the limits."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from planner import posts, sandbox, templating
from planner.decision import load
from planner.errors import InputError, TooLongError
from planner.posts import render_posts
from planner.template_check import check_templates
from planner.template_limits import MAX_CHARS, MAX_SECONDS, TemplateLimitError, limits
from planner.templating import MAX_SOURCE_BYTES, environment
from planner.timeline import build_plan

from .conftest import ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
RELAY = Path("fr/announce/relay.txt.j2")  # the Mastodon relay of the jardin's announcement


def render(source: str, **data: Any) -> str:
    """A template rendered inside the limits, as a post is."""
    with limits():
        return environment().from_string(source).render(**data)


def folder(tmp_path: Path, text: str, name: Path = RELAY) -> Path:
    """A folder of user templates holding one template."""
    path = tmp_path / "ours" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return tmp_path / "ours"


def fresh() -> None:
    """Forget the environments and templates of this process, as a new run would."""
    templating._environment.cache_clear()
    posts._template.cache_clear()


def posts_with(templates: Path) -> object:
    """The jardin's posts with these templates, in a fresh run."""
    fresh()
    return render_posts(build_plan(load(JARDIN)), templates)


def loops(n: int) -> str:
    return f"{{% for i in range({n}) %}}{{% for j in range({n}) %}}{{% endfor %}}{{% endfor %}}"


def test_steps_a_loop_inside_runs_and_one_past_stops() -> None:
    """300 × 300 turns (and their calls) fit in MAX_STEPS; 330 × 330 do not."""
    assert render(loops(300) + "ok") == "ok"
    with pytest.raises(TemplateLimitError, match=r"^more than 100000 steps \(turns of loops"):
        render(loops(330))


def test_steps_count_a_macro_that_calls_itself_twice() -> None:
    """A macro that calls itself twice, 40 deep (2**40 calls), stops on its steps."""
    source = (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    )
    with pytest.raises(TemplateLimitError, match=r"^more than 100000 steps"):
        render(source)


def test_a_text_of_max_chars_is_made_and_one_more_is_refused() -> None:
    assert render(f"{{{{ ('A' * {MAX_CHARS})|length }}}}") == str(MAX_CHARS)
    with pytest.raises(TemplateLimitError, match=r"^makes a text or a list longer than 100000"):
        render(f"{{{{ ('A' * {MAX_CHARS + 1})|length }}}}")


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'A' * 10**11 }}",
        "{{ [0] * 10**9 }}",
        "{{ organisation|center(10**9) }}",
        "{{ organisation.center(10**9) }}",
        "{{ lipsum(1).center(10**9) }}",
        "{{ ('\t' * 9).expandtabs(tabsize=10**9) }}",
        "{{ '%1000000000s'|format('a') }}",
        "{{ '%*s' % (10**9, 'a') }}",
        "{{ '{:>1000000000}'.format('a') }}",
        "{{ '{:{w}}'.format('a', w=10**9) }}",
        "{{ ('A' * 50000).split('A')|join('B' * 50000) }}",
        "{{ ','.join(['A' * 60000, 'B' * 60000]) }}",
        "{{ 'ab'.replace('', 'X' * 99999) }}",
        "{{ ('\t' * 9999).expandtabs(99999) }}",
        "{{ ('x\n' * 9999)|indent(99999) }}",
        "{{ 'xy'|wordwrap(1, wrapstring='B' * 99999) }}",
        "{{ [1, 2]|tojson(indent=10**9) }}",
        "{{ [0]|batch(10**9, 'x')|list }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "{{ dict(a='A' * 99999, b='B' * 99999)|string }}",
    ],
)
def test_what_would_be_too_long_is_refused_before_it_is_made(source: str) -> None:
    """Each of these would make gigabytes in one Python operation: refused before it."""
    with pytest.raises(TemplateLimitError, match=r"^makes a text or a list longer than"):
        render(source, organisation="N")


def test_numbers_of_a_thousand_digits_at_most() -> None:
    assert len(render("{{ 2 ** 3000 }}")) == 904
    with pytest.raises(TemplateLimitError, match=r"^computes a number of more than 1000 digits"):
        render("{{ 2 ** 4000 }}")
    with pytest.raises(TemplateLimitError, match=r"^computes a number"):
        render("{{ 10 ** (10 ** 10) }}")


def test_range_and_lipsum_are_capped() -> None:
    assert render(f"{{{{ range({MAX_CHARS})|length }}}}") == str(MAX_CHARS)
    with pytest.raises(TemplateLimitError, match=r"^range\(\) of more than 100000 numbers"):
        render(f"{{{{ range({MAX_CHARS + 1})|length }}}}")
    with pytest.raises(TemplateLimitError, match=r"^range\(\)"):
        render("{{ range(10**30)|length }}")  # more than a C integer can count
    assert render("{{ lipsum(100, max=100) }}")
    with pytest.raises(TemplateLimitError, match=r"^lipsum\(\) of up to 10100 words"):
        render("{{ lipsum(101, max=100) }}")


def test_output_counts_what_goes_to_variables_and_macros_too() -> None:
    """99 characters a turn: 1010 turns fit in MAX_CHARS, 1011 do not, whether they reach
    the post, a variable or a macro's result."""
    line = "x" * 99
    assert len(render(f"{{% for i in range(1010) %}}{line}{{% endfor %}}")) == 99_990
    for source in [
        f"{{% for i in range(1011) %}}{line}{{% endfor %}}",
        f"{{% set s %}}{{% for i in range(1011) %}}{line}{{% endfor %}}{{% endset %}}",
        f"{{% macro m() %}}{{% for i in range(1011) %}}{{{{ '{line}' }}}}{{% endfor %}}"
        "{% endmacro %}{{ m()|length }}",
    ]:
        with pytest.raises(TemplateLimitError, match=r"^writes more than 100000 characters"):
            render(source)


def test_the_deadline_stops_a_plan_that_takes_too_long() -> None:
    """With a clock that moves a second each time it is read, a loop of 20 turns passes
    MAX_SECONDS; with a clock that stands still, the same loop ends."""
    source = "{% for i in range(20) %}{{ i }}{% endfor %}"
    template = environment().from_string(source)
    with limits(clock=lambda: 0.0):
        assert template.render() == "".join(map(str, range(20)))
    seconds = itertools.count()
    with (
        limits(clock=lambda: float(next(seconds))),
        pytest.raises(TemplateLimitError, match=rf"^still writing the posts after {MAX_SECONDS}"),
    ):
        template.render()


def test_nothing_is_limited_outside_the_limits() -> None:
    """The kit page and the report render without the limits: only posts run inside them."""
    source = "{{ ('A' * 200000)|length }}"
    assert environment().from_string(source).render() == "200000"


@pytest.mark.parametrize(
    "source",
    [
        "{{ [1, 2, 3]|join(', ') }}|{{ items|map(attribute='n')|join('-') }}",
        "{{ 'a'|center(7) }}|{{ '%s!'|format('x') }}|{{ '{}-{}'.format(1, 2) }}|{{ '%d' % 5 }}",
        "{{ 'a b c'|replace(' ', '_', 1) }}|{{ 'x\ny'|indent(2, true) }}|{{ 'a b'|wordwrap(1) }}",
        "{{ [1, 2, 3]|batch(2, 0)|list }}|{{ [1, 2, 3]|slice(2)|list }}",
        "{{ [[1], [2]]|sum(start=[]) }}|{{ [1, 2]|sum }}|{{ items|sum(attribute='n') }}",
        "{{ {'b': 1, 'a': 2}|dictsort }}|{{ items|groupby('n')|list }}|{{ items|tojson(2) }}",
        "{{ 'a' ~ 1 ~ none }}|{{ 2 ** 10 }}|{{ 3 * 'ab' }}|{{ [1] + [2] }}|{{ 7 % 3 }}",
        "{% for i in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{{ loop.index }}{% endfor %}",
        "{% for n in tree recursive %}{{ n.n }}({{ loop(n.kids) }}){% endfor %}",
        "{% macro m(x) %}<{{ x }}{{ caller() }}>{% endmacro %}{% call m(1) %}in{% endcall %}",
        "{% filter upper %}up {{ 'x' }}{% endfilter %}{% set s %}kept{% endset %}{{ s }}",
        "{{ lipsum is defined }} {{ range(3)|list }} {{ 'a,b'.split(',') }} {{ 'x'.zfill(3) }}",
    ],
)
def test_jinja_gives_the_same_results_inside_the_sandbox(source: str) -> None:
    """Filters, operators, loops and macros give what Jinja's own sandbox gives."""
    data = {
        "items": [{"n": 1}, {"n": 2}, {"n": 1}],
        "tree": [{"n": 1, "kids": [{"n": 2, "kids": []}]}],
    }
    plain = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    assert render(source, **data) == plain.from_string(source).render(**data)


def test_a_namespace_that_holds_itself_is_measured() -> None:
    source = "{% set ns = namespace() %}{% set ns.me = ns %}{{ [ns, ns]|length }}"
    assert render(source) == "2"


# --- through the posts: the template's file and line, and the plan -----------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% include 'fr/announce/relay.txt.j2' %}", "includes or calls itself without end"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "includes or calls itself"),
        ("{% for i in range(10**9) %}x{% endfor %}", "range() of more than 100000 numbers"),
        ("{{ lipsum(200000) }}", "lipsum() of up to 20000000 words"),
        ("{{ 'A' * 10**11 }}", "makes a text or a list longer than 100000 characters"),
        ("{{ 1 / 0 }}", "division by zero; correct this line of the template"),
    ],
)
def test_posts_and_templates_check_name_the_template_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    """One line, the template's file and line first; `templates check` says the same."""
    templates = folder(tmp_path, "Relais\n" + text + "\n")
    with pytest.raises(InputError) as posted:
        posts_with(templates)
    assert str(posted.value).startswith(f"{templates / RELAY}:2: ")
    assert message in str(posted.value) and "\n" not in str(posted.value)
    with pytest.raises(InputError) as checked:
        check_templates(templates)
    assert str(checked.value) == str(posted.value)


def test_the_posts_of_a_plan_hold_a_million_characters_at_most(tmp_path: Path) -> None:
    """12 posts of 90,000 characters each: the twelfth passes MAX_PLAN_CHARS; 11 of them
    pass only the platforms' own limits (TooLongError, as any long post)."""
    for kind in ("announce", "remind", "final"):
        for name in ("relay", "leaving-short", "leaving-long"):
            folder(tmp_path, "{{ 'A' * 90000 }}\n", Path("fr", kind, f"{name}.txt.j2"))
    with pytest.raises(InputError, match=r"the posts of this plan come to more than 1000000"):
        posts_with(tmp_path / "ours")
    (tmp_path / "ours" / "fr" / "final").joinpath("relay.txt.j2").unlink()
    (tmp_path / "ours" / "fr" / "final").joinpath("leaving-short.txt.j2").unlink()
    with pytest.raises(TooLongError):
        posts_with(tmp_path / "ours")


def test_a_template_file_of_max_bytes_is_read_and_one_more_is_refused(tmp_path: Path) -> None:
    def padded(total: int) -> str:
        return "{# " + "c" * (total - len("{#  #}Relais\n")) + " #}Relais\n"

    templates = folder(tmp_path, padded(MAX_SOURCE_BYTES))
    assert (templates / RELAY).stat().st_size == MAX_SOURCE_BYTES
    posts_with(templates)
    (templates / RELAY).write_text(padded(MAX_SOURCE_BYTES + 1), "utf-8")
    with pytest.raises(InputError, match=rf"relay\.txt\.j2: {MAX_SOURCE_BYTES + 1} bytes, more"):
        posts_with(templates)


def test_the_compiled_templates_cache_keeps_the_guards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second run loads the template from the cache of compiled templates (a folder
    named after the guards' version), compiling nothing, and still stops it."""
    templates = folder(tmp_path, loops(330))
    for _run in range(2):
        with pytest.raises(InputError, match=r"relay\.txt\.j2:1: more than 100000 steps"):
            posts_with(templates)
        assert list(templating.cache_dir().glob(f"templates-*-guards{sandbox.CODE}-text/*"))

        def no_compiling(*args: object, **kwargs: object) -> None:
            raise AssertionError("compiled again")

        monkeypatch.setattr(sandbox.Sandbox, "compile", no_compiling)
