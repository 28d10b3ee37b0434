"""Opening straight into an assessment (issue 16, SPEC P2): work kept off the walker's first frame."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_the_walker_builds_no_pydantic_schema():
    """Each schema costs milliseconds to build; a model is built when it is first validated (the
    answers, on the first frame), never because a module that mentions it was imported."""
    out = _run("""
        import sys
        import aims_tui.tui.screens.walker
        from pydantic import BaseModel
        built = sorted(f"{name}.{cls.__name__}" for name, module in list(sys.modules.items())
                       if name.startswith("aims_tui.") for cls in vars(module).values()
                       if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == name
                       and cls.__pydantic_complete__)
        print(built)
    """)
    assert out == "[]"
