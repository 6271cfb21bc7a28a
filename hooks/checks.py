"""Checks shared by the registry loader and the page checks: phone numbers, e-mails, web addresses.

Phone numbers are parsed and validated with `phonenumbers` (libphonenumber); nothing here is a
hand-written phone pattern. Each check returns a plain-English problem, or None when all is well.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, shortnumberinfo

REGION = "PK"

# Short codes that libphonenumber's short-number data for Pakistan does not know (it knows 15, 16,
# 115 and 1122). Each one is allowed only for the reason given, from ../shared/contacts-facts.md.
SHORT_CODE_ALLOW_LIST = {
    "1099": "Ministry of Human Rights helpline, toll free (urdupoint.com 2019, nation.com.pk 2017 and 2020, app.com.pk 2021)",
    "1098": "Madadgaar National Helpline for women and children (tribune.com.pk 2013; low confidence)",
    "1799": "National Cyber Crime Investigation Agency helpline (arabnews.pk June 2025)",
}

KINDS = {
    "mobile": (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
    "landline": (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
    "uan": (PhoneNumberType.UAN,),
}
TYPE_NAMES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline or mobile",
    PhoneNumberType.UAN: "UAN",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.VOIP: "VoIP",
}
UAN_PREFIX = "111"


@dataclass(frozen=True)
class Number:
    """A checked number: `key` identifies it (E.164, or the short code), `tel` is the link target."""

    key: str
    tel: str
    national: str
    dial_form: str  # as dialled inside Pakistan, e.g. 051 111247786 for a UAN

class NumberProblem(ValueError):
    """A number that is not what it claims to be; the message says what was found and what to write."""


def is_short_code(text: str) -> bool:
    return text.isdigit() and len(text) <= 6


def parse_number(text: str, kind: str | None = None) -> Number:
    """Parse `text` as a Pakistani number of `kind` (any kind when None); raise NumberProblem."""
    text = text.strip()
    if kind == "short_code" or (kind is None and is_short_code(text)):
        return _short_code(text)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as error:
        raise NumberProblem(f'"{text}" is not a phone number ({error._msg.rstrip(".")}); '
                            "expected +92 and the full number, e.g. +92 51 111 247 786") from None
    national = str(number.national_number)
    if number.country_code == 92 and national.startswith(UAN_PREFIX) and len(national) == 9:
        raise NumberProblem(
            f'"{text}" is a UAN without its area code, which a mobile phone cannot dial; write it with '
            "the area code of the city where it is registered, e.g. +92 51 111 247 786 for Islamabad")
    if not phonenumbers.is_valid_number(number):
        raise NumberProblem(f'"{text}" is not a valid number according to libphonenumber; '
                            "check every digit against the source")
    if kind is not None:
        actual = phonenumbers.number_type(number)
        if actual not in KINDS[kind]:
            found = TYPE_NAMES.get(actual, "different")
            raise NumberProblem(f'"{text}" is a {found} number, but kind says {kind}; '
                                f"expected kind: {_kind_for(actual)}")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    dial_form = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return Number(key=e164, tel=f"tel:{e164}", national=national, dial_form=dial_form)


def _short_code(text: str) -> Number:
    if not text.isdigit():
        raise NumberProblem(f'"{text}" is not a short code; expected digits only, e.g. 1122')
    number = phonenumbers.parse(text, REGION)
    if not (shortnumberinfo.is_valid_short_number_for_region(number, REGION) or text in SHORT_CODE_ALLOW_LIST):
        raise NumberProblem(
            f'"{text}" is not a known Pakistani short code; expected one in libphonenumber\'s '
            "short-number data (15, 16, 115, 1122) or in SHORT_CODE_ALLOW_LIST in hooks/checks.py "
            "(add it there only with a source)")
    return Number(key=text, tel=f"tel:{text}", national=text, dial_form=text)


def _kind_for(number_type: int) -> str:
    for kind, types in KINDS.items():
        if number_type in types:
            return kind
    return "one of mobile, landline, uan, short_code"


def same_number(display: str, number: Number, kind: str) -> bool:
    """Whether `display` (the form people know) is the same number as the checked `number`."""
    digits = "".join(ch for ch in display if ch.isdigit())
    if kind == "short_code":
        return digits == number.key
    if kind == "uan" and digits == number.national[-9:] and digits.startswith(UAN_PREFIX):
        return True  # 111-247-786: the UAN as people know it, without its area code
    try:
        shown = phonenumbers.parse(display, REGION)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.format_number(shown, PhoneNumberFormat.E164) == number.key


def email_problem(address: str) -> str | None:
    try:
        parsed = Address(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        parsed = None
    if (parsed is None or parsed.addr_spec != address or "." not in parsed.domain
            or parsed.domain.startswith(".") or parsed.domain.endswith(".") or ".." in parsed.domain):
        return f'"{address}" is not a valid e-mail address; expected name@domain.tld, e.g. info@mrc.org.pk'
    return None


def url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme == "http":
        return f'"{url}" uses http://, which can be read and changed on the way; expected the https:// address'
    if parts.scheme != "https" or "." not in parts.netloc or " " in url:
        return f'"{url}" is not a web address; expected https://domain/path'
    return None
