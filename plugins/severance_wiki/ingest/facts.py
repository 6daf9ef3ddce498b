"""Facts: sentences of an article that become trivia drafts.

A fact is a sentence, in the narration or in a person's quote, about the show's making,
cast, release or reception (:data:`TOPIC`) that carries a concrete detail (:data:`DETAILS`:
a number, a duration, a date, a place, a named thing, an award, a first or a debut, a
casting) and mentions the show, an episode, a person or a character (a quote's speaker
counts). Opinions without a hard detail, plot summary, questions and the show's dialogue
are not facts.

Every fact keeps its evidence verbatim: the shortest clause around the detail, with the
quote's speaker (``None`` for the article's own narration). Known kinds of fact
(:data:`FACT_KINDS`: a length, a number of parts, a span of time, a named piece of kit, an
event such as a wrap party, a renewal) get titles from templates in the wiki's words;
every other fact gets a short title made from its own clause. The same fact told twice (by
the director and by the star) is one fact with two pieces of evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Document, sentence_spans
from .quotes import Found, Quote

_Q = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
      r"fifteen|twenty|thirty|forty|fifty|a hundred|a few|a couple of|several|a dozen|"
      r"dozens of|a half|half an?)")
_APPROX = (r"(?:(?:about|around|roughly|nearly|almost|over|under|more than|less than|close to|"
           r"some|just over|just under|probably,?|like,?|maybe|at least)\s+)*")
_QTY = rf"{_APPROX}{_Q}(?:\s+or\s+{_Q}|\s+to\s+{_Q}|-{_Q})?(?:\s+and\s+a\s+half)?"
_FILMING = re.compile(
    r"\b(took|take|takes|taking|film|filmed|filming|shoot|shot|shooting|over the course of|"
    r"get through|spent|spend|split|broken|made|built|done|it was|capture|captured)\b",
    re.IGNORECASE)
_ONE_TAKE = re.compile(r"\b(one[- ]take|single take|oner|one continuous (shot|take)|"
                       r"one shot)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FactKind:
    name: str
    pattern: re.Pattern[str]
    needs_filming_word: bool
    title: str  # template: {S} subject, {S_cap}, {v} value, {extra}
    text: str  # template for the page sentence: {SL} linked subject
    tags: tuple[str, ...]


def _k(name: str, pattern: str, filming: bool, title: str, text: str,
       tags: tuple[str, ...]) -> FactKind:
    return FactKind(name, re.compile(pattern, re.IGNORECASE), filming, title, text, tags)


FACT_KINDS: list[FactKind] = [
    _k("length", rf"\b(?P<v>{_QTY}[\s-]+(?:seconds?|minutes?|hours?))[\s-]+long\b"
       rf"|\b(?:runs|lasts|running time of)\s+(?:for\s+)?(?P<v2>{_QTY}\s+(?:seconds?|minutes?))",
       False, "{S_cap} is {v} long{extra}", "{SL_cap} runs {v}{extra_text}.",
       ("production", "filming")),
    _k("parts", rf"\b(?P<v>{_QTY}\s+(?:different\s+|separate\s+|individual\s+)?"
       r"(?:parts|pieces|sections|segments|setups|chunks|stages))\b",
       True, "{S_cap} was filmed in {v}",
       "{SL_cap} was not shot in one go: it was assembled from {v}.",
       ("production", "filming")),
    _k("duration", rf"\b(?P<v>{_QTY}\s+(?:days|weeks|months|years))\b",
       True, "{S_cap} took {v} to film", "Filming {SL} stretched over {v}.",
       ("production", "filming")),
    _k("term", r"\b(?:used|using|use|uses|built|rigged|called|nicknamed|dubbed|known as)\s+"
       r"(?:(?:a|an|the|what (?:they|we) call(?:ed)?(?: a| an| the)?)\s+)?[“\"](?P<v>[^”\"]{2,40}?)"
       r"[,.]?[”\"](?:\s*,?\s*(?:which is|which was|that is|a kind of)?\s*"
       r"(?P<app>(?:a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}?)(?=\s+(?:that|which|who|to|programmed|"
       r"designed|built|used|for|and)\b|[,.;]))?",
       False, "{S_cap} used a “{v}”{extra}",
       "To film {SL}, the crew used what they called a “{v}”{extra_text}.",
       ("production", "camera")),
    _k("event", r"\b(?:had|threw|held|got|hosted|throw|hold)\s+(?:a|an|its own|their own)\s+"
       r"(?P<v>(?:[\w-]+\s+)?(?:party|celebration|ceremony))\b",
       False, "{S_cap} got its own {v}", "Finishing {SL} was marked with a {v} of its own.",
       ("production", "behind the scenes")),
]
# Template kinds apply to an article about one scene or sequence (its subject).
SUBJECT_KINDS = {"length", "parts", "duration", "term", "event"}

_NORMALISE_APPROX = re.compile(rf"^{_APPROX}", re.IGNORECASE)

# --- what makes a sentence a fact ----------------------------------------------------------

_NUMWORD = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
            r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
            r"hundred|hundreds|thousand|thousands|dozen|dozens|million|millions")
_MONTH = (r"January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|"
         r"decades?|winters?|summers?|takes?)")
_MAKE = (r"(?:made|cut|built|carved|constructed|moulded|molded|sculpted|shell|rebuilt|printed|"
         r"covered|wrapped|lined|painted)")
_STUFF = (r"(?:wood|birch|oak|pine|walnut|plywood|laminate|laminated|fiberglass|fibreglass|foam|"
          r"resin|steel|aluminium|aluminum|plastic|acrylic|glass|paper|cardboard|fabric|wool|felt|"
          r"vinyl|concrete|plaster|latex|silicone|clay|brass|copper|styrofoam|polystyrene|rubber|"
          r"leather|linoleum|formica)")
# A verb naming something, then (up to a short object) the name in quotation marks.
NAMING = (r"\b(?:call(?:s|ed|ing)?|nicknam\w+|dubb\w+|known as|christened|"
          r"refer\w*\s+to\s+(?:\w+\s+){0,2}?as)\s+(?:[\w’'-]+\s+){0,8}?(?:simply\s+|only\s+|"
          r"just\s+)?")
DETAILS: list[tuple[str, re.Pattern[str]]] = [
    ("duration", re.compile(rf"\b(?:{_QTY}|an?)[\s-]+{_UNIT}\b|\bovernight\b|\bin (?:a|one|"
                            r"a single) (?:day|night|morning|afternoon|take)\b|\b(?:took|take|"
                            r"takes|spent|spend|for|over|lasted)\s+(?:nearly\s+|almost\s+|about\s+)?"
                            r"(?:hours|days|weeks|months|years|decades)\b", re.IGNORECASE)),
    ("date", re.compile(rf"\b(?:{_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?\b"
                        r"|\b(?:19|20)\d{2}s?\b|\bthe (?:fifties|sixties|seventies|eighties|"
                        r"nineties)\b|['’]\d0s\b")),
    # A plan with a season for its date: "we start shooting this summer".
    ("plan", re.compile(r"\b(?:start|starts|begin|begins|resume|resumes|shooting|filming|"
                        r"production|premieres?|returns?|wraps?)\b[^.;]{0,40}\b(?:this|next)\s+"
                        r"(?:spring|summer|autumn|fall|winter|year)\b", re.IGNORECASE)),
    ("award", re.compile(r"\b(?:Emmys?|Golden Globes?|SAG Awards?|Critics['’]? Choice|"
                         r"Peabody|BAFTAs?|Oscars?|Tony|award|awards|nominat\w+|nods?|"
                         r"won(?!['’]t)|wins|winning|winner|trophy|trophies|prize|honou?red|"
                         r"accolades?|number one|No\. 1|"
                         r"ranked (?:first|second|third|No\.? ?\d+|\d+\w*)|top spot)\b",
                         re.IGNORECASE)),
    ("first", re.compile(r"\b(?:debut\w*|first[- ]ever|for the first time|first time|"
                         r"first-time|never before|only (?:time|episode)|first (?:heard|seen|"
                         r"used|shown|aired|played|performed|introduced|glimpsed|appeared|"
                         r"appears|screened)|(?:his|her|their|its) "
                         r"(?:very )?first (?:time|episode|season|film|feature|role|job|credit|"
                         r"directing|director|emmy|nomination|award|win|series|show|lead|"
                         r"starring|screen|tv|television))\b|\bnever\b[^.,;]{0,40}\bbefore\b",
                         re.IGNORECASE)),
    ("casting", re.compile(r"\b(?:cast as|(?:has|have) been cast|joins?|joined|joining|"
                           r"will (?:play|star|portray|direct|return)|tapped|boards?|boarded|"
                           r"(?:confirmed|expected|due|slated|scheduled|poised|going|back) to "
                           r"(?:return|reprise|star|play|appear|direct|join|begin|start)|"
                           r"returns? as|returning as|reprises?|reprising|"
                           r"signed on|series regular|recurring role|promoted|set to "
                           r"(?:star|play|direct|return)|in talks|newcomers?|renew\w*|greenlit|"
                           r"ordered (?:to series|an?(?: \w+)? season|\w+ (?:more |new )?episodes)|"
                           r"replac\w+)\b", re.IGNORECASE)),
    ("credit", re.compile(r"\b(?:designed|created|composed|written|directed|built|shot|edited|"
                          r"scored|produced|choreographed|painted|made)\s+by\b",
                          re.IGNORECASE)),
    ("place", re.compile(r"\b(?:filmed|shot|shooting|filming|built|location|locations|set|"
                         r"stood in|doubled for|headquarters|exterior|interiors?|scouted|"
                         r"recorded|recording|mixed|sourced|rehearsed|auditioned)\b"
                         r"[^.;]{0,80}?\b(?:in|at|on|inside|outside|near)\s+(?:the\s+)?"
                         r"(?:[A-Z][\w'’-]+)(?:\s+(?:of\s+)?[A-Z][\w'’-]+)*")),
    ("number", re.compile(rf"\b\d[\d,.]*(?:mm|k|ft|m|%)?(?!\w)|\b(?:{_NUMWORD})\b(?!-)"
                          r"|\b(?:a|one)\s+single\b", re.IGNORECASE)),
    # A thing the production named: "calls it “the mime pass”", "nicknamed “the sandwich”".
    ("name", re.compile(NAMING + r"[“\"][^”\"]{2,40}[”\"]", re.IGNORECASE)),
    # Set traditions and events: "exchanged scarves at the wrap party".
    ("event", re.compile(r"\b(?:wrap party|wrap gift|tradition)\b", re.IGNORECASE)),
    # What a thing was made of: "cut from a single sheet of laminated birch".
    ("material", re.compile(
        rf"\b{_MAKE}\b[^.;]{{0,50}}\b{_STUFF}\b|\b{_STUFF}\b[^.;]{{0,30}}\b{_MAKE}\b",
        re.IGNORECASE)),
    # A finish and how it was made: "aged the timber with tea".
    ("finish", re.compile(r"\b(?:aged|distressed|weathered|stained|dyed|treated|painted|"
                          r"sanded|scuffed)\b[^.;]{0,40}\bwith\s+(?:\w+\s+){0,2}?\w+",
                          re.IGNORECASE)),
    # How a prop is made to look: "a hollow shell", "a working prop", "a fake".
    ("prop", re.compile(r"\b(?:hollow|dummy|non-?functional|working props?|fake|replicas?|"
                        r"mock-?ups?|practical (?:effect|light|prop)s?)\b", re.IGNORECASE)),
    # A share or a change: "up 35 percent".
    ("share", re.compile(r"\b\d[\d.,]*\s*(?:%|percent\b|per cent\b)|\bby (?:half|a third|a "
                         r"quarter|two thirds|\d+\s*(?:%|percent))", re.IGNORECASE)),
    # A deliberate choice: "deliberately left a shade darker".
    ("choice", re.compile(r"\b(?:deliberately|intentionally|on purpose|by design)\b",
                          re.IGNORECASE)),
    # A keepsake from the set: "I have the nameplate from Mark's desk", "took the badge home".
    ("keepsake", re.compile(
        r"\b(?:took|take|taken|brought|kept|keep|keeps|have|has|stole|own|owns|still has|"
        r"walked (?:off|away) with|gave|given)\b[^.;]{0,40}\b(?:home|from (?:the )?set|"
        r"from [A-Z][\w.]*['’]s (?:desk|office|locker|car|house|badge|drawer))\b"
        r"|\b(?:took|kept|keep|keeps|stole|saved|still has|have)\s+(?:home\s+)?(?:one of\s+|"
        r"a pair of\s+|the\s+)?[A-Z][\w.]*['’]s\s+(?:\w+\s+)?(?:ties?|badges?|nameplates?|mugs?|"
        r"suits?|jackets?|sweaters?|glasses|shoes|trousers|pens?|keycards?|lanyards?|props?|"
        r"paintings?|books?|hats?|finger traps?)\b")),
    # A measure: "close to a mile", "about 40 feet", "three acres of carpet".
    ("measure", re.compile(rf"\b(?:{_QTY}|an?|half an?)[\s-]+(?:miles?|feet|foot|yards?|"
                           r"met(?:er|re)s?|kilomet(?:er|re)s?|inches|acres?|pounds|tons?|"
                           r"gallons?|lit(?:er|re)s?|square (?:feet|yards|met(?:er|re)s))\b",
                           re.IGNORECASE)),
    # Who did the work: "did nearly all of his own running", "performs her own stunts".
    ("own", re.compile(r"\b(?:did|does|do|doing|performed|performs|perform)\s+(?:(?:nearly|"
                       r"almost|most|all|much|many|some|every|each|one|none)\s+(?:of\s+)?)*"
                       r"(?:his|her|their|my|our|its)\s+own\s+(?:\w+\s+)?\w+",
                       re.IGNORECASE)),
    # A trick of the making: "sewed heat packs into the lining", "hid a speaker inside".
    ("rig", re.compile(r"\b(?:sew(?:ed|n)?|stitch(?:ed)?|glued|bolted|welded|taped|hid|hidden|"
                       r"tucked|rigged|wired)\b[^.;]{0,40}\b(?:into|inside|under|underneath|"
                       r"behind|beneath)\b", re.IGNORECASE)),
    # Where an event is held: "at the Belvedere Theatre".
    ("venue", re.compile(r"\b(?:at|in)\s+(?:the\s+)?(?:[A-Z][\w'’&-]+\s+){1,4}(?:Theat(?:re|er)|"
                         r"Hall|Center|Centre|Hotel|Ballroom|Arena|Auditorium|Stadium|Pavilion|"
                         r"Playhouse|Museum|Bowl|Garden|Gardens|Club|Cinema|Lot)\b"
                         r"|\bhotel ballroom in [A-Z]\w+")),
]
_CREDIT_VERB = re.compile(r"\b(?:directed|co-directed|wrote|co-wrote|shot|scored|edited)\b",
                          re.IGNORECASE)
HARD = {"duration", "date", "award", "first", "casting", "credit", "place", "number", "name",
        "material", "choice", "venue", "keepsake", "event", "plan", "finish", "share", "prop",
        "measure", "own", "rig"}
# Details that are a topic of their own: a sentence with one is about the production.
SELF_TOPIC = {"award", "casting", "credit", "place", "name", "material", "venue", "keepsake",
              "event", "plan", "finish", "share", "own"}
STRONG_TOPIC = re.compile(
    r"\b(?:film\w*|shoot\w*|shot|shots|sets?|location\w*|built|build\w*|design\w*|"
    r"production|produc\w+|cast|casting|roles?|audition\w*|portray\w*|direct\w*|wrote|"
    r"written|writ\w+|script\w*|score|composer|music\w*|songs?|costume\w*|props?|camera\w*|"
    r"lens\w*|cinematograph\w*|edit\w*|premier\w*|releas\w*|renew\w*|emmys?|awards?|"
    r"nominat\w+|won|viewers|watched|most-watched|stream\w*|rehears\w*|stunt\w*|crew|"
    r"studio|soundstages?|stages?|takes|budget|showrunner|debut\w*|joined|recast|"
    r"department|vfx|effects|post-production|wardrobe|make-?up|table read|dailies|footage|"
    r"hired?|scout\w*|painted|paint|carpet|desks?|musicians|extras|dance\w*|danced|"
    r"conduct\w*|theat(?:er|re)|played|plays|acting|actors?|actress|filmmakers?|writers?|"
    r"appear\w*|lit|lighting|lights|gaffer|rigg\w*|LED|panels?|lamps?|dimmers?|swatch\w*|"
    r"doorframes?|corridors?|dressed|dressing|decorat\w*|fabricat\w*|sculpt\w*|suits?|"
    r"fittings?|versions|copies|duplicates|notes|notebooks?|nameplates?|spreadsheet|"
    r"entries|wrap|wrapped|auditioned|panel|ceremony|nominees|soundstage|backlot|"
    r"square feet|sq ft|extras|double|doubles|stand-in|prosthetic\w*|wigs?|makeup|make-up|"
    r"hair|hairspray|moustaches?|mustaches?|beards?|brows)\b",
    re.IGNORECASE)
WEAK_TOPIC = re.compile(
    r"\b(?:seasons?|episodes?|series|show|scenes?|sequence|finale|pilot|hallways?|office|"
    r"floor|building|minutes|hours|days|weeks|months|years|character|star\w*|play|playing|"
    r"credits|sound|title)\b", re.IGNORECASE)
SHOW = re.compile(r"\b(?:Severance|the show|the series|seasons?|episodes?|Lumon|Macrodata|"
                  r"severed|innies?|outies?|break room|MDR|Kier|the cast|the crew|the writers|"
                  r"production|filming|the set|the team|(?:art|costume|props|camera) department|"
                  r"Perpetuity|Optics and Design|O&D|Wellness|testing floor|severed floor)\b",
                  re.IGNORECASE)
# The show's own world: a bare count next to one of these is about the show ("two
# notebooks, a yellow one for the innie").
SHOW_WORLD = re.compile(r"\b(?:Severance|Lumon|Macrodata|severed|innies?|outies?|MDR|Kier|"
                        r"break room|Optics and Design|O&D)\b", re.IGNORECASE)
# Fans' reactions and the article's own view are not facts about the making of the show.
REACTION = re.compile(
    r"\b(?:fans|viewers|audiences|critics|the internet|people online|social media)\b[^.;]{0,60}"
    r"\b(?:argu\w+|debat\w+|theori[sz]\w*|react\w*|divided|obsess\w*|wonder\w*|speculat\w*|guess\w*|"
    r"loved|hated|praised|went wild|buzz\w*|waited|clamou?r\w*|eager)\b"
    r"|\b(?:divided|delighted|frustrated|thrilled)\s+(?:some\s+|many\s+)?(?:fans|viewers)\b"
    r"|\b(?:deserved|fascinating|impressive|a strong showing|few would argue|quite an "
    r"impression|it is not hard to see|it will be \w+ to see|remains to be seen)\b",
    re.IGNORECASE)
# A sentence that only sets up an interview or a question: "X was asked how ...",
# "we sat down with X".
INTRO = re.compile(
    r"\b(?:was|were) asked\b|\basked (?:him|her|them) (?:about|how|what|why|whether|if)\b|"
    r"\b(?:sat down with|caught up with|spoke (?:to|with)|talked (?:to|with)|chatted with|"
    r"joined (?:us|the call|the conversation)|welcom(?:ed|es|ing)|(?:was|were) joined by)\b",
    re.IGNORECASE)
# The interviewer setting up the interview: "we put them in the same room for an hour".
WE_INTRO = re.compile(r"\bwe (?:talked|spoke|sat|caught up|met|chatted|put|asked|got|invited|"
                      r"brought)\b", re.IGNORECASE)
# Credits that only say who plays whom: "Patricia Arquette, who plays Harmony Cobel," and
# "Tramell Tillman (Seth Milchick)". Blanked before looking for details.
APPOSITIVE_CREDIT = re.compile(
    r",\s+who (?:plays|played|portrays|portrayed|stars as|voices)\s+[^,;.]{2,40}(?=[,;.])|"
    r"\((?:[A-Z][\w.'’-]*\s?){1,4}\)")
OPINION = re.compile(
    r"\b(?:I think (?:it['’]s|that['’]s|this is)|I love|I loved|amazing|incredible|"
    r"brilliant|best (?:show|thing)|favou?rite|masterpiece|must-watch|stunning|gorgeous|"
    r"beautiful|perfect|wonderful|so good|so much fun|fun|great|hope|hopefully|feel like|"
    r"felt like|should|would love|wish)\b", re.IGNORECASE)
# A critic's verdict: a quality in the superlative or the comparative ("the best ten
# minutes the show has produced", "some of the most confident television", "sharper and
# sadder than before"), not a measure ("the most-watched", "the biggest audience").
VERDICT = re.compile(
    r"\b(?:best|worst|finest|greatest|weakest|strongest|funniest|saddest|scariest|"
    r"loveliest|better|worse)\b|\b(?:the|some of the|one of the)\s+most\s+(?!\w+ed\b|\w+-|"
    r"(?:for|of|in|on|at|to|from|among|ever|since|by|with|than|popular|watched|viewed|streamed|nominated|awarded)\b)"
    r"(?:\w+)\b|\b\w+er\s+(?:and\s+\w+er\s+)?than\s+(?:before|ever|we|it|anyone|last)\b",
    re.IGNORECASE)
# A portrait of someone, not a fact: "describes Ben Stiller as ...", "the kind of director
# who ...".
CHARACTERISATION = re.compile(
    r"\bdescrib\w*\s+(?:\w+\s+){1,3}?as\b|\bthe (?:kind|sort|type) of (?:\w+\s+){1,2}?"
    r"(?:who|that)\b", re.IGNORECASE)
# An answer that only makes sense with its question: "For a few weeks, yes."
ELLIPTICAL = re.compile(r"^(?:(?:\w+\s+){0,5}\w+,?\s+(?:yes|no|yeah|nope)|(?:yes|no|yeah|nope)"
                        r"\b,?(?:\s+\w+){0,5})[.!]?$", re.IGNORECASE)
PLOT = re.compile(
    r"\b(?:discovers?|learns?|realizes?|realises?|finds? out|decides?|confronts?|escapes?|"
    r"kisses?|kills?|dies|wakes?|tells? (?:him|her|them)|tries to|begins to|goes to|"
    r"returns to (?:the|his|her)|sneaks?|reveals? (?:that|to)|takes|wanders?|argues?|"
    r"hands? out)\b", re.IGNORECASE)
TAGS: list[tuple[str, re.Pattern[str]]] = [
    ("awards", re.compile(r"\b(?:emmy|golden globe|award|nominat|won\b|wins\b|trophy|"
                          r"prize)", re.IGNORECASE)),
    ("casting", re.compile(r"\b(?:cast|casting|joins?|joined|will play|series regular|"
                           r"recurring|audition)", re.IGNORECASE)),
    ("filming", re.compile(r"\b(?:film|shoot|shot|camera|location|take|takes)\b|\bfilm\w+",
                           re.IGNORECASE)),
    ("design", re.compile(r"\b(?:design|built|set|sets|props?|costume|wardrobe|art "
                          r"department)\b", re.IGNORECASE)),
    ("music", re.compile(r"\b(?:music|score|composer|song|soundtrack)\b", re.IGNORECASE)),
    ("release", re.compile(r"\b(?:premiere\w*|release\w*|renew\w*|stream\w*|viewers|"
                           r"most-watched)\b", re.IGNORECASE)),
    ("writing", re.compile(r"\b(?:wrote|written|writer|script|writers['’]? room)\b",
                           re.IGNORECASE)),
    ("directing", re.compile(r"\b(?:direct\w*)\b", re.IGNORECASE)),
]


@dataclass
class Evidence:
    quote: str  # verbatim
    start: int
    end: int
    speaker: str | None  # full name (a page's title or not); None: the article's narration
    line: int


@dataclass
class Fact:
    kind: str  # a FACT_KINDS name, or "general"
    value: str  # the template's value, or the fact's own clause
    evidence: list[Evidence] = field(default_factory=list)
    extra: str = ""  # an appositive ("a robotic camera")
    one_take: bool = False
    episodes: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    details: frozenset[str] = frozenset()
    line: int = 0
    focus: str = ""  # the detail that makes it a fact, as written ("62 takes")

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.value.casefold()

    @property
    def template(self) -> FactKind | None:
        return next((k for k in FACT_KINDS if k.name == self.kind), None)


@dataclass
class Unit:
    """A sentence a fact may come from, with who says it."""

    start: int
    end: int
    speaker: str | None
    quoted: bool  # words of a person (a quote), not the article's narration


def clause_of(text: str, start: int, end: int, limit: int = 200) -> tuple[int, int]:
    """The clause around ``start``..``end`` in ``text`` (offsets), kept short."""
    if len(text) <= limit:
        return 0, len(text)
    seps = list(re.finditer(r",\s+(?:and|but|so|when|while|as)\s+|;\s+|\s+[—–]\s+|"
                            r"\s+-\s+", text))
    a = max([0] + [m.end() for m in seps if m.end() <= start])
    b = min([len(text)] + [m.start() for m in seps if m.start() >= end])
    if b - a > limit:
        a = max(a, start - 80)
        b = min(b, end + 80)
        while a > 0 and not text[a - 1].isspace():
            a += 1
        while b < len(text) and not text[b].isspace():
            b -= 1
    return a, b


def units(doc: Document, found: Found) -> list[Unit]:
    """Every sentence that may state a fact, split into a person's words and narration."""
    out: list[Unit] = []
    by_block: dict[int, Quote] = {q.block: q for q in found.quotes if q.kind == "block"}
    turns_q = {ti: q for q in found.quotes if q.kind == "qa"
               for ti, t in enumerate(doc.turns) if t.start <= q.start < t.end}
    inline = [q for q in found.quotes if q.kind in ("inline", "fragment")]
    non = found.non_quotes
    for s in doc.sentences:
        if doc.blocks[s.block].kind in ("heading", "warning") or s.block in found.lead_ins:
            continue
        if s.turn is not None:
            if s.turn in found.question_turns:
                continue
            q = turns_q.get(s.turn)
            out.append(Unit(s.start, s.end, q.speaker_name if q else None, True))
            continue
        if s.block in by_block:
            out.append(Unit(s.start, s.end, by_block[s.block].speaker_name, True))
            continue
        chars = list(doc.text[s.start:s.end])
        inside = [q for q in inline if s.start <= q.start < s.end]
        for q in inside:
            text = doc.text[q.start:q.end]
            for a, b in sentence_spans(text):
                out.append(Unit(q.start + a, q.start + b, q.speaker_name, True))
        for span in doc.quoted_in(s.start, s.end):
            if any(span.start < q.start < span.end for q in inside) or any(
                    span.start < n.start < span.end and n.reason == "dialogue" for n in non):
                for i in range(max(span.start, s.start), min(span.end, s.end)):
                    chars[i - s.start] = " "
        rest = "".join(chars)
        if len(rest.split()) >= 5:
            out.append(Unit(s.start, s.end, None, False))
    return out


