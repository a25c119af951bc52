"""The names a reader sees for the disputed points of claims.csv, one place for every lesson and chart.

A ``topic`` of claims.csv is an id ("kazakhstan-2022-troops"): good for a query,
not for a panel heading or a menu. ``TOPIC_LABELS`` gives each topic its name in
words; ``topic_label`` looks one up, and ``topic_choices`` makes the (label, topic)
pairs of a menu. A topic added to claims.csv without a label here still reads as
words (its id with the hyphens taken out), and ``tests/test_data_topics.py``
asks for a label.
"""

from __future__ import annotations

TOPIC_LABELS = {
    # sizes of forces and bases
    "crrf-size": "Rapid Reaction Force (CRRF)",
    "peacekeepers-size": "Peacekeeping forces (KMS)",
    "ksbr-size": "Central Asian deployment forces (KSBR)",
    "base-201": "Russia's 201st base, Tajikistan",
    "kant-personnel": "Russia's Kant air base, Kyrgyzstan",
    "base-102-personnel": "Russia's 102nd base, Armenia",
    "kyrgyzstan-facilities": "Russia's other facilities in Kyrgyzstan",
    "russian-bases-abroad": "Russia's bases abroad",
    "kz-test-ranges-agreements": "Russia's test ranges in Kazakhstan: year of the agreements",
    # crises
    "kyrgyzstan-2010": "Kyrgyzstan 2010: the appeal for troops",
    "karabakh-2020": "Karabakh war, 2020",
    "armenia-border-2021-2022": "Armenia's border, 2021–2022",
    "csto-obligations-armenia": "The CSTO's obligations to Armenia",
    "armenia-2022-response": "Armenia 2022: the CSTO's response",
    "armenia-2022-monitoring-mission": "Armenia 2022: a monitoring mission",
    "armenia-2022-arms-payments": "Armenia 2022: payments for arms",
    "kazakhstan-2022-troops": "Troops sent to Kazakhstan, January 2022",
    "kazakhstan-2022-character": "Kazakhstan 2022: what kind of crisis",
    "ishkobod-2019-casualties": "Ishkobod border post attack, 2019",
    # membership and history
    "founding-date": "When the CSTO was founded",
    "accession-1993": "When Azerbaijan, Georgia and Belarus joined",
    "withdrawal-right": "The right to withdraw",
    "member-list": "Who the members are",
    "uzbekistan-2006-return": "Uzbekistan's return, 2006",
    "uzbekistan-2012-left-or-suspended": "Uzbekistan 2012: left or suspended?",
    "armenia-freeze-2026": "Armenia's freeze, as of 2026",
    "serbia-status": "Serbia's status",
    "tuvalu-recognition": "Tuvalu and South Ossetia",
    "un-observer-2004": "UN observer status, 2004",
    "sco-character": "What kind of body the SCO is",
    # structure
    "crrf-2009-founding-act": "CRRF 2009: decision or agreement?",
    "military-committee-founding": "The Military Committee's founding",
    "joint-staff-chief": "The Joint Staff's chief",
    "khachaturov-start": "When Khachaturov took office",
    "summit-date-2014": "The date of the 2014 summit",
    "tajikistan-aid-2015": "Russia's military aid to Tajikistan, 2015",
    # exercises
    "brotherhood-2020-troops": "Indestructible Brotherhood 2020: troops",
    "combat-brotherhood-2021-troops": "Combat Brotherhood 2021: troops",
    "combat-brotherhood-2021-dates": "Combat Brotherhood 2021: dates",
    "rubezh-2021-tajikistan": "Rubezh 2021 in Tajikistan",
    "kobalt-2021-dates": "Kobalt 2021: dates",
    "kobalt-2022-participants": "Kobalt 2022: participants",
    "kobalt-2024-dates": "Kobalt 2024: dates",
    "kazakhstan-2022-dates": "Exercises in Kazakhstan, 2022: dates",
    "rubezh-2025-dates": "Rubezh 2025: dates",
}


def topic_label(topic: str) -> str:
    """The name a reader sees for ``topic``: its entry in ``TOPIC_LABELS``, or else its id in words."""
    if topic in TOPIC_LABELS:
        return TOPIC_LABELS[topic]
    words = str(topic).replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def topic_choices(topics) -> list[tuple[str, str]]:
    """(label, topic) pairs for a menu (an ipywidgets ``Dropdown``), in the alphabetical order of the labels."""
    return sorted(((topic_label(t), str(t)) for t in dict.fromkeys(topics)), key=lambda pair: pair[0].lower())
