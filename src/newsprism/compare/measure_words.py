"""Word lists that say what a figure measures: units, counted nouns, tolls, estimates.

Kept apart from the rules so that the lists can grow without touching the logic. Every entry
is lower case; nouns are listed in the forms news text prints (singular and plural).
"""

from __future__ import annotations

# Length units, with how many kilometres one of them is.
LENGTH_UNITS = {
    "km": 1.0,
    "kms": 1.0,
    "kilometre": 1.0,
    "kilometres": 1.0,
    "kilometer": 1.0,
    "kilometers": 1.0,
    "mile": 1.609344,
    "miles": 1.609344,
    "mi": 1.609344,
    "metre": 0.001,
    "metres": 0.001,
    "meter": 0.001,
    "meters": 0.001,
    "feet": 0.0003048,
    "ft": 0.0003048,
    "nautical": 1.852,
}

# Units of time that make a figure a duration ("58 years", "three days").
DURATION_UNITS = frozenset(
    "year years month months week weeks day days hour hours decade decades".split()
)
# Short spans of time: a count of them is rarely one fact outlets could disagree on.
SHORT_TIME_UNITS = frozenset("minute minutes min mins second seconds".split())

# Counted nouns that mean people: a count of them says nothing until a verb or noun says
# what happened to them (killed, injured, arrested ...).
PEOPLE_NOUNS = frozenset(
    """
    people persons person passengers individuals civilians residents victims villagers
    children adults women men pilgrims migrants workers soldiers troops students patients
    travellers travelers tourists fans spectators others
    """.split()
)

# People nouns that name a group among the people counted ("four children among the dead"):
# a count of them is a part of the toll, compared only with counts of the same group.
GROUP_NOUNS = frozenset(
    """
    children child adults women men boys girls students soldiers troops policemen officers
    workers tourists foreigners fans spectators patients pilgrims migrants
    """.split()
)

# Verbs in the third person that look like plural nouns after a figure ("the toll of 52
# includes ..."): never the counted noun.
VERBS_IN_S = frozenset(
    "includes remains stands means comes goes says seems shows makes rises falls tops exceeds "
    "reaches marks puts brings takes gives leaves represents accounts".split()
)

# Families of counted nouns that name one thing ("coaches", "bogies", "cars").
NOUN_FAMILIES = {
    "dwelling": "house houses home homes residence residences dwelling dwellings",
    "rail vehicle": "coach coaches bogie bogies car cars carriage carriages compartment "
    "compartments wagon wagons",
    "building": "building buildings structure structures",
    "vehicle": "vehicle vehicles truck trucks lorry lorries bus buses",
}

# What happened to the people counted: one class per outcome. Matched on word starts.
OUTCOME_WORDS = {
    "dead": "kill killed killing dead die died dies dying death deaths fatalities fatality "
    "lives perished perish martyrs martyred toll bodies drowned",
    "injured": "injured injuries injury injuring wounded wounding hurt",
    "missing": "missing unaccounted",
    "displaced": "displaced homeless evacuated",
    "arrested": "arrested detained held",
    "rescued": "rescued",
}

# Words around a figure that make it somebody's expectation, not the result.
ESTIMATE_WORDS = (
    r"estimates?|estimated|expectations?|expected|expecting|consensus|projections?|"
    r"anticipated|analysts?'?|wall street|looking for|forecasts|forecast (?:of|at)|predicted|"
    r"predictions?|guidance|probably|likely|request|requested|sought|seeking|asked for|"
    r"called for|recommended|recommendation|demanded|proposed"
)
ESTIMATE_AFTER = r"estimates?|estimated|forecasts?|projections?|expected|analysts?'?|consensus"

# Words that single out the worse-off among people counted ("two seriously injured").
SEVERITY_WORDS = frozenset(
    "seriously critically severely gravely badly minor minorly slightly lightly serious "
    "critical".split()
)

# Words of an ambiguous count of harm ("114 casualties" may be the dead or dead and injured).
AMBIGUOUS_OUTCOMES = frozenset("casualties casualty".split())

# Words that mark a later or lesser shock, not the main one ("an aftershock of 5.9").
AFTERSHOCK_WORDS = frozenset("aftershock aftershocks second another later subsequent".split())

# Words of a match result: a score near one of them is the result of a game.
RESULT_WORDS = frozenset(
    """
    win wins won victory victories winners winner beat beats defeat defeated defeats triumph
    lost loss losses draw drew thrashing rout overcame edged
    """.split()
)

