"""Small helpers for driving the production stack like a browser and an API client would."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import httpx

HIDDEN = re.compile(r'name="(csrf_token|form_key)"[^>]*value="([^"]*)"')
SLOT = re.compile(r'name="start"[^>]*value="(\d{4}-\d\d-\d\dT[^"]+)"')


def hidden_fields(page: str) -> dict[str, str]:
    return dict(HIDDEN.findall(page))


def offered_slots(page: str) -> list[str]:
    return SLOT.findall(page)


def free_slots(client: httpx.Client, days: int = 14) -> list[str]:
    today = date.today()
    response = client.get(
        "/api/v1/slots",
        params={"start": today.isoformat(), "end": (today + timedelta(days=days)).isoformat()},
    )
    response.raise_for_status()
    return [slot["start"] for slot in response.json()["slots"]]


def booking(start: str, number: int) -> dict:
    return {
        "topics": ["work"],
        "language": "de",
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "consent": True,
        "start": start,
    }


def answered_by(folder: Path, request_id: str) -> str:
    """Which app server wrote the JSON log line of this request (app1 or app2)."""
    for log in sorted(folder.glob("app*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("{") and json.loads(line).get("request_id") == request_id:
                return log.stem
    raise AssertionError(f"no server logged request {request_id}")
