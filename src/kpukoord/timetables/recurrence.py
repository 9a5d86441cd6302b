"""Recurring stages: the periods of a rule and the expected dates of each occurrence.

A stage of a between-elections programme (the quarterly pleno rekapitulasi DPB, the
SIPOL semester close) carries a rule in its schedule file::

    recurs:
      every: quarterly        # quarterly, semester or yearly
      from: 2025-Q2           # the first period (2025-S1, 2025 for yearly)
      until: 2029-Q4          # optional: the last period
      when: after-end         # after-end, end (the period's last day) or period (all of it)
      working_days: [1, 5]    # after-end: the 1st to the 5th working day after the period
      window:                 # optional: where a confirmed date of a period may fall,
        before_end: 30        #   from 30 days before the period's last day (a Q4 pleno
        after_end: 31         #   early in December) to 31 days after it (a Q3 one in October)

Occurrences are derived on read for the window asked about; nothing is stored per
period except the dates someone confirmed (a file's ``occurrences``, ``stage confirm``).
Working days skip weekends and national holidays (:mod:`kpukoord.timetables.workdays`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from kpukoord.language.i18n import N_, _
from kpukoord.timetables import workdays

EVERY = {"quarterly": 3, "semester": 6, "yearly": 12}
WHEN = ("after-end", "end", "period")
_ROMAN = ("I", "II", "III", "IV")
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|S[12]))?$")
_LABEL = {"quarterly": "triwulan", "semester": "semester"}
# how messages name a rule's recurrence ("triwulanan"), never the YAML word itself
_EVERY_WORDS = {"quarterly": N_("quarterly"), "semester": N_("semester"), "yearly": N_("yearly")}


def every_label(every: str) -> str:
    """A rule's ``every`` as people read it, in the language in force."""
    english = _EVERY_WORDS.get(every)
    return _(english) if english else every


@dataclass(frozen=True)
class Rule:
    every: str
    first: str
    last: str | None = None
    when: str = "end"
    working_days: tuple[int, int] = (1, 1)
    window: tuple[int, int] | None = None  # (before_end, after_end) days: see allowed()

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"every": self.every, "from": self.first, "when": self.when}
        if self.last:
            out["until"] = self.last
        if self.when == "after-end":
            out["working_days"] = list(self.working_days)
        if self.window is not None:
            out["window"] = {"before_end": self.window[0], "after_end": self.window[1]}
        return out


@dataclass(frozen=True)
class Occurrence:
    period: str
    start: dt.date
    end: dt.date


def _parse_period(every: str, text: Any) -> tuple[int, int]:
    """(year, index from 0) of a period like 2026-Q4, 2026-S2 or 2026."""
    m = _PERIOD.match(str(text).strip()) if text is not None else None
    if m is None or not 1900 <= int(m.group(1)) <= 2999:
        raise ValueError(
            _("{text!r} is not a period (like 2026-Q4, 2026-S2 or 2026)").format(text=text)
        )
    year, part = int(m.group(1)), m.group(2)
    want = {"quarterly": "Q", "semester": "S", "yearly": None}[every]
    if (part[0] if part else None) != want:
        raise ValueError(
            _("{text!r} is not a {every} period (like {example})").format(
                text=text, every=every_label(every), example=period_name(every, 2026, 1)
            )
        )
    return year, int(part[1]) - 1 if part else 0


def period_name(every: str, year: int, index: int) -> str:
    if every == "quarterly":
        return f"{year}-Q{index + 1}"
    if every == "semester":
        return f"{year}-S{index + 1}"
    return str(year)


def period_label(every: str, period: str) -> str:
    """'triwulan IV 2026', 'semester II 2026', '2026' (Indonesian, as offices name them)."""
    year, index = _parse_period(every, period)
    if every == "yearly":
        return str(year)
    return f"{_LABEL[every]} {_ROMAN[index]} {year}"


