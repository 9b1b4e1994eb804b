"""A rule book with parameter values set by hand (`triage impact --set`), without a second
rule folder: `zuidoost-utrecht.max_term_months_activerend=12`.

`REGION.PARAMETER=VALUE` gives every region-wide value of the parameter (each dated entry
without a municipality) the new value, keeping its dates and source; a parameter without
any value gets one that holds on every date. `REGION.MUNICIPALITY.PARAMETER=VALUE` does the
same for that municipality's own values (or adds one, from the first date of the
region-wide values). VALUE is read as YAML: `12`, `[begeleiding_wmo, dagbesteding_wmo]`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

import yaml
from pydantic import ValidationError

from triage.rulebook.loader import Rulebook
from triage.rulebook.model import Parameter, ParameterValue


class SettingError(ValueError):
    """A `--set` that cannot be applied; the message says why, in Dutch."""


@dataclasses.dataclass(frozen=True)
class Setting:
    region: str
    municipality: str | None
    parameter: str
    value: Any
    text: str  # as given


def parse_setting(text: str) -> Setting:
    """`REGION[.MUNICIPALITY].PARAMETER=VALUE`."""
    target, equals, raw = text.partition("=")
    parts = [part.strip() for part in target.split(".")]
    if not equals or len(parts) not in (2, 3) or not all(parts):
        raise SettingError(
            f"--set {text!r}: schrijf REGIO.PARAMETER=WAARDE of REGIO.GEMEENTE.PARAMETER=WAARDE, "
            "bijvoorbeeld zuidoost-utrecht.max_term_months_activerend=12"
        )
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        raise SettingError(f"--set {text!r}: de waarde is geen getal, tekst of lijst [a, b]") from None
    region, parameter = parts[0], parts[-1]
    return Setting(region, parts[1] if len(parts) == 3 else None, parameter, value, text)


def with_settings(book: Rulebook, settings: list[Setting]) -> Rulebook:
    """A copy of `book` with the settings applied; its version says it was changed so."""
    regions = dict(book.regions)
    for setting in settings:
        data = regions.get(setting.region)
        if data is None:
            raise SettingError(f"--set {setting.text!r}: onbekende regio; bekend: {', '.join(regions)}")
        parameter = data.parameters.get(setting.parameter)
        if parameter is None:
            known = ", ".join(data.parameters) or "geen"
            raise SettingError(
                f"--set {setting.text!r}: regio {setting.region} heeft geen parameter {setting.parameter!r}; "
                f"bekend: {known}"
            )
        municipality = setting.municipality
        if municipality is not None:
            found = next(
                (m.name for m in data.municipalities if m.name.casefold() == municipality.casefold()), None
            )
            if found is None:
                raise SettingError(
                    f"--set {setting.text!r}: gemeente {municipality!r} hoort niet bij {setting.region}"
                )
            municipality = found
        changed = _set(parameter, municipality, setting.value)
        try:
            changed = Parameter.model_validate(changed.model_dump())
        except ValidationError:
            raise SettingError(
                f"--set {setting.text!r}: de waarde past niet bij de soort parameter ({parameter.kind})"
            ) from None
        regions[setting.region] = data.model_copy(
            update={"parameters": {**data.parameters, setting.parameter: changed}}
        )
    digest = hashlib.sha256(book.version.encode())
    for setting in settings:
        digest.update(b"\0" + setting.text.encode())
    return dataclasses.replace(book, regions=regions, version=digest.hexdigest()[:16])


def _set(parameter: Parameter, municipality: str | None, value: Any) -> Parameter:
    values = list(parameter.values)
    mine = [i for i, v in enumerate(values) if v.municipality == municipality]
    for index in mine:
        values[index] = values[index].model_copy(update={"value": value})
    if not mine:
        first = min((v.valid_from for v in values if v.municipality is None), default=dt.date.min)
        values.append(ParameterValue(value=value, valid_from=first, municipality=municipality))
    return parameter.model_copy(update={"values": values})
