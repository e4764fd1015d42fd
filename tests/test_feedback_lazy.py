"""The feedback command costs nothing for everyone else: `sms-diagnose check` never imports
SQLAlchemy, Alembic or psycopg, and the library proper never imports diagnose.feedback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_a_check_does_not_import_the_database_libraries(tmp_path: Path) -> None:
    src = tmp_path / "m.json"
    src.write_text(json.dumps({"body": "hi", "error": "30007"}), encoding="utf-8")
    code = (
        "import sys; from diagnose.cli import main; "
        f"status = main(['check', '--rules-only', {str(src)!r}]); "
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'psycopg', 'scipy') if m in sys.modules]; "
        "print(status, heavy, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "0 []"


def test_feedback_is_registered_and_lists_its_actions(capsys: object) -> None:
    import pytest

    from diagnose.cli import main

    with pytest.raises(SystemExit) as done:
        main(["feedback", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    for action in ("add", "report", "export", "purge", "where"):
        assert action in out


def test_an_unreachable_database_is_a_clear_error(capsys: object) -> None:
    from diagnose.cli import main

    code = main(["feedback", "report", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert code == 4
    assert "feedback database postgresql+psycopg://nobody@127.0.0.1:1/none" in err
    assert "Connection refused" in err and "Traceback" not in err
