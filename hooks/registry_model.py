"""The typed model of the registry (data/contacts.yaml): what a checked contact is. Not a hook.

Vocabulary, used the same way everywhere: the *registry* is data/contacts.yaml; a *contact* is one
of its entries (one service); the *helplines* are the active contacts as readers see them (the
strip, the table, the downloads). Everything here is already checked and normalised by
hooks/registry.py: digits are ASCII, `tel` and `key` are derived from the parsed number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping


class Text(dict):
    """A text in several languages; a language without its own text gets the first one (the default)."""

    def __missing__(self, language: str) -> str:
        return next(iter(self.values()))


@dataclass(frozen=True)
class Phone:
    dial: str
    display: str  # the form people know, ASCII digits, the same number as dial
    kind: str  # mobile, landline, uan or short_code: the kind of phone number
    channels: tuple[str, ...]
    tel: str  # tel:+9251111247786, or tel:1099 for a short code
    key: str  # E.164, or the short code: what page checks compare against
    dial_form: str  # as dialled inside Pakistan (051 111247786): shown for UANs, whose display omits the area code
    whatsapp: str | None  # https://wa.me/923041112123 when the channel is listed
    full_display: str  # display with the area code of a UAN, (051) 111-247-786, as in running text; else display
    confidence: str | None  # only when this number is less sure than its contact

    @property
    def shown_forms(self) -> tuple[str, ...]:
        """Every form in which the site may show this number as a link's text."""
        return (self.display, self.dial_form, self.full_display)


@dataclass(frozen=True)
class Email:
    address: str
    note: str | None
    confidence: str | None  # only when this address is less sure than its contact


@dataclass(frozen=True)
class Office:
    city: Mapping[str, str]
    address: Mapping[str, str]


@dataclass(frozen=True)
class Source:
    title: str
    ref: str
    date: str | None


@dataclass(frozen=True)
class Contact:
    id: str
    status: str
    urgent: bool
    name: Mapping[str, str]
    short_name: Mapping[str, str]
    purpose: Mapping[str, str]
    phones: tuple[Phone, ...]
    emails: tuple[Email, ...]
    web: tuple[str, ...]
    offices: tuple[Office, ...]
    area: Mapping[str, str] | None
    hours: Mapping[str, str] | None
    cost: Mapping[str, str] | None
    sources: tuple[Source, ...]
    confidence: str
    last_checked: dt.date
    discreet_name: Mapping[str, str] | None  # a neutral name for numbers.vcf, the discreet contacts file

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Registry:
    contacts: tuple[Contact, ...]
    warnings: tuple[str, ...]

    @property
    def active(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.active)

    @property
    def urgent(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.active if c.urgent)

    @property
    def by_id(self) -> Mapping[str, Contact]:
        return {c.id: c for c in self.contacts}

    @property
    def last_checked(self) -> dt.date:
        return min(c.last_checked for c in self.active)

    def numbers(self) -> Mapping[str, Contact]:
        """Every number of an active contact, by E.164 or short code."""
        return {p.key: c for c in self.active for p in c.phones}

    def all_numbers(self) -> Mapping[str, Contact]:
        """Every number of every contact, shown or not (unverified and superseded ones too)."""
        return {p.key: c for c in self.contacts for p in c.phones}

    def phones(self) -> Mapping[str, Phone]:
        """Every active phone by its tel: link."""
        return {p.tel: p for c in self.active for p in c.phones}
