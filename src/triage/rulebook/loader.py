"""Load `rules/` into a `Rulebook`, refusing any mistake with file, line and rule id.

Layout: `rules/catalogue.yaml` (documents, principles, exception grounds);
`rules/<region>/region.yaml` (municipalities, segments, dated parameters);
`rules/<region>/<group>.yaml` (rules); `rules/cross-region/` for the statutory frame.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from triage.contracts.facts import CONTRACT_FACTS
from triage.fact_types import FactType
from triage.facts import FACTS, FactSpec
from triage.rulebook.conditions import (
    ComputedRef,
    ConditionError,
    DateExpr,
    FactRef,
    ParamRef,
    Test,
    operand_references,
    walk_tests,
)
from triage.rulebook.literals import literal_duplicates
from triage.rulebook.model import (
    CROSS_REGION,
    POPULATION_TEMPLATE_NAMES,
    REGIONAL_SOURCE,
    Catalogue,
    Document,
    Municipality,
    Parameter,
    Rule,
    RuleFile,
    Segment,
    Source,
)
from triage.rulebook.model import RegionData as RegionSchema
from triage.rulebook.operators import ANY_BUT_LIST, OPERATORS, TYPE_WORDS
from triage.suggestion import SUGGESTIBLE_FIELDS
from triage.validation_messages import describe_error
from triage.vocabulary import VOCABULARIES, Outcome
from triage.yaml_source import line_of, load_yaml

# Names a message or remedy may use besides facts, parameters and computed values.
TEMPLATE_EXTRAS = {"segment_name", "segment_note", "region_name", "regional_document", "start_by"}


class RuleBookError(Exception):
    """Rule files with mistakes; every problem is listed as `file:line: [rule] what`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Regelbestanden geweigerd:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass
