"""Word lists the annotation rules share: titles, outlets, speech verbs, pronouns.

Kept apart from the rules so that the lists can grow without touching the logic; every entry
is lower case (matching is on lower-cased token text without a final period).
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def data_lines(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the entries of the word list ``data/<name>.txt``, each split into its fields.

    Blank lines and "#" comments are skipped; entries are lower case.
    """
    text = (
        resources.files("newsprism.annotate")
        .joinpath("data", f"{name}.txt")
        .read_text(encoding="utf-8")
    )
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            rows.append(tuple(line.split()))
    return tuple(rows)


def data_words(name: str, field: str | None = None) -> frozenset[str]:
    """Return the words of ``data/<name>.txt``: the first field, or the second of rows
    whose first field is ``field`` ("head express" under ``field="head"``)."""
    if field is None:
        return frozenset(row[0] for row in data_lines(name))
    return frozenset(row[1] for row in data_lines(name) if row[0] == field and len(row) > 1)


def data_phrases(name: str) -> frozenset[str]:
    """Return the whole lines of ``data/<name>.txt`` ("web desk", "file photo")."""
    return frozenset(" ".join(row) for row in data_lines(name))


# Honorifics of many cultures (data/honorifics.txt): always separated from a name, never
# part of it.
HONORIFICS = frozenset(
    """
        mr mrs ms miss mx dr prof sir dame lord lady sheikh shaikh sheik imam rev reverend
        fr father sister brother rabbi pastor bishop cardinal pope mme mlle herr frau
        """.split()
) | data_words("honorifics")

# Two-word honorifics (data/honorific_phrases.txt): "Tan Sri".
HONORIFIC_PHRASES = data_phrases("honorific_phrases")

# Offices and ranks from data/titles.txt ("SSP", "Justice", "striker"); "head" marks the
# ones that can start a role alone.
_DATA_TITLES = frozenset(row[0] for row in data_lines("titles"))
_DATA_TITLE_HEADS = frozenset(row[0] for row in data_lines("titles") if row[1:] == ("head",))

# Words that make up titles and offices ("Deputy General Secretary", "police chief").
TITLE_WORDS = (
    frozenset(
        """
    president vice-president vp premier prime minister ministers deputy secretary
    general attorney senator sen sens rep reps representative congressman congresswoman
    congressmember governor gov lt lieutenant mayor councillor councilor councilman
    councilwoman alderman chancellor king queen prince princess emperor sultan emir
    ayatollah chairman chairwoman chair chairperson chief executive ceo cfo coo cto
    director judge justice magistrate commissioner sheriff officer inspector superintendent
    detective sergeant sgt captain capt col colonel gen major maj cmdr commander admiral
    adm marshal ambassador envoy spokesman spokeswoman spokesperson minister's speaker
    leader founder co-founder head coach manager president-elect nominee candidate
    professor lawyer attorney-general secretary-general undersecretary under treasurer
    auditor comptroller administrator assemblyman assemblywoman delegate mp mep
    legislator lawmaker state foreign finance interior defence defense health education
    acting former interim senior junior associate assistant press national regional
    first lady gen. pres. supt. police fire party opposition majority minority whip
    """.split()
    )
    | _DATA_TITLES
)

# Title words that may start a role without another title word before them; the others
# ("state", "foreign", "former") only continue one.
TITLE_HEADS = (
    frozenset(
        """
    president vice-president premier minister secretary senator sen rep representative
    congressman congresswoman governor gov mayor councillor councilor chancellor king queen
    prince princess emir sultan ayatollah chairman chairwoman chairperson ceo director judge
    justice commissioner sheriff inspector superintendent detective sergeant sgt captain
    capt colonel col gen general major admiral ambassador envoy spokesman spokeswoman
    spokesperson speaker leader founder coach manager president-elect nominee professor
    treasurer auditor comptroller assemblyman assemblywoman mp mep lawmaker chief officer
    attorney-general secretary-general prosecutor lt lieutenant commander cmdr
    """.split()
    )
    | _DATA_TITLE_HEADS
)

