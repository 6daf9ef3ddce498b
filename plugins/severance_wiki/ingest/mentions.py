"""Episode mentions ("the Season 2 premiere" is S2E1) and proper names the wiki lacks."""

from __future__ import annotations

import re

from .lexicon import Lexicon, Mention, title_key

NUMBERS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve"])}
ORDINALS = {w: i for i, w in enumerate(
    ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
     "ninth", "tenth", "eleventh", "twelfth"])}
_NUM = r"(?:\d{1,2}|" + "|".join(NUMBERS) + ")"
_ORD = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORDINALS) + ")"
_S = r"(?:Severance(?:['’]s)?\s+|the\s+show['’]s\s+|the\s+series['’]\s+)?"
_POSS = r"(?:['’]s)?"

# (pattern, what it means). Groups: s = season number, o = season ordinal, e = episode.
EPISODE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), what) for p, what in (
        (r"\bS(?P<s>\d{1,2})\s?E(?P<e>\d{1,2})\b", "episode"),
        (rf"\b{_S}season\s+(?P<s>{_NUM}),?\s+episode\s+(?P<e>{_NUM})\b", "episode"),
        (rf"\bepisode\s+(?P<e>{_NUM})\s+of\s+{_S}season\s+(?P<s>{_NUM})\b", "episode"),
        (rf"\b(?P<eo>{_ORD})\s+episode\s+of\s+{_S}season\s+(?P<s>{_NUM})\b", "episode"),
        (rf"\b{_S}season\s+(?P<s>{_NUM}){_POSS}\s+(?P<eo>{_ORD})\s+episode\b", "episode"),
        (rf"\b{_S}season\s+(?P<s>{_NUM}){_POSS}\s+(?:premiere|opener|first\s+episode|"
         r"opening\s+episode|debut)\b", "premiere"),
        (rf"\b{_S}(?P<o>{_ORD})\s+season{_POSS}\s+(?:premiere|opener|first\s+episode|debut)\b",
         "premiere"),
        (rf"\b{_S}season\s+(?P<s>{_NUM})\s+(?:premiered|premieres|debuted|debuts)\b",
         "premiere"),
        (rf"\b{_S}(?P<o>{_ORD})\s+season\s+(?:premiered|premieres|debuted|debuts)\b",
         "premiere"),
        (rf"\b(?:start|beginning|opening|premiere|first\s+episode)\s+of\s+{_S}season\s+"
         rf"(?P<s>{_NUM})\b", "premiere"),
        (rf"\bwhen\s+{_S}season\s+(?P<s>{_NUM})(?:\s+of\s+Severance)?\s+"
         r"(?:starts|begins|opens)\b", "premiere"),
        (r"\b(?:series\s+premiere|pilot\s+episode|the\s+pilot)\b", "pilot"),
        (rf"\b{_S}season\s+(?P<s>{_NUM}){_POSS}\s+(?:finale|last\s+episode|final\s+episode|"
         r"closer)\b", "finale"),
        (rf"\b{_S}(?P<o>{_ORD})\s+season{_POSS}\s+(?:finale|last\s+episode|final\s+episode)\b",
         "finale"),
        (rf"\b(?:end|close|conclusion|finale|last\s+episode|final\s+episode)\s+of\s+{_S}"
         rf"season\s+(?P<s>{_NUM})\b", "finale"),
        (rf"\b(?:end|close|conclusion|finale)\s+of\s+(?:the\s+)?{_S}(?P<o>{_ORD})\s+season\b",
         "finale"),
    )
]


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.lower()
    if t in NUMBERS:
        return NUMBERS[t]
    if t in ORDINALS:
        return ORDINALS[t]
    digits = re.match(r"\d+", t)
    return int(digits.group(0)) if digits else None


_SEASON = re.compile(rf"\bseason\s+(?P<s>{_NUM})\b|\b(?P<o>{_ORD})\s+season\b", re.IGNORECASE)
_BARE = re.compile(
    r"\b(?:the|its)\s+(?:season\s+|new\s+season['’]s\s+)?(?P<w>premiere|finale|opener)\b"
    rf"|\b(?P<ep>episode)\s+(?P<e>{_NUM})\b|\bthe\s+(?P<eo>{_ORD})\s+(?P<ep2>episode)\b",
    re.IGNORECASE)


# A title introduced as a book, a song or another work, not as an episode.
_WORK = re.compile(r"\b(?:book|novel|memoir|song|album|single|track|poem|record|tune|"
                   r"copies\s+of)(?:\s+(?:called|titled|named))?,?\s*[“\"‘'*_]?$",
                   re.IGNORECASE)


