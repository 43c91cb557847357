"""A cheaper ``__init__`` for the parsers' result classes.

``@dataclass(frozen=True, slots=True)`` writes an ``__init__`` that sets each field with
``object.__setattr__(self, name, value)`` (the class itself forbids setting attributes),
which looks the name up on every call: about half the cost of making a parsed name,
company, address or phone number, and the parsers make one per distinct value.
:func:`quick_init` replaces it with one that stores each argument through its slot's
descriptor directly: the same parameters, defaults and instance, at half the cost.
Everything else (frozen ``__setattr__``, ``__eq__``, ``__hash__``, ``__repr__``,
pickling, :func:`dataclasses.replace`) is the dataclass's own.

>>> from dataclasses import dataclass, FrozenInstanceError
>>> @quick_init
... @dataclass(frozen=True, slots=True)
... class P:
...     x: str
...     y: int = 0
>>> P("a"), P("a", 1) == P(x="a", y=1)
(P(x='a', y=0), True)
>>> try:
...     P("a").x = "b"
... except FrozenInstanceError:
...     print("frozen")
frozen
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

__all__ = ["quick_init"]

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen slots dataclass an ``__init__`` setting its slots directly (see the
    module docstring).  Only plain fields are handled: a default factory, a field left out
    of ``__init__`` or a ``__post_init__`` keeps the dataclass's own ``__init__``."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    plain = all(f.init and f.default_factory is dataclasses.MISSING for f in fields)
    if not frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__") or not plain:
        return cls
    namespace: dict[str, object] = {"__name__": cls.__module__}
    params, body = [], []
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # the slot's member descriptor
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__annotations__ = dict(cls.__init__.__annotations__)  # type: ignore[misc]
    cls.__init__ = init  # type: ignore[misc]
    return cls
