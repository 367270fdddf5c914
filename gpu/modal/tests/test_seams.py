"""The seam is enforced: heavy libraries only in app.py and pipelines/*_runtime.py; the pure package
uses the standard library, numpy and Pillow only; nothing heavy is imported at app.py's top level."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from conftest import MODAL_DIR

HEAVY = {"modal", "torch", "diffusers", "transformers", "accelerate", "bitsandbytes", "fastapi", "starlette",
         "huggingface_hub", "safetensors", "imageio_ffmpeg", "imageio"}
PURE_ALLOWED = set(sys.stdlib_module_names) | {"numpy", "PIL", "gooni_worker"}


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_pure_package_imports_only_stdlib_numpy_and_pillow() -> None:
    for path in sorted((MODAL_DIR / "gooni_worker").glob("*.py")):
        extra = imports(path) - PURE_ALLOWED
        assert not extra, f"{path.name} imports {extra}"


def test_heavy_libraries_appear_only_in_app_py_and_runtime_modules() -> None:
    for path in sorted(MODAL_DIR.rglob("*.py")):
        relative = path.relative_to(MODAL_DIR)
        if relative.parts[0] == "tests" or path.name == "app.py" or path.name.endswith("_runtime.py"):
            continue
        assert not imports(path) & HEAVY, f"{relative} imports {imports(path) & HEAVY}"


def test_app_py_imports_only_modal_at_top_level_no_gpu_stack() -> None:
    top = imports(MODAL_DIR / "app.py", top_level_only=True)
    assert top & HEAVY == {"modal"}


def test_every_runtime_module_compiles() -> None:
    for path in sorted((MODAL_DIR / "pipelines").glob("*.py")):
        compile(path.read_text(), str(path), "exec")
