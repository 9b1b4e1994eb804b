"""Generate N realistic decision files over all five regions (fixed seed), for timing `triage check`.

python bench/generate_decisions.py 1000 bench/data/decisions
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

from triage.rulebook.loader import load_rulebook
from triage.scenario import DAY_SERVICES, law_for
from triage.vocabulary import ChildProtection, Contract, Perspective, Service


def generate(count: int, seed: int = 20261122) -> list[dict]:
    """`count` decisions; the same seed gives the same decisions."""
    rng = random.Random(seed)
    book = load_rulebook()
    municipalities = [m.name for data in book.regions.values() for m in data.municipalities]
    services = [s.value for s in Service]
    decisions = []
    for number in range(count):
        service = rng.choice(services)
        law = law_for(service) if rng.random() > 0.05 else rng.choice(["jeugdwet", "wmo"])
        start = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(365))
        request = start - dt.timedelta(days=rng.choice([0, 1, 3, 14, 60, 120]))
        age = rng.randrange(4, 18) if law == "jeugdwet" and rng.random() > 0.1 else rng.randrange(16, 90)
        municipality = rng.choice(municipalities)
        decision = {
            "id": f"BENCH-{number:06d}",
            "municipality": municipality,
            "law": law,
            "request_date": request.isoformat(),
            "decision_date": (request + dt.timedelta(days=7)).isoformat(),
            "client": {
                "id": f"c-{rng.randrange(10**6):06d}",
                "birth_date": (start - dt.timedelta(days=age * 365 + rng.randrange(365))).isoformat(),
                "child_protection": rng.choice([c.value for c in ChildProtection] + ["geen"] * 6),
                "social_network_involved": rng.random() > 0.3,
            },
            "service": service,
            "contract": rng.choice([c.value for c in Contract] + ["regulier"] * 8),
            "start_date": start.isoformat(),
            "goals": ["Doel"] if rng.random() > 0.1 else [],
            "volume": {
                "amount": rng.randrange(1, 6),
                "unit": "dagdeel" if service in DAY_SERVICES else "uur",
                "per": "week",
            },
            "crisis": rng.random() < 0.03,
        }
        if rng.random() > 0.1:
            days = rng.choice([90, 180, 273, 274, 365])
            decision["end_date"] = (start + dt.timedelta(days=days)).isoformat()
        if rng.random() > 0.2:
            decision["perspective"] = rng.choice([p.value for p in Perspective])
        if rng.random() < 0.05:
            decision["client"]["residence_municipality"] = rng.choice(municipalities)
        decisions.append(decision)
    return decisions


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for decision in generate(count):
        (target / f"{decision['id']}.json").write_text(json.dumps(decision), encoding="utf-8")
    print(f"{count} beschikkingen in {target}")
