"""The closed word lists the quantity comparator reads: units, approximations, classes.

Why here and not inline: every rule of the comparator names a phenomenon (an approximation
word, a unit name, a reporting verb, a synonym class) rather than a sentence, and keeping the
lists together shows exactly which words each rule knows. Everything is immutable.
"""

from __future__ import annotations

# --- numbers ---------------------------------------------------------------------------------
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion""".split()
)
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
FRACTION_WORDS = frozenset(
    """half halves third thirds quarter quarters fifth fifths sixth sixths seventh sevenths
    eighth eighths ninth ninths tenth tenths""".split()
)
ORDINALS = {
    word: float(n)
    for n, word in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split(),
        start=1,
    )
}
# Vague counts: "hundreds of", "a handful": the interval a reader takes them to mean.
VAGUE_COUNTS = {
    "dozens": (24.0, 144.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 1000.0),
    "thousands": (2000.0, 10000.0),
    "millions": (2e6, 1e7),
    "handful": (2.0, 7.0),
    "few": (2.0, 6.0),
    "several": (3.0, 10.0),
    "couple": (2.0, 3.0),
}
ZERO_WORDS = frozenset(["no", "none", "nobody", "zero"])

# --- approximation words before a number: name -> how the interval is built -----------------
# "around": symmetric widening; "below": at most the value, a little under it; "under": at most;
# "above": at least, a little over; "over": at least (open-ended).
APPROXIMATIONS: tuple[tuple[str, str], ...] = (
    ("in excess of", "over"),
    ("upwards of", "over"),
    ("a little over", "above"),
    ("a little more than", "above"),
    ("slightly more than", "above"),
    ("just over", "above"),
    ("just above", "above"),
    ("just more than", "above"),
    ("a little under", "below"),
    ("a little less than", "below"),
    ("slightly less than", "below"),
    ("just under", "below"),
    ("just below", "below"),
    ("close to", "below"),
    ("nearly", "below"),
    ("almost", "below"),
    ("more than", "over"),
    ("at least", "over"),
    ("over", "over"),
    ("above", "over"),
    ("no fewer than", "over"),
    ("no less than", "over"),
    ("fewer than", "under"),
    ("less than", "under"),
    ("no more than", "under"),
    ("at most", "under"),
    ("up to", "under"),
    ("as many as", "under"),
    ("under", "under"),
    ("below", "under"),
    ("an estimated", "around"),
    ("estimated", "around"),
    ("approximately", "around"),
    ("roughly", "around"),
    ("around", "around"),
    ("about", "around"),
    ("some", "around"),
    ("circa", "around"),
)
APPROX_AFTER = (("or so", "around"), ("or more", "over"), ("plus", "over"), ("odd", "around"))
AROUND = 0.1  # how far "about" lets a figure move either way
NEAR = 0.1  # how far below "nearly" lets it go

# --- units: words -> pint unit names (the registry does every conversion) -------------------
UNIT_WORDS = {
    "hectare": "hectare", "hectares": "hectare", "ha": "hectare",
    "acre": "acre", "acres": "acre",
    "kilometre": "kilometer", "kilometres": "kilometer", "kilometer": "kilometer",
    "kilometers": "kilometer", "km": "kilometer", "kms": "kilometer",
    "metre": "meter", "metres": "meter", "meter": "meter", "meters": "meter",
    "centimetre": "centimeter", "centimetres": "centimeter", "centimeter": "centimeter",
    "centimeters": "centimeter", "cm": "centimeter",
    "millimetre": "millimeter", "millimetres": "millimeter", "mm": "millimeter",
    "mile": "mile", "miles": "mile", "foot": "foot", "feet": "foot", "ft": "foot",
    "yard": "yard", "yards": "yard", "inch": "inch", "inches": "inch",
    "tonne": "metric_ton", "tonnes": "metric_ton", "ton": "metric_ton", "tons": "metric_ton",
    "kilogram": "kilogram", "kilograms": "kilogram", "kg": "kilogram", "kilo": "kilogram",
    "kilos": "kilogram", "gram": "gram", "grams": "gram", "lb": "pound", "lbs": "pound",
    "litre": "liter", "litres": "liter", "liter": "liter", "liters": "liter",
    "gallon": "gallon", "gallons": "gallon",
    "percent": "percent", "%": "percent", "pc": "percent",
    "bp": "basis_point", "bps": "basis_point",
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade",
    "mph": "mile / hour", "kph": "kilometer / hour",
}  # fmt: skip
UNIT_PHRASES = {  # two-word units, matched before single words
    ("per", "cent"): "percent",
    ("percentage", "point"): "percentage_point",
    ("percentage", "points"): "percentage_point",
    ("basis", "point"): "basis_point",
    ("basis", "points"): "basis_point",
    ("square", "kilometres"): "kilometer ** 2",
    ("square", "kilometre"): "kilometer ** 2",
    ("square", "kilometers"): "kilometer ** 2",
    ("square", "km"): "kilometer ** 2",
    ("sq", "km"): "kilometer ** 2",
    ("square", "metres"): "meter ** 2",
    ("square", "metre"): "meter ** 2",
    ("square", "miles"): "mile ** 2",
    ("square", "mile"): "mile ** 2",
    ("cubic", "metres"): "meter ** 3",
    ("cubic", "metre"): "meter ** 3",
}
# Money: each currency is a dimension of its own, so amounts never meet counts or each other.
CURRENCY_WORDS = {
    "euro": "euro", "euros": "euro", "eur": "euro", "€": "euro",
    "dollar": "dollar", "dollars": "dollar", "usd": "dollar", "$": "dollar",
    "pound": "pound_sterling", "pounds": "pound_sterling", "sterling": "pound_sterling",
    "gbp": "pound_sterling", "£": "pound_sterling",
    "yen": "yen", "¥": "yen", "franc": "franc", "francs": "franc",
    "crown": "crown", "crowns": "crown", "krona": "crown", "kronor": "crown",
}  # fmt: skip
PER_WORDS = frozenset(["a", "an", "per", "each", "every"])
TIME_UNITS = frozenset(["second", "minute", "hour", "day", "week", "month", "year", "decade"])

# --- what a count counts ---------------------------------------------------------------------
# Event classes: words that say what happened to the counted people or things. A class may
# sit under a broader one (treated in hospital implies hurt; convicted implies charged), so
# "4 treated" conflicts with "none hurt" but "12 in hospital" does not with "40 hurt".
EVENT_CLASSES = {
    "hurt": ("hurt", "injure", "injured", "injury", "wound", "wounded", "treat", "treatment"),
    "hospital": ("hospital", "hospitalise", "hospitalize", "hospitalised", "hospitalized"),
    "dead": ("dead", "die", "kill", "killed", "death", "fatality", "fatal", "perish"),
    "evacuated": ("evacuate", "evacuee", "evacuation"),
    "missing": ("missing",),
    "arrested": ("arrest", "detain", "detention"),
    "charged": ("charge", "prosecute", "indict"),
    "convicted": ("convict", "guilty"),
    "rejected": ("reject", "spoil", "spoilt", "invalid"),
    "strike": ("strike", "walkout", "striking"),
    "casualty": ("casualty",),
    "advocated": ("argue", "push", "urge", "lobby", "advocate"),
}
EVENT_PARENT = {"hospital": "hurt", "hurt": "casualty", "dead": "casualty", "convicted": "charged"}
# Nouns that name both the counted people and what happened to them.
EVENT_NOUNS = {
    "death": "dead", "fatality": "dead", "dead": "dead", "injury": "hurt", "injured": "hurt",
    "wounded": "hurt", "evacuee": "evacuated", "missing": "missing", "toll": "dead",
    "casualty": "casualty",
}  # fmt: skip
# Heads that stand for "people" in general: a subgroup of them never outnumbers them.
GENERIC_PEOPLE = frozenset(
    ["people", "person", "nobody", "one", "individual", "dead", "injured", "wounded", "death",
     "fatality", "injury", "evacuee", "missing", "casualty", "victim", "toll"]
)  # fmt: skip
# Small synonym sets (each justified by meaning, not by a sentence):
HEAD_SYNONYMS = (
    # a workforce is named by any of these words
    frozenset(["worker", "staff", "employee", "personnel", "workforce", "member"]),
    # a dwelling
    frozenset(["home", "house", "dwelling", "property"]),
    # an aeroplane
    frozenset(["aircraft", "plane", "aeroplane", "airplane", "jet"]),
    # a bid is an offer
    frozenset(["offer", "bid"]),
    # turnout is the share of voters who voted
    frozenset(["turnout", "voter"]),
    frozenset(["vote", "ballot"]),
    # the distance between winner and runner-up
    frozenset(["lead", "margin"]),
    # a prison term
    frozenset(["prison", "jail", "sentence", "imprisonment"]),
    # a level reached; a reduction; a raise (the verbs news uses for rates and rivers)
    frozenset(["rise", "peak", "reach", "climb", "crest"]),
    frozenset(["cut", "lower", "reduce", "trim"]),
    frozenset(["raise", "increase", "lift", "hike"]),
    frozenset(["run", "operate"]),
    frozenset(["car", "vehicle"]),
    frozenset(["fee", "price", "transfer"]),
)
# "a town of 40,000 people": the figure is the size of the town, not a count of an event.
CONTAINER_NOUNS = frozenset(
    "town city village community country nation region district population crowd".split()
)
# Verbs that say little about what happened: never a reason to keep two counts apart.
LIGHT_VERBS = frozenset(
    "be have do get make take give go come become remain say put set keep hold see".split()
)
# Opposite qualifiers: two figures so qualified are about two things.
CONTRASTS = (
    ("old", "new"), ("former", "current"), ("previous", "current"), ("north", "south"),
    ("east", "west"), ("northern", "southern"), ("eastern", "western"), ("upper", "lower"),
    ("inner", "outer"), ("home", "away"), ("male", "female"), ("men", "women"),
    ("public", "private"), ("urban", "rural"), ("domestic", "international"),
    ("domestic", "foreign"), ("minimum", "maximum"), ("morning", "evening"),
)  # fmt: skip
# Which extent of a thing a length measures: a height never meets a width.
EXTENTS = {
    "height": frozenset("high height tall above below level peak crest rise".split()),
    "depth": frozenset("deep depth".split()),
    "width": frozenset("wide width across broad breadth".split()),
    "length": frozenset("long length".split()),
}
# Nouns that name an extent or a piece, not a substance: "a 40-metre section" of a bridge and
# "a quarter of its 300-metre length" may measure the same fallen span.
EXTENT_NOUNS = frozenset(
    "length height width depth size area distance part portion section stretch piece".split()
)
# Carrier nouns: in "ballot papers" or "bus services" the modifier names the counted thing.
CARRIER_HEADS = frozenset(["paper", "service", "form", "slip", "unit", "copy", "item"])
PERSON_HEADS = frozenset(
    """people person nobody resident worker member staff employee passenger pedestrian driver
    child adult patient student voter firefighter officer soldier civilian victim survivor
    evacuee pensioner fan spectator protester commuter customer tenant director candidate
    nurse doctor teacher pupil player crew miner farmer journalist prisoner inmate man woman
    girl boy baby infant toddler teenager""".split()
)
# Words that carry no information about what is measured.
STOPWORDS = frozenset(
    """a an the of to in on at for with by from and or but as is are was were be been being
    it its this that these those there their they them he she his her we our you your i not
    no any some all such than then so also has have had do does did will would can could may
    might must shall should into over about after before between under while which who whom
    whose what when where why how more most other own same very just only rather said says
    say according number total put puts figure figures time times s one up down out off
    while since until during per each every nearly almost roughly around some least fewer
    less told tell get got make made take took stand stood reach reached bring brought among
    across within without through throughout against toward towards near beside behind beyond
    despite via amid upon onto inside outside along alongside including except like unlike
    whether if because although though unless once whereas till onto""".split()
)
MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday weekday weekend".split()
)
PERSON_NOUNS_FOR_AGE = frozenset(
    "child children kid kids people adults those pupils boys girls patients babies".split()
)