class Rulebook:
    """Everything loaded from a rules directory; read-only after loading."""

    root: Path
    catalogue: Catalogue
    regions: dict[str, RegionSchema]
    rules: list[Rule]
    version: str
    files: list[str] = field(default_factory=list)
    # rules about a contract of the register and about the population of decisions (`level`);
    # `rules` holds the decision rules only, which the engines compile
    contract_rules: list[Rule] = field(default_factory=list)
    population_rules: list[Rule] = field(default_factory=list)

    def all_rules(self) -> list[Rule]:
        """Every rule of every level: decision, contract, population."""
        return [*self.rules, *self.contract_rules, *self.population_rules]

    @functools.cached_property
    def units(self) -> dict[str, tuple[str, str]]:
        """Number parameter -> (unit for every amount but one, unit for 1): how texts show it."""
        found: dict[str, tuple[str, str]] = {}
        for data in self.regions.values():
            for name, parameter in data.parameters.items():
                if parameter.kind == "number" and parameter.unit:
                    found[name] = (parameter.unit, parameter.unit_one or parameter.unit)
        return found

    @functools.cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        """Fact or parameter -> value -> Dutch words, for those whose values are a closed
        vocabulary: how messages show them ("begeleiding_wmo" as "Wmo-begeleiding")."""
        found = {
            name: self.catalogue.labels[spec.vocabulary]
            for name, spec in FACTS.items()
            if spec.vocabulary in self.catalogue.labels
        }
        for data in self.regions.values():
            for name, parameter in data.parameters.items():
                if parameter.vocabulary in self.catalogue.labels:
                    found[name] = self.catalogue.labels[parameter.vocabulary]
        return found

    @functools.cached_property
    def parameter_descriptions(self) -> dict[str, str]:
        """Parameter -> its description in the rule files (the first region's that has it),
        which is how pages and reports label it."""
        found: dict[str, str] = {}
        for data in self.regions.values():
            for name, parameter in data.parameters.items():
                found.setdefault(name, " ".join(parameter.description.split()))
        return found

    @property
    def region_names(self) -> list[str]:
        """The regions: every folder of the rules but cross-region (whose rules hold in all)."""
        return [name for name in self.regions if name != CROSS_REGION]

    def rules_for(self, region: str) -> list[Rule]:
        """Cross-region rules and the region's own, in file order."""
        return [rule for rule in self.rules if rule.region in (CROSS_REGION, region)]

    def in_force(self, region: str, on: dt.date) -> list[Rule]:
        """The rules that apply to the region's decisions on a given date."""
        return [rule for rule in self.rules_for(region) if rule.in_force(on)]

    def principle_name(self, principle: str) -> str:
        return next(p.name for p in self.catalogue.principles if p.id == principle)

    def ground_description(self, ground: str) -> str:
        return next(g.description for g in self.catalogue.grounds if g.id == ground)

    def document_title(self, document: str) -> str:
        return next(d.title for d in self.catalogue.documents if d.id == document)

    def document(self, document: str) -> Document:
        return next(d for d in self.catalogue.documents if d.id == document)

    def region_document(self, region: str) -> Document | None:
        """The region's own policy document (catalogue.yaml), None for cross-region."""
        return next((d for d in self.catalogue.documents if d.region == region), None)

    @property
    def first_rules_date(self) -> dt.date:
        """The first day any rule is in force (the Jeugdwet and the Wmo 2015 took effect on
        2015-01-01): decisions dated earlier have no rules and are refused."""
        return min(rule.valid_from for rule in self.rules if rule.valid_from)

    def dated_municipalities(self) -> list[tuple[str, Municipality]]:
        """(region, municipality) of the municipalities that joined or left on a date."""
        return [
            (region, municipality)
            for region, data in self.regions.items()
            for municipality in data.municipalities
            if municipality.valid_from or municipality.valid_to
        ]

    def find_municipality(self, name_or_code: str) -> tuple[str, Municipality] | None:
        """(region, municipality) for a name (any case) or 4-digit CBS code."""
        wanted = name_or_code.strip().casefold()
        for region, data in self.regions.items():
            for municipality in data.municipalities:
                if wanted in (municipality.name.casefold(), municipality.cbs):
                    return region, municipality
        return None

    def parameters(self, region: str, municipality: str, on: dt.date) -> dict[str, Any]:
        """Parameter values in force on `on` (region over cross-region, municipality over
        region); a parameter without a value in force is absent."""
        values: dict[str, Any] = {}
        for scope in (CROSS_REGION, region):
            data = self.regions.get(scope)
            if data is None:
                continue
            for name, parameter in data.parameters.items():
                chosen = parameter.value_on(municipality, on)
                if chosen is not None:
                    values[name] = chosen.value
                else:
                    values.pop(name, None)
        return values

    def segment(self, region: str, service: str, parameters: dict[str, Any]) -> Segment | None:
        """The first segment of the region that holds the service."""
        for segment in self.regions[region].segments:
            if service in segment.services:  # str enum members: equal to their value
                return segment
            if segment.services_param and service in parameters.get(segment.services_param, []):
                return segment
        return None


def default_rules_dir() -> Path:
    """`$TRIAGE_RULES`, else the repository's `rules/`, else the copy bundled in the wheel."""
    if env := os.environ.get("TRIAGE_RULES"):
        return Path(env)
    here = Path(__file__).resolve()
    checkout = here.parents[3] / "rules"
    if (checkout / "catalogue.yaml").exists():
        return checkout
    return here.parents[1] / "_bundled_rules"


class _Problems:
    def __init__(self, root: Path):
        self.root = root
        self.items: list[str] = []

    def add(self, path: Path, line: int | None, what: str, rule: str | None = None) -> None:
        where = f"{path.relative_to(self.root.parent) if path.is_relative_to(self.root.parent) else path}"
        where += f":{line}" if line else ""
        self.items.append(f"{where}: {f'[{rule}] ' if rule else ''}{what}")


