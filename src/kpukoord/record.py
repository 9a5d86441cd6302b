"""Plain data records for the write path, without the ``dataclasses`` module.

``dataclasses`` imports ``inspect`` (~10 ms of every ``meeting add``, issue 17); the
records of the write path (a meeting draft and its specs, a parsed date) need only
what is here: an ``__init__`` from the annotated fields and their defaults,
``__repr__``, ``__eq__``, frozen records, ``field(default_factory=...)`` and
:func:`replace`. ``tests/test_startup.py`` checks them against ``dataclasses``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], Any]) -> Any:
    """A default made anew for each record (``field(default_factory=list)``)."""
    return _Factory(default_factory)


def fields(obj: Any) -> tuple[str, ...]:
    """The field names of a record class or record, in order."""
    return tuple(obj.__record_fields__)


def replace(obj: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (``dataclasses.replace``)."""
    values = {name: getattr(obj, name) for name in obj.__record_fields__}  # type: ignore[attr-defined]
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """Class decorator: ``@record`` or ``@record(frozen=True)``."""

    def wrap(cls: type[T]) -> type[T]:
        # own and inherited fields, in definition order (inspect is what we avoid)
        names = [n for c in reversed(cls.__mro__) for n in c.__dict__.get("__annotations__", {})]  # noqa: RUF063
        names = list(dict.fromkeys(names))
        defaults = {n: getattr(cls, n) for n in names if hasattr(cls, n)}
        params: list[str] = []
        body: list[str] = []
        env: dict[str, Any] = {"_object_setattr": object.__setattr__}
        for n in names:
            if n in defaults:
                d = defaults[n]
                if isinstance(d, _Factory):
                    env[f"_make_{n}"] = d.make
                    params.append(f"{n}=_MISSING")
                    value = f"_make_{n}() if {n} is _MISSING else {n}"
                else:
                    env[f"_default_{n}"] = d
                    params.append(f"{n}=_default_{n}")
                    value = n
            else:
                if defaults and any(p.partition("=")[2] for p in params):
                    raise TypeError(f"non-default field {n!r} follows a default one")
                params.append(n)
                value = n
            body.append(
                f"    _object_setattr(self, {n!r}, {value})"
                if frozen
                else f"    self.{n} = {value}"
            )
        env["_MISSING"] = _MISSING
        source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
        exec(source, env)  # our own field names: Python identifiers
        for n, d in defaults.items():
            if isinstance(d, _Factory):
                delattr(cls, n)
        init = env["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        target: Any = cls  # the methods are set on the class as dataclasses sets them
        target.__init__ = init
        target.__record_fields__ = tuple(names)
        target.__repr__ = _repr
        target.__eq__ = _eq
        if frozen:
            target.__setattr__ = _frozen_setattr
            target.__delattr__ = _frozen_setattr
            target.__hash__ = _hash
        else:
            target.__hash__ = None
        return cls

    return wrap if cls is None else wrap(cls)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, n) for n in self.__record_fields__)


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_fields__)
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _frozen_setattr(self: Any, name: str, *value: Any) -> None:
    raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")