# Compass points, in the forms printed.
COMPASS = (
    "north-northeast north-northwest east-northeast west-northwest east-southeast "
    "west-southwest south-southeast south-southwest northeast northwest southeast southwest "
    "north-east north-west south-east south-west north east south west"
).split()

# Words of a goal or a decisive moment in a match: a minute near one of them is when it came.
GOAL_WORDS = frozenset(
    """
    goal goals scored scores scorer scorers winner equaliser equalizer equalised equalized
    strike struck finish fires fired header penalty spot breakthrough netted net decisive
    """.split()
)

# Ordinal words, for minutes written out ("in the seventh minute").
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}

# Minutes of regular time in a football match: "four minutes from time" is the 86th.
REGULAR_TIME = 90

# Vehicles and journeys: "from X" near one of them is where a journey started.
VEHICLE_WORDS = (
    "train",
    "express",
    "flight",
    "plane",
    "aircraft",
    "helicopter",
    "bus",
    "ship",
    "ferry",
    "vessel",
    "boat",
    "convoy",
    "travell?ing",
    "coming",
    "headed",
    "bound",
    "departed",
    "en route",
)

# Places people are taken to or held in: "sent to Attock Jail".
FACILITY_WORDS = (
    "jail",
    "prison",
    "penitentiary",
    "detention centre",
    "detention center",
    "hospital",
)

# Currencies printed as words or codes around a figure ("Rs 1.5 crore", "40 million euros"),
# by the unit they stand for. Symbols ($, €, £, ¥) are read by the figure parser itself.
CURRENCY_BEFORE = {
    "rs": "INR/PKR rupee",
    "rs.": "INR/PKR rupee",
    "inr": "INR/PKR rupee",
    "pkr": "INR/PKR rupee",
    "npr": "NPR",
    "₹": "INR/PKR rupee",
    "usd": "$",
    "eur": "€",
    "gbp": "£",
    "chf": "CHF",
    "cny": "CNY",
    "rmb": "CNY",
    "ngn": "NGN",
    "kes": "KES",
    "zar": "ZAR",
    "aed": "AED",
    "sar": "SAR",
    "brl": "BRL",
    "r$": "BRL",
    "mxn": "MXN",
    "₦": "NGN",
    "₩": "KRW",
    "₺": "TRY",
    "₽": "RUB",
}
CURRENCY_AFTER = {
    "rupee": "INR/PKR rupee",
    "rupees": "INR/PKR rupee",
    "dollar": "$",
    "dollars": "$",
    "euro": "€",
    "euros": "€",
    "pound": "£",
    "pounds": "£",
    "yen": "¥",
    "yuan": "CNY",
    "renminbi": "CNY",
    "naira": "NGN",
    "shilling": "KES",
    "shillings": "KES",
    "rand": "ZAR",
    "dirham": "AED",
    "dirhams": "AED",
    "riyal": "SAR",
    "riyals": "SAR",
    "real": "BRL",
    "reais": "BRL",
    "peso": "MXN",
    "pesos": "MXN",
    "won": "KRW",
    "lira": "TRY",
    "roubles": "RUB",
    "rubles": "RUB",
    "francs": "CHF",
    "taka": "BDT",
    "afghanis": "AFN",
}

# Scale words of South Asian numbering ("1.5 lakh", "Rs 2 crore").
SOUTH_ASIAN_SCALES = {"lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7}

# Places where something happened to someone, named by a common noun ("shot outside a
# school", "was leaving a stadium").
VENUE_WORDS = (
    "stadium",
    "arena",
    "school",
    "university",
    "college",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "market",
    "hotel",
    "restaurant",
    "cafe",
    "bar",
    "nightclub",
    "club",
    "theatre",
    "theater",
    "hospital",
    "station",
    "airport",
    "mall",
    "courthouse",
    "court",
    "office",
    "home",
    "house",
    "residence",
    "park",
    "square",
    "bank",
    "factory",
    "warehouse",
    "embassy",
    "parliament",
)

# What happened to someone at a place: the verbs that open a scene slot.
HARM_VERBS = (
    "shot",
    "killed",
    "murdered",
    "stabbed",
    "attacked",
    "gunned down",
    "assassinated",
    "wounded",
    "injured",
    "kidnapped",
    "abducted",
    "arrested",
)

# Kinds of one sort of thing that are not synonyms: the same count given to two of them
# ("four pistols" / "four shotguns" seized) is a disagreement on what was counted.
DISTINCT_KINDS = {
    "firearm": "pistol handgun revolver shotgun rifle carbine submachine-gun machine-gun",
    "munition": "missile rocket drone shell mortar bomb grenade",
}