def _pydantic_problems(exc: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        _, message = describe_error(error)
        if isinstance(error.get("ctx", {}).get("error"), ConditionError):
            inner: ConditionError = error["ctx"]["error"]
            loc = loc + inner.path
            message = str(inner)
        field_name = ".".join(str(p) for p in loc)
        if error["type"] == "extra_forbidden":
            message = "onbekende sleutel"
        elif error["type"] == "missing":
            message = "verplichte sleutel ontbreekt"
        out.append((loc, f"{field_name}: {message}" if field_name else message))
    return out


def load_rulebook(root: Path | None = None) -> Rulebook:
    """Read and check every file under `root`; raise `RuleBookError` listing all mistakes."""
    root = (root or default_rules_dir()).resolve()
    problems = _Problems(root)
    digest = hashlib.sha256()
    files: list[str] = []

    def read(path: Path) -> Any:
        text = path.read_text(encoding="utf-8")
        digest.update(str(path.relative_to(root)).encode() + b"\0" + text.encode() + b"\0")
        files.append(str(path.relative_to(root)))
        try:
            return load_yaml(text)
        except Exception as exc:  # yaml.YAMLError and constructor errors
            mark = getattr(exc, "problem_mark", None)
            problems.add(path, mark.line + 1 if mark else None, f"geen geldige YAML: {exc}")
            return None

    catalogue_path = root / "catalogue.yaml"
    if not catalogue_path.exists():
        raise RuleBookError([f"{catalogue_path}: ontbreekt (geen regelmap?)"])
    raw = read(catalogue_path)
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise RuleBookError(
            [f"{catalogue_path}:{line_of(raw, loc) or ''}: {msg}" for loc, msg in _pydantic_problems(exc)]
        ) from None

    regions: dict[str, RegionSchema] = {}
    rules: list[Rule] = []
    region_dirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for region_dir in region_dirs:
        region_path = region_dir / "region.yaml"
        if not region_path.exists():  # every folder of rules/ is a region, described in its region.yaml
            problems.add(region_dir, None, "map zonder region.yaml: een regio beschrijft zich in region.yaml")
            continue
        raw = read(region_path)
        if raw is not None:
            try:
                regions[region_dir.name] = RegionSchema.model_validate(raw)
            except ValidationError as exc:
                for loc, msg in _pydantic_problems(exc):
                    problems.add(region_path, line_of(raw, loc), msg)
        for rule_path in sorted(region_dir.glob("*.yaml")):
            if rule_path.name == "region.yaml":
                continue
            raw = read(rule_path)
            if raw is not None:
                rules += _load_rule_file(rule_path, raw, region_dir.name, problems)

    if not problems.items:
        _check_references(root, catalogue, regions, rules, problems)
    if problems.items:
        raise RuleBookError(problems.items)
    return Rulebook(
        root,
        catalogue,
        regions,
        [rule for rule in rules if rule.level == "decision"],
        digest.hexdigest()[:16],
        files,
        contract_rules=[rule for rule in rules if rule.level == "contract"],
        population_rules=[rule for rule in rules if rule.level == "population"],
    )


def _load_rule_file(path: Path, raw: Any, region: str, problems: _Problems) -> list[Rule]:
    try:
        header = RuleFile.model_validate(raw)
    except ValidationError as exc:
        for loc, msg in _pydantic_problems(exc):
            if loc and loc[0] == "rules" and len(loc) > 1:
                continue  # reported per rule below
            problems.add(path, line_of(raw, loc), msg)
        return []
    if header.region != region:
        problems.add(path, line_of(raw, ()), f"region {header.region!r} hoort in map {region!r}")
    loaded = []
    for index, raw_rule in enumerate(raw["rules"]):  # the raw mappings know their lines
        rule_id = raw_rule.get("id") if isinstance(raw_rule, dict) else None
        line = getattr(raw_rule, "line", None)
        if not isinstance(raw_rule, dict):
            problems.add(path, line_of(raw, ("rules",)), f"rules[{index}]: verwacht een regel")
            continue
        merged_source = dict(header.source.model_dump(exclude_none=True))
        merged_source.update(raw_rule.get("source") or {})
        data = {
            **raw_rule,
            "source": merged_source,
            "valid_from": raw_rule.get("valid_from", header.valid_from),
            "valid_to": raw_rule.get("valid_to", header.valid_to),
            "level": raw_rule.get("level", header.level or "decision"),
            "region": region,
            "file": str(path),
            "line": line or 0,
        }
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            for loc, msg in _pydantic_problems(exc):
                problems.add(path, line_of(raw_rule, loc) or line, msg, rule_id)
            continue
        if rule.valid_from is None:
            problems.add(path, line, "valid_from ontbreekt (in de regel of het bestand)", rule_id)
            continue
        if rule.unless is not None and rule.outcome == Outcome.SIGNAAL:
            problems.add(
                path,
                line_of(raw_rule, ("unless",)) or line,
                "unless bij een signaal: een signaal telt nooit mee voor het oordeel, dus een"
                " uitzondering verandert niets; laat unless weg",
                rule_id,
            )
            continue
        loaded.append(rule)
    return loaded


def _check_references(
    root: Path,
    catalogue: Catalogue,
    regions: dict[str, RegionSchema],
    rules: list[Rule],
    problems: _Problems,
) -> None:
    catalogue_path = root / "catalogue.yaml"
    for vocabulary, enum in VOCABULARIES.items():
        labels = catalogue.labels.get(vocabulary, {})
        missing = [member.value for member in enum if member.value not in labels]
        if missing:
            problems.add(
                catalogue_path, None, f"labels.{vocabulary}: Nederlandse woorden ontbreken voor {missing}"
            )
        for value in sorted(set(labels) - {member.value for member in enum}):
            problems.add(
                catalogue_path, None, f"labels.{vocabulary}: {value!r} hoort niet bij deze woordenlijst"
            )
    for vocabulary in sorted(set(catalogue.labels) - set(VOCABULARIES)):
        problems.add(catalogue_path, None, f"labels: onbekende woordenlijst {vocabulary!r}")
    principles = {p.id for p in catalogue.principles}
    documents = {d.id for d in catalogue.documents}
    grounds = {g.id for g in catalogue.grounds}
    cross_params = set(regions.get(CROSS_REGION, RegionSchema(region=CROSS_REGION, name="-")).parameters)
    declarations: dict[str, tuple[str, Parameter]] = {}  # parameter -> first (scope, declaration)
    starts = {d.region: d for d in catalogue.documents if d.region}
    region_names = tuple(name for name in regions if name != CROSS_REGION)
    for name in region_names:
        if name not in starts:
            problems.add(
                catalogue_path,
                None,
                f"regio {name!r} heeft geen eigen document: noem het in documents met region: {name}",
            )
    for name, data in regions.items():
        if data.region != name:
            problems.add(root / name / "region.yaml", None, f"region {data.region!r} ≠ map {name!r}")
        for document in data.documents:
            if document not in documents:
                problems.add(root / name / "region.yaml", None, f"onbekend document {document!r}")
        names = {m.name for m in data.municipalities}
        for parameter_name, parameter in data.parameters.items():
            where = root / name / "region.yaml"
            if parameter_name in FACTS:
                problems.add(
                    where, None, f"parameter {parameter_name!r} heeft de naam van een feit; kies een andere"
                )
            declared = declarations.setdefault(parameter_name, (name, parameter))
            if (declared[1].kind, declared[1].unit, declared[1].unit_one) != (
                parameter.kind,
                parameter.unit,
                parameter.unit_one,
            ):
                problems.add(
                    where,
                    None,
                    f"parameter {parameter_name!r}: kind en unit moeten gelijk zijn aan die in {declared[0]}",
                )
            if parameter.vocabulary is not None and parameter.vocabulary not in VOCABULARIES:
                problems.add(
                    where,
                    None,
                    f"parameter {parameter_name!r}: onbekende woordenlijst {parameter.vocabulary!r}",
                )
            for entry in parameter.values:
                if parameter.vocabulary in VOCABULARIES and isinstance(entry.value, list):
                    known = {member.value for member in VOCABULARIES[parameter.vocabulary]}
                    for item in entry.value:
                        if item not in known:
                            problems.add(
                                where,
                                None,
                                f"parameter {parameter_name!r}: {item!r} staat niet in woordenlijst"
                                f" {parameter.vocabulary}",
                            )
                if entry.municipality and entry.municipality not in names:
                    problems.add(
                        where, None, f"parameterwaarde voor onbekende gemeente {entry.municipality!r}"
                    )
                if parameter.kind == "municipality" and entry.value not in names:
                    problems.add(
                        where,
                        None,
                        f"parameter {parameter_name!r}: {entry.value!r} is geen gemeente van deze regio",
                    )

    seen: dict[str, Rule] = {}
    for rule in rules:
        path = Path(rule.file)

        def report(what: str, rule: Rule = rule, path: Path = path) -> None:
            problems.add(path, rule.line, what, rule.id)

        if rule.id in seen:
            report(f"id komt al voor in {seen[rule.id].file}:{seen[rule.id].line}")
        seen[rule.id] = rule
        if rule.principle not in principles:
            report(f"onbekend principe {rule.principle!r}; zie catalogue.yaml")
        if rule.source is not None and rule.source.document == REGIONAL_SOURCE:
            if rule.region != CROSS_REGION or rule.source.section or rule.source.quote:
                report(
                    "source {document: regional} is alleen voor regels in cross-region, zonder"
                    " section of quote: die komen uit catalogue.yaml (in_force_section, in_force_quote)"
                )
        else:
            _check_source(rule.source, documents, report)
        if rule.unless:
            for ground in rule.unless.grounds:
                if ground not in grounds:
                    report(f"onbekende uitzonderingsgrond {ground!r}; zie catalogue.yaml")
        region_params = regions.get(rule.region, RegionSchema(region=rule.region, name="-")).parameters
        params = cross_params | set(region_params)
        tables = {name for name, p in region_params.items() if p.kind == "table"}
        if rule.level != "contract":
            params -= tables  # a table (minimum tariffs) is read by contract facts only
        facts = CONTRACT_FACTS if rule.level == "contract" else FACTS
        for name, expr in rule.compute.items():
            _check_date_expr(expr, params, report, f"compute.{name}", facts)
        for label, condition in (("applies_to", rule.applies_to), ("when", rule.when)):
            for test in walk_tests(condition):
                _check_test(test, params, set(rule.compute), report, label, region_names, facts)
        within = rule.priority.start_within if rule.priority else None
        for named in (within.days, within.months) if within else ():
            if isinstance(named, str) and named not in params:
                report(f"priority.start_within: onbekende parameter {named!r}")
        allowed = set(facts) | params | set(rule.compute) | TEMPLATE_EXTRAS
        if rule.level == "population":
            allowed = params | POPULATION_TEMPLATE_NAMES
            signal = rule.measure.signal_when if rule.measure else None
            named = signal.operand if signal is not None else None
            if isinstance(named, ParamRef) and named.name not in params:
                report(f"measure.signal_when: onbekende parameter {named.name!r}")
            if rule.region == CROSS_REGION:
                report("een populatieregel hoort bij één regio, niet bij cross-region")
        if rule.per == "budget" and rule.level != "contract":
            report("per: budget hoort bij level contract")
        for name in sorted(rule.placeholders() - allowed):
            report(f"tekst gebruikt {{{name}}}: geen feit, parameter of compute-naam")
        for name in sorted(rule.title_placeholders() - params):
            report(
                f"title gebruikt {{{name}}}: een titel noemt alleen parameters"
                " (hij geldt voor elke beschikking)"
            )
        document = starts.get(rule.region)
        if document is not None and document.in_force_from and rule.valid_from < document.in_force_from:
            report(
                f"valid_from {rule.valid_from} ligt vóór {document.id} geldt ({document.in_force_from},"
                " catalogue.yaml): de regionaal-kader-signalering rekent op die datum"
            )
        for what in literal_duplicates(rule, regions):
            report(what)
        _check_suggest(rule, params, report, region_names)


def _known_values(
    name: str, region_names: tuple[str, ...], known_facts: dict[str, FactSpec] = FACTS
) -> tuple[str, ...] | None:
    """The values a fact may have when they are a closed list: its vocabulary, or the regions."""
    spec = known_facts.get(name)
    if spec is None:
        return None
    return region_names if spec.regions else spec.values


_SUGGEST_FORMS = "een waarde, {fact: naam}, {param: naam} of {computed: naam}"


def _check_suggest(rule: Rule, params: set[str], report, region_names: tuple[str, ...]) -> None:
    """A suggestion sets fields a suggestion may set, to a literal or a named value."""
    for name, operand in rule.suggest.items():
        where = f"suggest.{name}"
        if name not in SUGGESTIBLE_FIELDS:
            report(
                f"{where}: geen veld dat een voorstel kan zetten; verwacht een van: "
                + ", ".join(SUGGESTIBLE_FIELDS)
            )
        elif isinstance(operand, dict):
            kinds = [kind for kind in ("fact", "param", "computed") if kind in operand]
            if len(kinds) != 1 or len(operand) != 1:
                report(f"{where}: verwacht {_SUGGEST_FORMS}")
                continue
            known = {"fact": set(FACTS), "param": params, "computed": set(rule.compute)}[kinds[0]]
            if operand[kinds[0]] not in known:
                report(f"{where}: onbekende {kinds[0]}-naam {operand[kinds[0]]!r}")
        elif operand is None or isinstance(operand, list):
            report(f"{where}: verwacht {_SUGGEST_FORMS}")
        elif (known := _known_values(name, region_names)) and operand not in known:
            report(f"{where}: onbekende waarde {operand!r}; verwacht een van: " + ", ".join(known))


def _check_source(source: Source | None, documents: set[str], report) -> None:
    if source is None:
        report("source ontbreekt")
    elif source.document not in documents:
        report(f"onbekend document {source.document!r}; zie catalogue.yaml")
    elif not source.section:
        report("source.section ontbreekt: noem de paragraaf van het document")


def _check_date_expr(
    expr: DateExpr, params: set[str], report, where: str, facts: dict[str, FactSpec] = FACTS
) -> None:
    spec = facts.get(expr.base)
    if spec is None or spec.type is not FactType.DATE:
        report(f"{where}: {expr.base!r} is geen datumfeit")
    for name in sorted(expr.params() - params):
        report(f"{where}: onbekende parameter {name!r}")


def _check_test(
    test: Test,
    params: set[str],
    computed: set[str],
    report,
    where: str,
    region_names: tuple[str, ...],
    known_facts: dict[str, FactSpec] = FACTS,
) -> None:
    spec = known_facts.get(test.fact)
    if spec is None and test.fact in params:
        if test.operator != "missing":
            report(
                f"{where}.{test.fact}: een parameter toetst u alleen op `missing` (of de regio of"
                " gemeente hem heeft ingevuld); vergelijk een feit met {param: naam}"
            )
        return
    if spec is None:
        report(f"{where}: onbekend feit {test.fact!r}")
        return
    facts, used_params, used_computed = operand_references(test.operand)
    for name in facts - set(known_facts):
        report(f"{where}.{test.fact}: onbekend feit {name!r}")
    for name in used_params - params:
        report(f"{where}.{test.fact}: onbekende parameter {name!r}")
    for name in used_computed - computed:
        report(f"{where}.{test.fact}: onbekende compute-naam {name!r}")
    if isinstance(test.operand, DateExpr):
        _check_date_expr(test.operand, params, report, f"{where}.{test.fact}", known_facts)
    operator = test.operator
    fact_types = OPERATORS[operator].facts
    if spec.type not in fact_types and fact_types == ANY_BUT_LIST:
        report(f"{where}.{test.fact}: {test.fact} is een lijst; gebruik contains_any")
    elif spec.type not in fact_types:
        kinds = " of ".join(TYPE_WORDS[kind] for kind in sorted(fact_types))
        report(f"{where}.{test.fact}: {operator} is voor {kinds}; {test.fact} is {spec.type}")
    literals: tuple = ()
    if isinstance(test.operand, tuple):
        literals = test.operand
    elif not isinstance(test.operand, ParamRef | FactRef | ComputedRef | DateExpr | bool):
        literals = (test.operand,)
    if spec.type is FactType.DATE:
        for value in literals:
            if not isinstance(value, dt.date):
                report(f"{where}.{test.fact}: {value!r} is geen datum (JJJJ-MM-DD)")
    known = _known_values(test.fact, region_names, known_facts)
    if known:
        for value in literals:
            if value not in known:
                report(
                    f"{where}.{test.fact}: onbekende waarde {value!r}; verwacht een van: " + ", ".join(known)
                )
    if spec.type is FactType.BOOL and operator != "missing" and not isinstance(test.operand, bool):
        report(f"{where}.{test.fact}: verwacht true of false")
