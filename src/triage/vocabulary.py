"""The closed vocabularies of the public interface (`docs/decision-format.md`), made from
their one definition, `vocabularies.yaml` beside this module (values and the form's labels).

Values that are Dutch terms of art stay Dutch; the enum names are English where that helps.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

import yaml

# value -> the form's Dutch label (None: the form shows the rule book's words), per vocabulary
_SOURCE = Path(__file__).with_name("vocabularies.yaml")
_DATA: dict[str, object] = yaml.safe_load(_SOURCE.read_text(encoding="utf-8"))


def _labels(entry: object) -> dict[str, str | None]:
    if isinstance(entry, list):
        return dict.fromkeys(map(str, entry))
    assert isinstance(entry, Mapping), f"{_SOURCE.name}: a vocabulary is a mapping or a list"
    if "groups" in entry:
        return {value: label for group in entry["groups"].values() for value, label in group.items()}
    return dict(entry)


FORM_LABELS: dict[str, dict[str, str | None]] = {name: _labels(entry) for name, entry in _DATA.items()}
# the services in groups, by the law the form shows them under: group -> values
SERVICE_GROUPS: dict[str, list[str]] = {
    group: list(values)
    for group, values in _DATA["service"]["groups"].items()  # type: ignore[index]
}


# The closed vocabularies by the name rule data uses for them (catalogue.yaml `labels` gives
# the words messages show their values in).
VOCABULARIES: dict[str, type[StrEnum]] = {}


def _closed(class_name: str, name: str) -> type[StrEnum]:
    """The enum of one vocabulary: a member per value, named by the value in capitals."""
    members = [(value.upper(), value) for value in FORM_LABELS[name]]
    enum: type[StrEnum] = StrEnum(class_name, members, module=__name__, qualname=class_name)  # type: ignore[assignment]
    VOCABULARIES[name] = enum
    return enum


Law = _closed("Law", "law")
Service = _closed("Service", "service")
ChildProtection = _closed("ChildProtection", "child_protection")
Form = _closed("Form", "form")
Contract = _closed("Contract", "contract")
Perspective = _closed("Perspective", "perspective")
Referrer = _closed("Referrer", "referrer")
VolumeUnit = _closed("VolumeUnit", "volume_unit")
VolumePer = _closed("VolumePer", "volume_per")
Activity = _closed("Activity", "activity")


class FindingOutcome(StrEnum):
    """A finding's outcome; `conform` only ever appears as a verdict. (Named apart from the
    outcome model `triage.outcome.Outcome`, so that the API's schema names stay plain.)"""

    CONFORM = "conform"
    SIGNAAL = "signaal"
    CONFORM_MET_UITZONDERING = "conform_met_uitzondering"
    MOTIVERING_VEREIST = "motivering_vereist"
    NIET_CONFORM = "niet_conform"

    @property
    def severity(self) -> int:
        """Order used for the verdict; signals never count."""
        return _SEVERITY[self]


Outcome = FindingOutcome  # the name used throughout the code

_SEVERITY = {
    Outcome.CONFORM: 0,
    Outcome.SIGNAAL: 0,
    Outcome.CONFORM_MET_UITZONDERING: 1,
    Outcome.MOTIVERING_VEREIST: 2,
    Outcome.NIET_CONFORM: 3,
}


class PriorityClass(StrEnum):
    CRISIS = "crisis"
    VOORRANG = "voorrang"
    REGULIER = "regulier"

    @property
    def rank(self) -> int:
        """Lower is more urgent."""
        return {"crisis": 0, "voorrang": 1, "regulier": 2}[self.value]
