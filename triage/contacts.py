"""Who to call: emergency and urgent-care numbers by country. Pure: no request, no database, no settings.

One set of numbers for the whole site: triage results, the API's `contact`, the journal, monitoring's
flags and emails all read them here (through `contacts_for`). The wording around them lives in the
admin-edited texts `verdict_emergency` and `verdict_urgent`.

NHS 111 (the UK's urgent, non-emergency line) is never offered for an emergency. New Zealand's
emergency number happens to be 111 too: there it is the emergency line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.countries import COUNTRY_NAMES
from triage.codes import Verdict


@dataclass(frozen=True)
class Contact:
    label: str
    tel: str  # digits only, for a tel: link

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "tel": self.tel}


@dataclass(frozen=True)
class Region:
    name: str
    emergency: tuple[Contact, ...]
    urgent: tuple[Contact, ...]  # same-day care that is not an emergency (may be empty: see your GP)


UK = Region(
    name="United Kingdom",
    emergency=(Contact("Call 999 (emergency)", "999"),),
    urgent=(Contact("Call NHS 111 (urgent advice, day and night)", "111"),),
)
IRELAND_EU = Region(
    name="Ireland and the EU",
    emergency=(Contact("Call 112 (emergency)", "112"),),
    urgent=(),
)
IRELAND = Region(
    name="Ireland",
    emergency=(Contact("Call 112 or 999 (emergency)", "112"),),
    urgent=(),
)
US = Region(
    name="United States",
    emergency=(Contact("Call 911 (emergency)", "911"),),
    urgent=(),
)
CANADA = Region(
    name="Canada",
    emergency=(Contact("Call 911 (emergency)", "911"),),
    urgent=(Contact("Call 811 (health advice line, most provinces)", "811"),),
)
AUSTRALIA = Region(
    name="Australia",
    emergency=(Contact("Call 000 (emergency)", "000"),),
    urgent=(Contact("Call healthdirect on 1800 022 222 (health advice, day and night)", "1800022222"),),
)
NEW_ZEALAND = Region(
    name="New Zealand",
    emergency=(Contact("Call 111 (emergency)", "111"),),
    urgent=(Contact("Call Healthline on 0800 611 116 (health advice, day and night)", "0800611116"),),
)
# Anywhere else: 112 reaches the emergency services from most mobile phones.
ELSEWHERE = Region(
    name="Another country",
    emergency=(Contact("Call 112 or your local emergency number", "112"),),
    urgent=(),
)

# The EU's members and the other European countries where 112 is the emergency number.
EUROPE_112 = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "NO",
        "IS",
        "LI",
        "CH",
    ]
)
REGIONS: dict[str, Region] = {
    "GB": UK,
    "IE": IRELAND,
    **dict.fromkeys(EUROPE_112, IRELAND_EU),
    "US": US,
    "CA": CANADA,
    "AU": AUSTRALIA,
    "NZ": NEW_ZEALAND,
}
DEFAULT_COUNTRY = "GB"
# The care-now results offer these, so a visitor (or a runner away from home) gets the right numbers.
SWITCH_CHOICES: tuple[tuple[str, str], ...] = (
    ("GB", UK.name),
    ("IE", IRELAND.name),
    ("DE", "Elsewhere in the EU"),
    ("US", US.name),
    ("CA", CANADA.name),
    ("AU", AUSTRALIA.name),
    ("NZ", NEW_ZEALAND.name),
)


ALL_NUMBERS: frozenset[str] = frozenset(
    contact.tel for region in (*REGIONS.values(), ELSEWHERE) for contact in (*region.emergency, *region.urgent)
)


def numbers_in(text: str) -> list[str]:
    """The emergency and urgent numbers above written into a text ("call 999", "1800 022 222"). The texts
    for care now must leave them out: the pages add the runner's own, from here, as tap-to-call links."""
    runs = (re.sub(r"[ -]", "", run) for run in re.findall(r"\d(?:[\d -]*\d)?", text or ""))
    return sorted({run for run in runs if run in ALL_NUMBERS})


def is_country(code: object) -> bool:
    """True for an ISO 3166 two-letter code (upper case)."""
    return isinstance(code, str) and code in COUNTRY_NAMES


def region_for(country: str | None, default: str = DEFAULT_COUNTRY) -> Region:
    """The numbers for this country; for no country, the site default's; for one we do not list, 112."""
    return REGIONS.get(country or default, ELSEWHERE)


def contacts_for(verdict: str, country: str | None, default: str = DEFAULT_COUNTRY) -> tuple[Contact, ...]:
    """Tap-to-call numbers for a result: emergency lines for `emergency`; for `urgent` the urgent-care lines,
    then the emergency line in case it gets worse; nothing for other verdicts."""
    region = region_for(country, default)
    if verdict == Verdict.EMERGENCY:
        return region.emergency
    if verdict == Verdict.URGENT:
        worse = tuple(Contact(f"If it gets worse: {c.label[0].lower()}{c.label[1:]}", c.tel) for c in region.emergency)
        return (*region.urgent, *worse)
    return ()


def care_now_sentence(verdict: str, country: str | None, default: str = DEFAULT_COUNTRY) -> str:
    """The same advice in one plain sentence, for flash messages and plain-text mail."""
    numbers = "; ".join(f"{c.label.rstrip('.')}" for c in contacts_for(verdict, country, default))
    if verdict == Verdict.EMERGENCY:
        return f"Get emergency care now: {numbers}, or go to the nearest emergency department. Do not run."
    if verdict == Verdict.URGENT:
        extra = f" ({numbers})" if numbers else ""
        return f"See a doctor today: a same-day GP appointment or an urgent care centre{extra}. Do not run."
    return ""