def _is_name(found: str) -> bool:
    """A name given to a thing is short, has an article ("the treadmill", the “fridge
    light”) and no first person ("the scariest thing I've read" is an opinion)."""
    at = max(found.find("“"), found.find('"'))
    inner = found[at + 1:].strip("”\" ,.")
    return len(inner.split()) <= 4 and not re.search(r"\b(?:I|I['’]\w+|we|my|our|me)\b",
                                                     inner) and bool(
        re.match(r"(?:the|a|an)\s", inner, re.IGNORECASE)
        or re.search(r"\b(?:the|a|an)\s+$", found[:at], re.IGNORECASE))


def _details(text: str) -> list[tuple[str, re.Match[str]]]:
    text = APPOSITIVE_CREDIT.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for name, pat in DETAILS:
        for m in pat.finditer(text):
            if name == "name" and not _is_name(m.group(0)):
                continue  # "called the scripts “the scariest thing I've read”": an opinion
            if name == "name" and re.search(r"\b(?:the show|the series|Lumon|the company|"
                                            r"the characters?|the innies|everyone)\s+(?:\w+\s+)?$",
                                            text[:m.start()], re.IGNORECASE):
                continue  # "what the show calls “the numbers”": its vocabulary
            if name == "number" and re.match(r"[a-z]", m.group(0), re.IGNORECASE) and \
                    re.search(r"\b(?:the|these|those|both|all)\s+$", text[:m.start()],
                              re.IGNORECASE):
                continue  # "the two leads", "the three of them": who, not how many
            if name == "number" and re.match(r"\s+(?:seasons|episodes)\b", text[m.end():]) and \
                    re.search(r"\b(?:first|last|past|previous|next|other|both)\s*$",
                              text[:m.start()], re.IGNORECASE):
                continue  # "the first two seasons": which seasons, not a count
            if name == "number" and (re.search(r"\b(?:season|episode|part|no\.|chapter)\s*$",
                                               text[:m.start()], re.IGNORECASE)
                                     or re.search(r"\bS\d{0,2}E?$", text[:m.start()])):
                continue
            if name == "number" and re.match(r"(?:19|20)\d\d\b", m.group(0)):
                continue
            out.append((name, m))
    return out


