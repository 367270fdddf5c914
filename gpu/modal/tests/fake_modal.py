"""A tiny stand-in for the `modal` package, enough to import app.py and inspect what it wires.

Signatures are keyword-strict and use Modal 1.x parameter names, so a misspelt option in app.py
(`min_container=`, `requires_proxy_auth` on the wrong decorator, …) raises here as it would at deploy.
Nothing talks to a network: Dicts are in-memory, Volumes record commits and reloads.
"""

from __future__ import annotations

import types
from typing import Any, Callable


class Image:
    def __init__(self, steps: list[tuple[str, Any]]) -> None:
        self.steps = steps

    @staticmethod
    def debian_slim(python_version: str | None = None, force_build: bool = False) -> "Image":
        return Image([("debian_slim", python_version)])

    def pip_install(self, *packages: str, index_url: str | None = None, extra_index_url: str | None = None,
                    pre: bool = False, extra_options: str = "", force_build: bool = False,
                    secrets: list | None = None, gpu: Any = None) -> "Image":
        return Image(self.steps + [("pip_install", packages)])

    def apt_install(self, *packages: str, force_build: bool = False, secrets: list | None = None,
                    gpu: Any = None) -> "Image":
        return Image(self.steps + [("apt_install", packages)])

    def env(self, vars: dict[str, str]) -> "Image":  # noqa: A002 (Modal's parameter name)
        assert all(isinstance(v, str) for v in vars.values()), "image env values must be strings"
        return Image(self.steps + [("env", dict(vars))])

    def add_local_python_source(self, *module_names: str, copy: bool = False, ignore: Any = None) -> "Image":
        return Image(self.steps + [("add_local_python_source", module_names)])

    # helpers for tests
    def packages(self) -> list[str]:
        return [p for kind, value in self.steps if kind == "pip_install" for p in value]

    def environment(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for kind, value in self.steps:
            if kind == "env":
                merged.update(value)
        return merged

    def local_sources(self) -> list[str]:
        return [m for kind, value in self.steps if kind == "add_local_python_source" for m in value]


class Volume:
    def __init__(self, name: str) -> None:
        self.name = name
        self.commits = 0
        self.reloads = 0

    @staticmethod
    def from_name(name: str, *, environment_name: str | None = None, create_if_missing: bool = False,
                  version: Any = None) -> "Volume":
        return Volume(name)

    def commit(self) -> None:
        self.commits += 1

    def reload(self) -> None:
        self.reloads += 1


class Secret:
    def __init__(self, name: str | None, required_keys: list[str] | None = None,
                 values: dict[str, str] | None = None) -> None:
        self.name, self.required_keys, self.values = name, list(required_keys or []), values

    @staticmethod
    def from_name(name: str, *, environment_name: str | None = None, required_keys: list[str] | None = None) -> "Secret":
        return Secret(name, required_keys)

    @staticmethod
    def from_dict(env_dict: dict[str, str | None] | None = None) -> "Secret":
        assert all(isinstance(v, str) for v in (env_dict or {}).values())
        return Secret(None, values=dict(env_dict or {}))


class Dict:
    def __init__(self, name: str) -> None:
        self.name = name
        self.data: dict[str, Any] = {}

    @staticmethod
    def from_name(name: str, *, environment_name: str | None = None, create_if_missing: bool = False) -> "Dict":
        return Dict(name)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def put(self, key: str, value: Any, *, skip_if_exists: bool = False) -> bool:
        if skip_if_exists and key in self.data:
            return False
        self.data[key] = value
        return True

    def pop(self, key: str) -> Any:
        return self.data.pop(key)

    def items(self) -> Any:
        return list(self.data.items())


class Period:
    def __init__(self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: float = 0) -> None:
        self.seconds = days * 86400 + hours * 3600 + minutes * 60 + seconds


class _Spawnable:
    """A decorated method; `Class().run.spawn(x)` records the call like Modal queues it."""

    def __init__(self, fn: Callable[..., Any], owner: "FakeApp") -> None:
        self.fn, self.owner = fn, owner

    def __set_name__(self, cls: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, cls: type) -> Any:
        owner, fn = self.owner, self.fn
        name = getattr(self, "name", fn.__name__)
        bound = types.SimpleNamespace(
            spawn=lambda *a, **k: owner.spawned.append((cls.__name__, name, a, k)),
            remote=lambda *a, **k: fn(instance, *a, **k),
            local=lambda *a, **k: fn(instance, *a, **k),
        )
        return bound


_CURRENT_APP: list["FakeApp"] = []


def enter(*, snap: bool = False) -> Callable[[Callable], Callable]:
    def mark(fn: Callable) -> Callable:
        fn.__modal_enter__ = True  # type: ignore[attr-defined]
        return fn
    return mark


def exit() -> Callable[[Callable], Callable]:  # noqa: A001 (Modal's name)
    def mark(fn: Callable) -> Callable:
        fn.__modal_exit__ = True  # type: ignore[attr-defined]
        return fn
    return mark


def method(*, is_generator: bool | None = None) -> Callable[[Callable], Any]:
    def mark(fn: Callable) -> Any:
        fn.__modal_method__ = True  # type: ignore[attr-defined]
        return fn
    return mark


def concurrent(*, max_inputs: int, target_inputs: int | None = None) -> Callable[[Callable], Callable]:
    assert isinstance(max_inputs, int) and max_inputs >= 1

    def mark(fn: Callable) -> Callable:
        fn.__modal_concurrent__ = max_inputs  # type: ignore[attr-defined]
        return fn
    return mark


def asgi_app(*, label: str | None = None, custom_domains: Any = None,
             requires_proxy_auth: bool = False) -> Callable[[Callable], Callable]:
    def mark(fn: Callable) -> Callable:
        fn.__modal_asgi__ = {"label": label, "requires_proxy_auth": requires_proxy_auth}  # type: ignore[attr-defined]
        return fn
    return mark


def is_local() -> bool:
    return True


class FakeApp:
    def __init__(self, name: str | None = None, *, image: Image | None = None, secrets: list | None = None,
                 volumes: dict | None = None, include_source: bool | None = None) -> None:
        self.name = name
        self.classes: dict[str, dict[str, Any]] = {}
        self.functions: dict[str, dict[str, Any]] = {}
        self.spawned: list[tuple[str, str, tuple, dict]] = []
        _CURRENT_APP.append(self)

    def cls(self, *, image: Image | None = None, secrets: list | None = None, gpu: str | None = None,
            cpu: float | None = None, memory: int | None = None, volumes: dict | None = None,
            min_containers: int | None = None, max_containers: int | None = None,
            buffer_containers: int | None = None, scaledown_window: int | None = None, timeout: int = 300,
            retries: Any = None, cloud: str | None = None, region: Any = None,
            enable_memory_snapshot: bool = False) -> Callable[[type], type]:
        options = {k: v for k, v in locals().items() if k != "self"}

        def register(cls: type) -> type:
            for name, member in list(vars(cls).items()):
                if getattr(member, "__modal_method__", False):
                    spawnable = _Spawnable(member, self)
                    spawnable.name = name
                    setattr(cls, name, spawnable)
            self.classes[cls.__name__] = {"cls": cls, **options}
            return cls
        return register

    def function(self, *, image: Image | None = None, secrets: list | None = None, gpu: str | None = None,
                 cpu: float | None = None, memory: int | None = None, volumes: dict | None = None,
                 min_containers: int | None = None, max_containers: int | None = None,
                 scaledown_window: int | None = None, timeout: int = 300, schedule: Period | None = None,
                 retries: Any = None) -> Callable[[Callable], Callable]:
        options = {k: v for k, v in locals().items() if k != "self"}

        def register(fn: Callable) -> Callable:
            self.functions[fn.__name__] = {"fn": fn, **options}
            return fn
        return register


def install() -> types.ModuleType:
    """A module object to put in sys.modules["modal"]."""
    module = types.ModuleType("modal")
    for name, value in {"App": FakeApp, "Image": Image, "Volume": Volume, "Secret": Secret, "Dict": Dict,
                        "Period": Period, "enter": enter, "exit": exit, "method": method, "concurrent": concurrent,
                        "asgi_app": asgi_app, "is_local": is_local}.items():
        setattr(module, name, value)
    return module
