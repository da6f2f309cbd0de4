"""What a pair's reasons say: the sentences, and the `Wording` that puts them in a reader's words.

`text` finds and weighs the words of goals and bios; scoring decides what a pair shares; this
module only turns those findings into sentences. Every sentence goes through a `Wording`, which
by default writes English and which the site replaces with one that translates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .profiles import IN_PERSON


def _(text: str) -> str:
    """Marks a reason's wording for the site's catalogues (`make messages` looks for `_`). A
    no-op: the engine needs no Django, and `Wording.translate` is where translation happens."""
    return text


# English names of the languages members are likely to give, by ISO 639 code, so reasons
# say "both speak Welsh", never "both speak cy". Callers may pass names for other codes.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bfi": "British Sign Language",
    "bn": "Bengali",
    "cy": "Welsh",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gu": "Gujarati",
    "it": "Italian",
    "kw": "Cornish",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "so": "Somali",
    "ur": "Urdu",
}


def display_skill(name: str) -> str:
    """A skill name for use mid-sentence: "Community shares" -> "community shares", "HR" kept."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """Join words as "a", "a and b" or "a, b and c"."""
    return _joined(items, f"%(first)s {conjunction} %(last)s")


def _joined(items: Sequence[str], pattern: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return pattern % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _hours(value: float) -> str:
    return f"{value:g}"


class Wording:
    """How a pair's reasons are worded: by default in English, naming languages in English
    and skills and stages by the names the engine was given (the command line and stored
    proposals use this). The site passes one that translates the wording and names languages,
    stages and skills for the reader."""

    def __init__(self, language_names: Mapping[str, str] | None = None) -> None:
        self.language_names = dict(language_names or {})

    def translate(self, text: str) -> str:
        return text

    def language(self, code: str) -> str:
        return self.language_names.get(code) or LANGUAGE_NAMES.get(code, code)

    def languages(self, codes: Iterable[str], conjunction: str = "and") -> str:
        """Languages by name, sorted by name, joined as "Welsh and English" (or "or")."""
        names = sorted({self.language(code) for code in codes})
        if conjunction == "or":
            return _joined(names, self.translate(_("%(first)s or %(last)s")))
        return self.join(names)

    def stage(self, stage: str) -> str:
        return stage

    def skill(self, name: str) -> str:
        return name

    def category(self, name: str) -> str:
        return name

    def join(self, items: Sequence[str]) -> str:
        """Join words as "a", "a and b" or "a, b and c", in the reader's language."""
        return _joined(items, self.translate(_("%(first)s and %(last)s")))

    def say(self, text: str, **values: object) -> str:
        return self.translate(text) % values


ENGLISH = Wording()


# -- the reasons a pair's breakdown gives, part by part -----------------------------------


def skill_reasons(
    w: Wording,
    wanted: int,
    shared: Sequence[str],
    related: Sequence[tuple[str, str]],
) -> list[str]:
    """What the mentor offers of the wanted skills; related holds (skill, its category)."""
    reasons = []
    if shared:
        names = ", ".join(display_skill(w.skill(s)) for s in shared)
        offers = _("offers %(shared)s of %(wanted)s wanted skills: %(names)s")
        reasons.append(w.say(offers, shared=len(shared), wanted=wanted, names=names))
    if related:
        names = ", ".join(
            f"{display_skill(w.skill(skill))} ({w.category(category)})"
            for skill, category in related
        )
        related_text = _("offers related skills in the same area for %(names)s")
        reasons.append(w.say(related_text, names=names))
    if not shared and not related:
        none_text = _("offers none of the %(wanted)s wanted skills")
        reasons.append(w.say(none_text, wanted=wanted))
    return reasons


def goal_reason(w: Wording, words: Sequence[str]) -> str:
    """The goals' words the mentor's skills and bio use, quoted as the goals spell them."""
    quoted = w.join([f"\u201c{word}\u201d" for word in words])
    return w.say(_("their skills and bio mention %(words)s from the goals"), words=quoted)


def experience_reason(w: Wording, stage: str, helped: bool, years: float) -> str:
    """The mentor's help at the mentee's stage and years of experience ("" if neither)."""
    bits = []
    if helped:
        bits.append(w.say(_("has helped co-ops at the %(stage)s stage"), stage=w.stage(stage)))
    if years:
        bits.append(w.say(_("%(years)s years' experience"), years=f"{years:g}"))
    return "; ".join(bits)


def sector_reason(w: Wording, sector: str) -> str:
    return w.say(_("both work in %(sector)s"), sector=sector)


def availability_reason(w: Wording, wanted: float, offered: float | None) -> str:
    """How the mentor's hours a month meet the hours wanted (offered None: not given)."""
    if offered is None:
        return w.say(_("hours a month not given (wanted %(wanted)s)"), wanted=_hours(wanted))
    if offered >= wanted:
        return w.say(_("offers the %(wanted)s hours a month wanted"), wanted=_hours(wanted))
    return w.say(
        _("offers %(offered)s of %(wanted)s hours a month wanted"),
        offered=_hours(offered),
        wanted=_hours(wanted),
    )


def languages_reason(w: Wording, languages: Iterable[str]) -> str:
    return w.say(_("both speak %(languages)s"), languages=w.languages(languages))


def remote_reason(w: Wording, formats: frozenset[str]) -> str:
    """For a pair who share remote meetings (and perhaps in-person ones too)."""
    if IN_PERSON in formats:
        return w.say(_("both meet remotely or in person"))
    return w.say(_("both meet remotely"))


def in_person_reason(w: Wording, same_region: bool, mentee_region: str, mentor_region: str) -> str:
    """For a pair who can only meet in person: where each of them is."""
    if same_region:
        return w.say(_("both meet in person in %(region)s"), region=mentor_region)
    if mentee_region and mentor_region:
        apart = _("meet in person but live apart (%(mentee)s, %(mentor)s)")
        return w.say(apart, mentee=mentee_region, mentor=mentor_region)
    return w.say(_("both meet in person"))