def find_episodes(text: str, lex: Lexicon, context: list[int] | None = None) -> list[Mention]:
    """Episode mentions in ``text``. ``context`` carries the season last named from one
    paragraph to the next, so a bare "the premiere" after "the second season" is S2E1."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pat, what in EPISODE_PATTERNS:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            season = _num(groups.get("s")) or _num(groups.get("o"))
            key: str | None = None
            if what == "pilot":
                key = "S1E1"
            elif what == "premiere" and season:
                key = f"S{season}E1"
            elif what == "finale" and season:
                key = lex.season_ends.get(season)
            elif what == "episode" and season:
                ep = _num(groups.get("e")) or _num(groups.get("eo"))
                key = f"S{season}E{ep}" if ep else None
            if key and key in lex.episodes:
                taken.append((m.start(), m.end()))
                found.append(Mention(m.start(), m.end(), m.group(0), "episode", (key,), what))
    # Episode titles of two words or more count as written (exact case); any title counts
    # when set off in quotation marks or italics; never a book's or a song's title that is
    # also an episode's ("the book “The You You Are”", "600 copies of “...”").
    for key in lex.episode_titles.values():
        title = lex.episodes[key]
        if len(title.split()) < 2:
            continue
        pattern = re.sub(r"['’]", "['’]", re.escape(title.rstrip("?")))
        for m in re.finditer(rf"(?<![\w]){pattern}\??(?![\w])", text):
            if _WORK.search(text, 0, m.start()):
                taken.append((m.start(), m.end()))
            elif not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append(Mention(m.start(), m.end(), m.group(0), "episode", (key,), "title"))
    # Quoted or italic titles.
    for m in re.finditer(r"[“\"*_](?P<t>[^“”\"*_]{3,60}?)[,.]?[”\"*_]", text):
        key = lex.episode_titles.get(title_key(m.group("t").strip().rstrip(",.")))
        if key and not any(a < m.end() and m.start() < b for a, b in taken) and \
                not _WORK.search(text, 0, m.start() + 1):
            taken.append((m.start(), m.end()))
            found.append(Mention(m.start(), m.end(), m.group(0), "episode", (key,), "title"))
    if context is not None:
        seasons = [(m.start(), _num(m.group("s")) or _num(m.group("o")))
                   for m in _SEASON.finditer(text)]
        for m in _BARE.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if any(0 <= a - m.end() <= 4 and not text[m.end():a].strip(" ,:(—–-“\"*_")
                   for a, _ in taken):
                continue  # "the finale, “Cold Harbor”": the title says which episode
            if any(0 <= m.start() - b <= 4 and not text[b:m.start()].strip(" ,:(—–-”\"*_")
                   for _, b in taken):
                continue  # "“Woe’s Hollow,” the fourth episode of the season": likewise
            named = [n for pos, n in seasons if pos < m.start() and n]
            season = named[-1] if named else (context[0] if context else None)
            if not season:
                continue
            word = (m.group("w") or "episode").lower()
            number = _num(m.group("e")) or _num(m.group("eo"))
            if word == "episode":
                key = f"S{season}E{number}" if number else None
            else:
                key = lex.season_ends.get(season) if word == "finale" else f"S{season}E1"
            if key and key in lex.episodes:
                found.append(Mention(m.start(), m.end(), m.group(0), "episode", (key,),
                                     word if word != "opener" else "premiere"))
        for _, n in seasons:
            if n:
                context[:] = [n]
    found.sort(key=lambda x: x.start)
    return found


# --- names the wiki does not know ----------------------------------------------------------

_CAP_SEQ = re.compile(
    r"(?<![\w’'])(?:[A-Z]\.|[A-Z][\w’'-]*)(?:\s+(?:(?:de|van|von|da|del|di|le|la|al|bin)\s+)?"
    r"(?:[A-Z]\.|[A-Z][\w’'-]*))+"
)
# Capitalised words that are not parts of people's names (sentence openers, calendar,
# platforms, show vocabulary). Sequences made of these alone are never reported.
_NOT_NAMES_TEXT = """
A An And As At But By For From He Her His How I If In It Its Me My No Not Of On Or Our She So
That The Their Then There These They This Those To We What When Where Which While Who Why
With You Your After Before During Since Until Although Though Because However Also Yes Oh
Okay Well Like Just Even Still Meanwhile Plus Knowing Thinking Getting Between Speaking
Season Seasons Episode Episodes Part Chapter Series Show TV Apple TV+ Netflix HBO
Every Each All Some Most Many Both Any Another Other Several Few No None Nobody Everyone
Mammalians Nurturable Wellness Testing Export Waffle Goats Innie Innies Outie Outies Severed
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Severance Lumon Q Interview
Question Answer Editor Note Update Read More Image Credit Photo Exclusive Spoilers Warning
Emmy Emmys Golden Globe Globes Award Awards Oscar Oscars Premiere Finale Trailer Teaser
Mr Mr. Ms Ms. Mrs Mrs. Dr Dr. None I'm I’m I've I’ve I'd I’d I'll I’ll Yes No
New Los San Las Upstate State Park County City Street Avenue Hall Island Lake River Mountain
Association Academy Festival University College Studios Studio Network Magazine Times News
Theater Theatre Center Centre Square Stage Stages Museum Library Institute Company Records
Macrodata Refinement Optics Design Kier Eagan Perpetuity Wing Board Committee Council Guild
Critics Choice Television Film Festival Awards Variety Deadline Collider Decider Vulture
"""
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


# Capitalised words that open a sentence before a name: "Newcomer Odile Marchetti",
# "Actor Sam Reyes". Dropped from the front of an unknown name.
_LEAD_WORDS_TEXT = """
Newcomer Newcomers Actor Actress Actors Star Co-star Costar Director Directors Creator Producer
Producers Executive Writer Writers Showrunner Designer Composer Cinematographer Editor
Moderator Host Panelist Veteran Comedian Author Novelist Choreographer Coordinator Supervisor
Gaffer Decorator Photographer Journalist Critic Critics Reporter Stunt Casting Production
Set Props Costume Makeup Hair Sound Music Art Former Fellow Guest Cast Crew Collaborator
Singer Musician Filmmaker Animator Artist Consultant Assistant Senior Lead Chief Head
Publicist Historian Researcher Illustrator Sculptor Carpenter Electrician Tailor Puppeteer
Trainer Advisor Adviser Coach Professor Teacher Grip Key Prop Master Stunts First Second
Line Associate Supervising AD DP DoP VFX Visual Effects Location Script Dialect Intimacy
"""
LEAD_WORDS = frozenset(_LEAD_WORDS_TEXT.split())


# Words that make a capitalised name a company, a publication or a place, not a person.
_NOT_PERSON_TEXT = """Films Productions Pictures Entertainment Media Group Press Report
Daily Weekly Post Journal Review Wire Desk Sheet Line Room Radio Podcast Show Channel Records
Labs Inc LLC Ltd Co Company Agency Partners Foundation Society Club Bar Cafe Hotel Road Lane
Drive Building Tower Plaza Market Fund Project Team Department Metrics Analytics Research
Insights Data Digital Studio Studios Network Magazine Times News Convention Conference Expo
Summit Gala Fair Images"""
NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split())
# The last word of an institution's or an event's name ("the Lantern Circle Awards"):
# the words before it are part of that name, not a person's.
_INSTITUTION_TEXT = """Award Awards Prize Prizes Festival Fest Gala Ceremony Association
Academy University College Guild Council Committee Board Institute Foundation Society Museum
Library Theater Theatre Center Centre Studios Studio Network Magazine Times News Records
Company Medal Trophy Cup Summit Expo Convention Conference Showcase"""
INSTITUTION = frozenset(_INSTITUTION_TEXT.split())
# A name after one of these nouns is an organisation's: "the analytics firm Clearview Metrics".
_ORG_NOUN = re.compile(r"\b(?:firm|company|studio|network|streamer|outlet|agency|publication|"
                       r"magazine|website|site|label|brand|group|association|organi[sz]ation|"
                       r"newspaper|podcast|channel|distributor|startup|venue|theat(?:re|er))\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)


def unknown_names(text: str, known_spans: list[tuple[int, int]], lex: Lexicon,
                  ignore: set[str]) -> list[tuple[str, int, int]]:
    """Capitalised multi-word names in ``text`` that match no page, credit or known phrase,
    each with the offsets of the capitalised run it was found in."""
    out: list[tuple[str, int, int]] = []
    for m in _CAP_SEQ.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in known_spans):
            continue
        words = m.group(0).split()
        if words[-1].endswith(("’s", "'s")):
            words[-1] = words[-1][:-2]  # "Jonah Pike's" -> "Jonah Pike"
        while words and (words[0].rstrip(".") in NOT_NAMES | {w.rstrip(".") for w in NOT_NAMES}
                         or (words[0] in LEAD_WORDS and len(words) >= 3)):
            words.pop(0)
        if words and words[-1].rstrip(".,") in INSTITUTION:
            continue  # "the Lantern Circle Awards", "the Halden Festival": not a person
        while words and words[-1].rstrip(".,") in NOT_NAMES:
            words.pop()
        if any(len(w) >= 2 and w.isupper() and "." not in w for w in words):
            continue  # an acronym ("MDR", "TCA") makes it a term or a group, not a person
        if len(words) < 2:
            continue
        name = " ".join(words).rstrip(",.;:")
        if name in ignore or name in lex.forms or any(w in NOT_NAMES for w in words):
            continue
        if any(name in credit or credit in name for credit in lex.credits):
            continue
        if title_key(name) in lex.episode_titles:
            continue
        if re.search(r"\b(?:told|tells|telling|wrote for|writing for)\s+(?:the\s+)?$",
                     text[:m.start()], re.IGNORECASE) and re.match(r"\s*[.,;:!?]|\s*$",
                                                                   text[m.end():]):
            continue  # "..., she told Vanity Fair.": a publication, not a person
        if set(words) & NOT_PERSON or _ORG_NOUN.search(text[:m.start()]):
            continue  # "Clearview Metrics", "the analytics firm Clearview"
        if re.search(r"[a-z-](?:Con|Fest)$", words[-1]) or re.search(
                r"\bat\s+the\s+$", text[:m.start()]):
            continue  # an event or a place: "Hudson Valley FanCon", "at the Lindqvist Hall"
        out.append((name, m.start(), m.end()))
    return out
