"""Set K's inputs in the tool's schema: ``outside_cases_k.jsonl`` to ``_k_schema.jsonl``.

Set K was written from a brief that named some input fields and values wrongly. This maps
them, mechanically and for every case alike; no expected cause is touched:

- ``destination`` -> ``to``; ``prior_stop`` -> ``recipient_opted_out``; ``country`` is
  dropped (the tool reads the country from the number);
- ``origin``: ``automated`` -> ``automation``, ``agent_initiated`` -> ``proactive`` (an agent
  starting the conversation), ``customer_initiated`` -> ``agent_reply``, ``ivr`` ->
  ``ivr_to_sms``;
- ``consent``: true -> ``express``, false -> ``none``;
- ``expected_verdict``: ``undelivered`` -> ``undeliverable``.

Run: ``python eval/k_schema.py`` (the output is committed; the input stays frozen).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
ORIGINS = {
    "automated": "automation",
    "agent_initiated": "proactive",
    "customer_initiated": "agent_reply",
    "ivr": "ivr_to_sms",
}


def mapped(case: dict[str, object]) -> dict[str, object]:
    inp = dict(case["input"])  # type: ignore[call-overload]
    if "destination" in inp:
        inp["to"] = inp.pop("destination")
    if "prior_stop" in inp:
        inp["recipient_opted_out"] = inp.pop("prior_stop")
    inp.pop("country", None)
    if inp.get("origin") in ORIGINS:
        inp["origin"] = ORIGINS[inp["origin"]]
    if isinstance(inp.get("consent"), bool):
        inp["consent"] = "express" if inp["consent"] else "none"
    out = dict(case, input=inp)
    if out.get("expected_verdict") == "undelivered":
        out["expected_verdict"] = "undeliverable"
    return out


def main() -> None:
    src = HERE / "outside_cases_k.jsonl"
    lines = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    text = "".join(json.dumps(mapped(c), ensure_ascii=False) + "\n" for c in lines)
    (HERE / "outside_cases_k_schema.jsonl").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
