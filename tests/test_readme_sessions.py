"""The README's example sessions are what the tool prints today.

Every ```console block right after a ``<!-- session: checked by tests/test_readme_sessions.py
-->`` line is run here: each ``$ `` line (``\\`` continues it) in a shell, in an empty
directory where ``tests/`` points at this checkout's, with the virtualenv's ``bin`` first on
``PATH`` as the README tells readers to have it; stdout and stderr together, as a terminal
shows them. The output must match the lines under the command, where a line ``...`` stands
for any number of lines and a run time ("in 2.2s (16 rows/s)") for any other.

``python tests/test_readme_sessions.py`` prints what each session prints now, to paste.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARKER = "<!-- session: checked by tests/test_readme_sessions.py -->"
ELIDED = "..."
_TIMING = re.compile(r"in \d+(?:\.\d+)?s \([\d,.]+k? rows/s\)")


@dataclass(frozen=True)
class Step:
    """One ``$`` command of a session and the output the README shows for it."""

    command: str
    expected: tuple[str, ...]
    line: int


def sessions(text: str) -> list[list[Step]]:
    """The marked console blocks of ``text``, each as its commands and outputs."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.strip() != MARKER:
            continue
        assert lines[i + 1].strip() == "```console", f"README line {i + 2}: a console block"
        end = lines.index("```", i + 2)
        found.append(_steps(lines[i + 2 : end], first_line=i + 3))
    return found


def _steps(block: list[str], first_line: int) -> list[Step]:
    steps: list[Step] = []
    command: list[str] = []
    output: list[str] = []
    start = first_line
    for n, line in enumerate(block, start=first_line):
        if line.startswith("$ ") and not (command and command[-1].endswith("\\")):
            if command:
                steps.append(Step("\n".join(command), tuple(output), start))
            command, output, start = [line[2:]], [], n
        elif command and command[-1].endswith("\\") and not output:
            command.append(line)
        else:
            output.append(line)
    if command:
        steps.append(Step("\n".join(command), tuple(output), start))
    return steps


def run(step: Step, cwd: Path) -> list[str]:
    """What the command prints, as a terminal user with the virtualenv active sees it."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as on a terminal
        "SMS_DIAGNOSE_DB": f"sqlite:///{cwd / 'feedback.sqlite3'}",
        "COLUMNS": "100",
    }
    done = subprocess.run(
        ["bash", "-c", step.command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout.splitlines()


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """``expected`` with its ``...`` lines as "any lines", run times as any run time."""
    exp = [_TIMING.sub("in <time>", x.rstrip()) for x in expected]
    act = [_TIMING.sub("in <time>", x.rstrip()) for x in actual]
    while exp and not exp[-1]:
        exp.pop()
    while act and not act[-1]:
        act.pop()
    return _match(exp, act)


def _match(exp: list[str], act: list[str]) -> bool:
    if not exp:
        return not act
    if exp[0] == ELIDED:
        return any(_match(exp[1:], act[i:]) for i in range(len(act) + 1))
    return bool(act) and exp[0] == act[0] and _match(exp[1:], act[1:])


def _workdir(tmp: Path) -> Path:
    (tmp / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    return tmp


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def test_the_readme_has_checked_sessions() -> None:
    assert len(SESSIONS) >= 2
    assert all(step.expected for session in SESSIONS for step in session[-1:])


@pytest.mark.parametrize("session", SESSIONS, ids=[f"line{s[0].line}" for s in SESSIONS])
def test_readme_session_prints_what_the_readme_shows(session: list[Step], tmp_path: Path) -> None:
    cwd = _workdir(tmp_path)
    for step in session:
        actual = run(step, cwd)
        assert matches(step.expected, actual), (
            f"README line {step.line}: `{step.command}` now prints:\n"
            + "\n".join(actual)
            + "\n\n(python tests/test_readme_sessions.py prints every session to paste)"
        )


def test_the_matcher_is_strict_where_the_readme_is() -> None:
    assert matches(("a", ELIDED, "d"), ["a", "b", "c", "d"])
    assert matches(("x in 2.1s (17 rows/s)",), ["x in 0.9s (40 rows/s)"])
    assert not matches(("a", "b"), ["a", "b", "c"])
    assert not matches(("a", ELIDED, "d"), ["a", "b", "c"])
    assert not matches(("Suggested rewrite (passes every body rule):",), ["Corrected message"])


if __name__ == "__main__":
    import tempfile

    for session in SESSIONS:
        with tempfile.TemporaryDirectory() as tmp:
            cwd = _workdir(Path(tmp))
            print(f"--- README line {session[0].line}")
            for step in session:
                print(f"$ {step.command}")
                print("\n".join(run(step, cwd)))
