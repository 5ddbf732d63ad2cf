"""Keyword lists for claim and language detection, grouped by language.

Data, not logic. Page furniture (banners, credits, related-article headings) is listed in
``claims.sources.furniture``, which the reader needs too.
"""

from __future__ import annotations

# fmt: off
COMMON_VERBS = frozenset(
    "is are was were be been being am has have had do does did will would shall should can "
    "could may might must said says say told tells added adds stated announced noted stressed "
    "urged warned claimed claims reported confirmed denied denies accused accuses signed signs "
    "agreed met meets visited visits called calls plans aims includes remains remain seems "
    "became become comes came goes went make makes made take takes took give gives gave need "
    "needs want wants think believe know sees saw gets got kept keeps held holds led leads "
    "won wins lost loses left leaves began begins ran runs set sets put puts hit hits cut cuts "
    "sent spoke speaks wrote writes rose rises fell falls grew grows shows showed".split()
)
EN_STOP = frozenset(
    "the of and to in a is that for on with was as by it at from are has have be said will "
    "not an this his her they we their its which who were been but or".split()
)
OTHER_STOP = frozenset(
    "der die und das ist nicht mit ein eine den zu auf für sich von dem des im "
    "le la les des et est une dans pour que qui sur pas du au avec ce sont "
    "el los las y en por con una del para es se lo al como más "
    "il di che è per della gli sono non nel alla "
    "os não uma com do da em "
    "het een van niet zijn op voor "
    "och att det som är på för med av inte".split()
) - EN_STOP
# fmt: on