# News outlets and wire agencies (lower case). Matched on the whole name, with or without
# a leading "the".
OUTLETS = frozenset(
    name.strip()
    for name in """
    reuters|associated press|ap|afp|agence france-presse|agence france presse|dpa|
    deutsche presse-agentur|ansa|efe|xinhua|kyodo|kyodo news|yonhap|tass|ria novosti|
    interfax|pti|press trust of india|ians|ani|anadolu|anadolu agency|bernama|antara|
    united press international|upi|bloomberg|bloomberg news|dow jones|
    cnn|msnbc|cnbc|bbc|bbc news|fox news|fox|nbc|nbc news|abc|abc news|cbs|cbs news|pbs|npr|
    al jazeera|sky news|itv|channel 4|france 24|euronews|rt|deutsche welle|dw|voa|
    voice of america|radio free europe|the new york times|new york times|nyt|
    the washington post|washington post|the wall street journal|wall street journal|wsj|
    usa today|los angeles times|la times|chicago tribune|boston globe|the boston globe|
    the guardian|guardian|the times|the observer|the telegraph|daily telegraph|
    financial times|ft|the economist|economist|the independent|daily mail|the sun|
    the new york post|new york post|the post|politico|axios|the hill|huffington post|
    huffpost|breitbart|breitbart news|buzzfeed|buzzfeed news|vox|slate|salon|
    the atlantic|time magazine|newsweek|the new yorker|propublica|vice news|
    the hindu|times of india|hindustan times|the straits times|south china morning post|
    scmp|le monde|le figaro|der spiegel|spiegel|el pais|el país|la repubblica|
    corriere della sera|the sydney morning herald|the age|abc australia|cbc|cbc news|
    the globe and mail|toronto star|national post|premium times|the punch|punch|
    vanguard|the nation|daily nation|the standard|mail & guardian|news24|
    daily maverick|the east african|the citizen|the star|arab news|haaretz|
    the jerusalem post|times of israel|gulf news|the national|dawn|the daily star|
    the irish times|rte|rté|politifact|zero hedge|the daily beast|daily beast|
    the intercept|mother jones|the new republic|national review|western journalism|
    the associated press|agence france presse|the daily caller|daily caller|
    the washington times|washington times|the wall street journal's|yahoo news|
    """.split("|")
) - {""}

# The last word of many outlets' names ("Daily Herald", "Sunday Times").
OUTLET_SUFFIXES = frozenset(
    """
    times post journal herald tribune gazette telegraph chronicle observer examiner
    inquirer courier dispatch bulletin express mirror newspaper magazine news radio
    television tv broadcasting broadcaster newswire wire
    """.split()
)

# Verbs that introduce speech or writing (lemmas).
SPEECH_VERBS = frozenset(
    """
    say tell add write state declare announce claim insist argue explain note warn
    ask reply respond answer continue recall admit acknowledge concede confirm deny
    tweet post comment remark observe suggest assert maintain contend allege report
    testify reveal predict promise vow pledge urge demand shout yell scream cry
    whisper murmur joke quip boast complain lament plead caution stress emphasize
    emphasise conclude begin describe call recount tout chant sing read mock scoff
    sneer snap retort counter agree disagree muse wonder proclaim announce estimate
    acknowledge reiterate repeat point put inform signal indicate suggest highlight
    underline rule
    """.split()
)

# Nouns that can speak for their author ("the letter stated", "the statement said").
DOCUMENT_NOUNS = frozenset(
    """
    letter statement report memo memorandum email e-mail note post tweet message book
    filing complaint lawsuit ruling decision release communique communiqué document
    petition editorial column op-ed essay article study survey poll affidavit indictment
    order motion brief transcript text video ad advertisement speech
    """.split()
)

# Words that name a speaker by role rather than name ("a spokesman", "officials").
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "we", "you"})
GROUP_PRONOUNS = frozenset({"they", "it", "we"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | {"who", "which", "that"}
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_HONORIFICS = frozenset(
    {
        "mr",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "sheikh",
        "congressman",
        "chairman",
        "spokesman",
        "herr",
    }
)
FEMALE_HONORIFICS = frozenset(
    {
        "mrs",
        "ms",
        "miss",
        "dame",
        "lady",
        "queen",
        "princess",
        "sister",
        "congresswoman",
        "chairwoman",
        "spokeswoman",
        "mme",
        "mlle",
        "frau",
    }
)

# Generic last words of organisation names, dropped to find a short name
# ("the Labour Party" / "Labour").
ORG_GENERIC_SUFFIXES = frozenset(
    """
    party union company co corp corporation inc ltd llc plc group association movement
    front alliance congress council committee federation league coalition organisation
    organization foundation institute
    """.split()
)

# Page furniture (data/page_furniture.txt): credits, bylines and captions, never entities.
PAGE_FURNITURE = data_phrases("page_furniture")

# Words around a name that only a person fits (data/person_context.txt).
PERSON_AFTER = data_words("person_context", "after")
PERSON_BEFORE = data_words("person_context", "before")

# Trains, ships, spacecraft (data/vehicle_heads.txt): last words of their names, and words
# of an article that show it speaks of such vehicles.
VEHICLE_HEADS = data_words("vehicle_heads", "head")
VEHICLE_CUES = data_words("vehicle_heads", "cue")

# Lower-case words that are never names even when spaCy tags them.
NOT_NAMES = frozenset(
    """
    i you he she we they it me him her us them my your his its our their this that
    these those the a an and or but if then so yes no ok okay hi hello thanks lol
    """.split()
)