def find_facts(doc: Document, found: Found, subject: str) -> list[Fact]:
    """Facts of the article, in reading order (see the module docstring)."""
    facts: dict[tuple[str, str], Fact] = {}
    by_details: dict[frozenset[str], Fact] = {}
    for unit in units(doc, found):
        text = doc.text[unit.start:unit.end]
        blank = _blank_non_speech(doc, found, unit)
        if text.rstrip().endswith("?"):
            # "... the moderator asked the question everyone had: why did it take so long?"
            # keeps what comes before the question; a question alone is no fact.
            colon = text.rfind(": ")
            if colon < 0:
                continue
            unit = Unit(unit.start, unit.start + colon, unit.speaker, unit.quoted)
            text, blank = text[:colon], blank[:colon]
        if len(text.split()) < 5:
            continue
        templated = False
        for kind in FACT_KINDS:
            if kind.name in SUBJECT_KINDS and not subject:
                continue
            for m in kind.pattern.finditer(text):
                if kind.needs_filming_word and not _FILMING.search(text):
                    continue
                raw = next((m.group(g) for g in ("v", "v2") if g in kind.pattern.groupindex
                            and m.group(g)), "")
                value = _NORMALISE_APPROX.sub("", raw).strip(" ,") if kind.name == \
                    "duration" else raw.strip(" ,")
                value = " ".join(value.split())
                fact = facts.setdefault((kind.name, value.casefold()),
                                        Fact(kind.name, value, line=doc.line_of(unit.start)))
                if "app" in kind.pattern.groupindex and m.group("app") and not fact.extra:
                    fact.extra = m.group("app")
                if kind.name == "length" and _ONE_TAKE.search(text):
                    fact.one_take = True
                _cite(doc, fact, unit, text, m.start(), m.end())
                fact.tags = list(kind.tags)
                templated = True
        if templated:
            continue
        if not _is_fact(doc, unit, blank):
            continue
        dets = _details(blank)
        hard = [(n, m) for n, m in dets if n in HARD]
        m0 = _CREDIT_VERB.search(blank)
        first_span = (hard or dets)[0][1].span() if (hard or dets) else (
            m0.span() if m0 else (0, len(blank)))
        key = frozenset(_norm(m.group(0)) for n, m in hard if n in ("duration", "number",
                                                                    "date"))
        same = by_details.get(key) if key else None
        if same is None or not _overlap(doc, same, text):
            fact = Fact("general", "", line=doc.line_of(unit.start))
            facts[("general", str(unit.start))] = fact
            if key:
                by_details[key] = fact
        else:
            fact = same
        _cite(doc, fact, unit, text, *first_span)
        if not fact.value:
            fact.value = fact.evidence[0].quote
        fact.details = key
        fact.tags = [t for t, pat in TAGS if pat.search(text)][:3] or ["production"]
    out = []
    for fact in facts.values():
        if not fact.evidence:
            continue
        said = [e for e in fact.evidence if e.speaker]
        if said and fact.kind != "general":
            fact.evidence = said
        out.append(fact)
    out.sort(key=lambda f: f.evidence[0].start)
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"^(?:about|around|roughly|nearly|almost|over|some)\s+", "",
                           text.casefold()).split())


