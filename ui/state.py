"""One way to tie a page's view to its URL, and typed session-state keys.

A page's *view* is a frozen dataclass with ``to_params()``; a *parser* in the library
turns URL parameters into a valid view and plain messages about whatever it ignored
(:mod:`geo.links`, :func:`geo.priority.parse_settings`). :class:`PageLink` does the rest
the same way on every page that has a link:

* a view arrives from a link once (or whenever the link's parameters change) and is put
  into the page's widgets (``seed``);
* while the person works, the widgets hold the view; when they come back to the page
  (Streamlit forgets the widgets of pages not shown) the saved view seeds them again;
* after every run the page publishes its view: it is saved, and written to the address
  bar, so the address always reproduces what is on screen.

Session state is reached through :class:`Key` objects, which carry their value's type,
instead of bare strings spread across modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Generic, Protocol, TypeVar

import streamlit as st

from geo import links
from geo.artifact import Artifact

T = TypeVar("T")


class Key(Generic[T]):
    """A named slot in ``st.session_state`` holding a value of type ``T``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Key({self.name!r})"

    def get(self, default: T | None = None) -> T | None:
        return st.session_state.get(self.name, default)

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def pop(self) -> T | None:
        return st.session_state.pop(self.name, None)

    def is_set(self) -> bool:
        return self.name in st.session_state


class View(Protocol):
    def to_params(self) -> dict[str, str]: ...


V = TypeVar("V", bound=View)
Parser = Callable[[Artifact, Mapping[str, object]], tuple[V, list[str]]]


@dataclass(frozen=True)
class Restored(Generic[V]):
    """The view a page starts its run with, and whether it came from a new link."""

    view: V
    from_link: bool


class PageLink(Generic[V]):
    """Ties one page's view to its URL.

    Parameters
    ----------
    page
        The page's URL path (``"map"``); also the prefix of its keys.
    params
        The URL parameters the page owns; others in the address are left alone.
    parse
        Link parameters → (valid view, messages about what was ignored).
    default
        The view of a fresh session without a link.
    seed
        Puts a view into the page's widgets (``overwrite=False``: only widgets that
        have no value yet). By default each field of the view is the value of the
        widget keyed ``widget(field)``.
    remember
        Whether the page comes back as it was left when opened without a link (the map,
        Priorities); a page whose view is only ever its link starts afresh instead.
    """

    def __init__(
        self,
        page: str,
        params: tuple[str, ...],
        parse: Parser[V],
        default: Callable[[Artifact], V],
        seed: Callable[[V, bool], None] | None = None,
        *,
        remember: bool = True,
    ) -> None:
        self.page = page
        self.params = params
        self.parse = parse
        self.default = default
        self._seed = seed or self._seed_fields
        self.remember = remember
        self.saved: Key[V] = Key(f"{page}_view")
        self.last_link: Key[dict[str, str]] = Key(f"{page}_last_link")
        self.problems: Key[tuple[V, list[str]]] = Key(f"{page}_link_problems")

    def widget(self, field: str) -> str:
        """Widget key of one field of the view."""
        return f"{self.page}_{field}"

    def _seed_fields(self, view: V, overwrite: bool) -> None:
        for name, value in asdict(view).items():  # type: ignore[call-overload]
            if overwrite or self.widget(name) not in st.session_state:
                st.session_state[self.widget(name)] = value

    def link(self) -> dict[str, str]:
        """This page's parameters in the address bar."""
        return {k: v for k, v in st.query_params.to_dict().items() if k in self.params}

    def restore(self, artifact: Artifact) -> Restored[V]:
        """Seed the widgets from the link (when it is new) or from the saved view."""
        link = self.link()
        saved = self.saved.get()
        if link and (saved is None or link != saved.to_params()) and link != self.last_link.get():
            view, problems = self.parse(artifact, link)
            self.problems.set((view, problems))
            self.last_link.set(link)
            self.saved.set(view)
            self._seed(view, True)
            return Restored(view, True)
        view = (saved if self.remember or link else None) or self.default(artifact)
        self._seed(view, False)
        return Restored(view, False)

    def publish(self, view: V) -> None:
        """Save the view and put it in the address bar."""
        self.saved.set(view)
        params = view.to_params()
        if st.query_params.to_dict() != params:
            st.query_params.from_dict(params)
        self.last_link.set(params)

    def take_problems(self, now: V | None = None) -> list[str]:
        """Messages about ignored link parameters, kept until the view changes.

        Not only for the first run: the map component reruns the page as soon as it has
        drawn, and a message gone by then is gone before anyone can read it. ``now`` is
        the view on screen (by default the view the page last saved).
        """
        view, problems = self.problems.get() or (None, [])
        if view is None or view != (now if now is not None else self.saved.get()):
            self.problems.pop()
            return []
        return problems

    def show_problems(self, now: V | None = None) -> None:
        """Each ignored link parameter as a warning, while the view is the link's."""
        for problem in self.take_problems(now):
            st.warning(problem, icon=":material/link_off:")


def fields_of(view_type: type) -> tuple[str, ...]:
    """The field names of a view dataclass (its URL parameters, when they match)."""
    return tuple(f.name for f in fields(view_type))


# ---- the map page -----------------------------------------------------------------------

MAP: PageLink[links.MapView] = PageLink(
    "map", fields_of(links.MapView), links.parse, lambda _artifact: links.MapView()
)


def key(field: str) -> str:
    """Widget key of a map view field."""
    return MAP.widget(field)


def value(field: str) -> Any:
    """One field of the map view as the widgets hold it now. The widgets of the other
    mode (one indicator, or a change map) are not drawn, and Streamlit forgets them: they
    keep the value of the view last published."""
    if key(field) in st.session_state:
        return st.session_state[key(field)]
    return getattr(MAP.saved.get() or links.MapView(), field)


def current() -> links.MapView:
    """The map view the widgets hold now."""
    return links.MapView(**{name: value(name) for name in fields_of(links.MapView)})


# ---- one area: the profile page and the story form ---------------------------------------

AREA: PageLink[links.AreaView] = PageLink(
    "area",
    ("geo", "area"),
    links.parse_area,
    lambda _artifact: links.AreaView(),
    lambda *_: None,  # no widgets: the view is the area itself
    remember=False,
)