def parse(data: Any) -> Rule:
    """A rule from a file's ``recurs`` mapping; ValueError says what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(_("recurs must be a mapping (every, from, when)"))
    unknown = sorted(set(data) - {"every", "from", "until", "when", "working_days", "window"})
    if unknown:
        raise ValueError(_("unknown recurs field {k!r}").format(k=unknown[0]))
    every = data.get("every")
    if not isinstance(every, str) or every not in EVERY:
        raise ValueError(_("recurs: every must be one of {value0}").format(value0=", ".join(EVERY)))
    if data.get("from") is None:
        raise ValueError(_("recurs: from is required (the first period, like 2025-Q2)"))
    first = str(data["from"]).strip()
    _parse_period(every, first)
    last = None
    if data.get("until") is not None:
        last = str(data["until"]).strip()
        if _parse_period(every, last) < _parse_period(every, first):
            raise ValueError(
                _("recurs: until {last} is before from {first}").format(last=last, first=first)
            )
    when = data.get("when", "end")
    if not isinstance(when, str) or when not in WHEN:
        raise ValueError(_("recurs: when must be one of {value0}").format(value0=", ".join(WHEN)))
    wd: tuple[int, int] = (1, 1)
    if "working_days" in data:
        raw = data["working_days"]
        if when != "after-end":
            raise ValueError(_("recurs: working_days only goes with when: after-end"))
        if (
            not isinstance(raw, list)
            or len(raw) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
            or not 1 <= raw[0] <= raw[1] <= 30
        ):
            raise ValueError(_("recurs: working_days must be [first, last], like [1, 5] (1 to 30)"))
        wd = (raw[0], raw[1])
    elif when == "after-end":
        raise ValueError(_("recurs: when: after-end needs working_days, like [1, 5]"))
    return Rule(every, first, last, when, wd, _window(data.get("window")))


def _window(raw: Any) -> tuple[int, int] | None:
    """A rule's ``window`` (where a confirmed date may fall): days before and after the
    period's last day, each 0 to 366."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"before_end", "after_end"}:
        raise ValueError(_("recurs: window must be a mapping of before_end and after_end (days)"))
    days = (raw["before_end"], raw["after_end"])
    if not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 366 for d in days):
        raise ValueError(_("recurs: window: before_end and after_end must be days from 0 to 366"))
    return days


def from_json(data: dict[str, Any]) -> Rule:
    return parse(data)


def bounds(rule: Rule, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period."""
    year, index = _parse_period(rule.every, period)
    months = EVERY[rule.every]
    start = dt.date(year, 1 + index * months, 1)
    nxt_month = start.month + months
    nxt = dt.date(year + (nxt_month - 1) // 12, (nxt_month - 1) % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _key(rule: Rule, period: str) -> tuple[int, int]:
    return _parse_period(rule.every, period)


def has_period(rule: Rule, period: str) -> bool:
    """Whether the rule has this period (between from and until)."""
    k = _key(rule, period)
    return _key(rule, rule.first) <= k and (rule.last is None or k <= _key(rule, rule.last))


def check_period(rule: Rule, period: str) -> None:
    """ValueError unless the rule has this period."""
    _parse_period(rule.every, period)
    if not has_period(rule, period):
        until = f" – {rule.last}" if rule.last else ""
        raise ValueError(
            _("this stage has no period {period} (it recurs {every} from {first}{until})").format(
                period=period, every=every_label(rule.every), first=rule.first, until=until
            )
        )


def expected(rule: Rule, period: str) -> Occurrence:
    """The dates the rule gives a period's occurrence."""
    start, end = bounds(rule, period)
    if rule.when == "end":
        return Occurrence(period, end, end)
    if rule.when == "period":
        return Occurrence(period, start, end)
    a, b = workdays.working_days_after(end, *rule.working_days)
    return Occurrence(period, a, b)


def allowed(rule: Rule, period: str) -> tuple[dt.date, dt.date]:
    """Where a confirmed date of the period may fall. With the rule's ``window`` (data in
    the schedule file): from ``before_end`` days before the period's last day to
    ``after_end`` days after it, and always the expected dates themselves. Without one:
    within the period, and for a rule after its end up to the end of the next period."""
    start, end = bounds(rule, period)
    if rule.window is not None:
        occ = expected(rule, period)
        before, after = rule.window
        lo = min(end - dt.timedelta(days=before), occ.start)
        return lo, max(end + dt.timedelta(days=after), occ.end)
    if rule.when == "after-end":
        _s, end = bounds(rule, _shift(rule, period, 1))
    return start, end


def shift(rule: Rule, period: str, n: int) -> str:
    """The period ``n`` periods after (before, if negative) ``period``."""
    return _shift(rule, period, n)


def _shift(rule: Rule, period: str, n: int) -> str:
    year, index = _parse_period(rule.every, period)
    per_year = 12 // EVERY[rule.every]
    total = year * per_year + index + n
    return period_name(rule.every, total // per_year, total % per_year)


def periods_between(rule: Rule, start: dt.date, end: dt.date) -> list[Occurrence]:
    """The expected occurrences whose dates overlap [start, end]."""
    y, i = _parse_period(rule.every, rule.first)
    period = period_name(rule.every, y, i)
    # begin a period before the window: an occurrence after its period's end
    first_year = max(start.year - 1, y)
    if first_year > y:
        period = period_name(rule.every, first_year, 0)
    out: list[Occurrence] = []
    while True:
        if rule.last and _key(rule, period) > _key(rule, rule.last):
            break
        p_start, _p_end = bounds(rule, period)
        if p_start > end:
            break
        occ = expected(rule, period)
        if occ.start <= end and occ.end >= start:
            out.append(occ)
        period = _shift(rule, period, 1)
    return out


def period_of(rule: Rule, day: dt.date) -> str:
    """The period a date most likely belongs to: the one whose expected dates hold it,
    else the one it lies in."""
    for occ in periods_between(rule, day, day):
        return occ.period
    per_year = 12 // EVERY[rule.every]
    return period_name(rule.every, day.year, (day.month - 1) // (12 // per_year))