def _overlap(doc: Document, fact: Fact, text: str) -> bool:
    """Two sentences with the same numbers tell the same fact when they share a word
    of substance besides them."""
    stop = {"the", "a", "an", "and", "of", "to", "in", "it", "was", "that", "for", "on",
            "with", "we", "i", "he", "she", "they", "is", "this", "had", "have", "at", "as"}
    words = {w for w in re.findall(r"[a-z]{4,}", text.casefold()) if w not in stop}
    old = {w for e in fact.evidence for w in re.findall(r"[a-z]{4,}", e.quote.casefold())}
    return len(words & old) >= 2


def _blank_non_speech(doc: Document, found: Found, unit: Unit) -> str:
    """The unit's text with the show's dialogue blanked, and in the narration also the
    sentences a person is quoted saying in it: those are read as that person's (their own
    unit), never again as the article's narration."""
    chars = list(doc.text[unit.start:unit.end])
    spans = [(n.start, n.end) for n in found.non_quotes if n.reason == "dialogue"]
    if not unit.quoted:
        # whole quoted sentences; a short fragment woven into the narration's grammar
        # ("he says it took him “about a year”") stays part of it
        spans += [(q.start, q.end) for q in found.quotes if q.kind == "inline"]
    for a, b in spans:
        if unit.start <= a < unit.end:
            for i in range(a, min(b, unit.end)):
                chars[i - unit.start] = " "
    return "".join(chars)


