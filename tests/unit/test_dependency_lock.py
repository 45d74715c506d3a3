"""The lock file installs exactly what pyproject.toml pins, every package with its hashes, so a
Werkzeug or Jinja2 that drifts under the hand-written calendar cells cannot arrive unnoticed."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.M)


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + [
        line for extra in project["optional-dependencies"].values() for line in extra
    ]
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def locked(text: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def lock_text() -> str:
    return (ROOT / "requirements.lock").read_text(encoding="utf-8")


def mismatches(pins: dict[str, str], lock: dict[str, str]) -> dict[str, tuple]:
    return {name: (v, lock.get(name)) for name, v in pins.items() if lock.get(name) != v}


def test_every_pin_in_pyproject_is_locked_at_the_same_version():
    assert mismatches(pyproject_pins(), locked(lock_text())) == {}


def test_every_locked_package_carries_hashes():
    entries = [e for e in re.split(r"\n(?=[A-Za-z0-9])", lock_text()) if PIN.match(e)]
    unhashed = [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry]
    assert entries
    assert unhashed == []


def test_every_direct_dependency_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    loose = [line for line in project["dependencies"] if "==" not in line]
    assert loose == []


def test_a_pin_changed_without_the_lock_is_reported():
    """The check can fail: a Flask pin moved in pyproject.toml but not in the lock."""
    pins = {**pyproject_pins(), "flask": "9.9.9"}
    assert mismatches(pins, locked(lock_text()))["flask"][0] == "9.9.9"