def _reaction_only(text: str, dets: list[tuple[str, re.Match[str]]]) -> bool:
    """Fans' reaction or the writer's view, with no detail outside that clause ("left fans
    arguing for weeks"; but "fans have argued about it: the list runs to 212 entries")."""
    m = REACTION.search(text)
    if m is None:
        return False
    if m.start() <= 2 and not any(n in ("number", "date") for n, _ in dets):
        return True  # "Fans have argued for months about ...": the sentence is the reaction
    bounds = [0, *(x.end() for x in re.finditer(r"[:;]\s|,\s+(?:but|and|while|though)\s",
                                                 text)), len(text) + 1]
    lo = max(b for b in bounds if b <= m.start())
    hi = min(b for b in bounds if b > m.start())
    return all(lo <= d.start() < hi for n, d in dets if n in HARD)


def _is_fact(doc: Document, unit: Unit, text: str) -> bool:
    dets = _details(text)
    hard = {n for n, _ in dets if n in HARD}
    if not hard and _CREDIT_VERB.search(text) and doc.people_in(unit.start, unit.end) and (
            doc.episodes_in(unit.start, unit.end) or re.search(
                r"\b(?:it|episodes?|finale|premiere|pilot)\b", text, re.IGNORECASE)):
        hard = {"credit"}  # "Stiller directed it", "Perry co-wrote Sweet Vitriol"
    if not hard:
        return False
    # The sentence, or the one before it in the same paragraph, says what it is about.
    si = doc.sentence_at(unit.start)
    ctx_start = unit.start
    if si is not None and si > 0 and doc.sentences[si - 1].block == doc.sentences[si].block:
        ctx_start = doc.sentences[si - 1].start
    context = doc.text[ctx_start:unit.end]
    people = doc.people_in(ctx_start, unit.end)
    chars = doc.characters_in(ctx_start, unit.end)
    episodes = doc.episodes_in(ctx_start, unit.end)
    unknown = any(w in context for u in doc.unknown for w in u.split() if len(w) > 3)
    event = "venue" in hard and "date" in hard  # "announced on July 26 at the X Theatre"
    strong = STRONG_TOPIC.search(text) is not None
    if not (people or chars or episodes or unknown or unit.speaker or SHOW.search(context)
            or event or (strong and doc.about_show)):
        return False
    if _reaction_only(text, dets):
        return False
    if (INTRO.search(text) or (not unit.quoted and WE_INTRO.search(text))) and \
            not hard & {"award", "name", "material"}:
        return False
    weak = WEAK_TOPIC.search(text) is not None
    if hard == {"number"}:
        if not strong and not (unit.quoted and SHOW_WORLD.search(text)) and not re.search(
                rf"\b(?:\d+|{_NUMWORD})\s+(?:episodes|nominations|nods|seasons)\b", text,
                re.IGNORECASE):
            return False
    elif hard <= {"choice", "number", "prop"}:
        if not strong:
            return False
    elif not strong and not hard & SELF_TOPIC and not (
            weak and hard & {"date", "duration", "first"}) and not event:
        return False
    soft = hard <= {"number", "first", "choice", "duration"}
    if soft and any(_clause_has(text, d, OPINION) for n, d in dets if n in HARD):
        return False  # the opinion is said of the detail itself (not of another clause)
    if soft and not unit.quoted and any(_clause_has(text, d, VERDICT) for n, d in dets
                                        if n in HARD):
        return False  # "the best ten minutes the show has produced": a critic's verdict
    if soft and CHARACTERISATION.search(text):
        return False
    if unit.quoted and ELLIPTICAL.match(text.strip()):
        return False
    own_people = doc.people_in(unit.start, unit.end)
    own_chars = doc.characters_in(unit.start, unit.end)
    return not (own_chars and not own_people and not unit.quoted and PLOT.search(text)
                and not re.search(r"\b(?:film|shot|shoot|built|design|cast)", text,
                                  re.IGNORECASE))


def _clause_has(text: str, detail: re.Match[str], pat: re.Pattern[str]) -> bool:
    """Whether ``pat`` occurs in the clause of ``text`` that holds ``detail`` (clauses cut
    at semicolons, colons, dashes and ", and/but/while ...")."""
    cuts = [0, *(m.end() for m in re.finditer(r"[;:]\s|\s[—–-]\s|,\s+(?:and|but|while|"
                                              r"though|whereas|yet)\s", text)), len(text) + 1]
    lo = max(c for c in cuts if c <= detail.start())
    hi = min(c for c in cuts if c > detail.start())
    return pat.search(text[lo:hi]) is not None


def _cite(doc: Document, fact: Fact, unit: Unit, text: str, ms: int, me: int) -> None:
    a, b = clause_of(text, ms, me)
    a, b = unit.start + a, unit.start + b
    while a < b and (doc.text[a].isspace() or doc.text[a] in "“”\"—–-,"):
        a += 1
    while b > a and (doc.text[b - 1].isspace() or doc.text[b - 1] in "“”\",;:—–-"):
        b -= 1
    quote = doc.verbatim(a, b)
    if not quote or any(e.quote == quote for e in fact.evidence):
        return
    if not fact.evidence:
        fact.focus = " ".join(text[ms:me].split())
    fact.evidence.append(Evidence(quote, a, b, unit.speaker, doc.line_of(a)))
