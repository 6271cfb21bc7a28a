"""Checks shared by the registry loader, the page checks and the output audit: phone numbers,
e-mails, web addresses. Not a hook.

Text is normalised before it is checked: digits of any script are folded to ASCII, and characters
that would make a number or an address look different from what it is (bidi controls such as
U+202E, zero-width characters) are refused. Phone numbers are parsed and validated with
`phonenumbers` (libphonenumber), host names with `idna` and `confusable_homoglyphs`; nothing
here is a hand-written phone pattern. Each check returns a plain-English problem, or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from urllib.parse import urlsplit, urlunsplit

import idna
import phonenumbers
from confusable_homoglyphs import confusables
from phonenumbers import PhoneNumberFormat, PhoneNumberType, shortnumberinfo

REGION = "PK"

# Short codes that libphonenumber's short-number data for Pakistan does not know (it knows 15, 16,
# 115 and 1122). Each one is allowed only for the reason given; the sources are the entries'
# `sources` in data/contacts.yaml.
SHORT_CODE_ALLOW_LIST = {
    "1099": ("Ministry of Human Rights helpline, toll free "
             "(urdupoint.com 2019, nation.com.pk 2017 and 2020, app.com.pk 2021)"),
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
    uan_form: str | None = None  # a UAN as people know it, with its area code: (051) 111-247-786


class NumberProblem(ValueError):
    """A number that is not what it claims to be; the message says what was found and what to write."""


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def hidden_character(text: str) -> str | None:
    """A character that a reader cannot see but that changes what they see (bidi controls, zero-width
    characters, other format or control characters), described, or None."""
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") or (ch.isspace() and ch not in " \u00a0"):
            return _name(ch)
    return None


def fold_digits(text: str) -> str:
    """Digits of any script (Urdu ۱۵, Arabic-Indic ١٥, ...) as ASCII; a character that only looks like a
    digit (superscript ², circled ①, fraction ½) raises NumberProblem."""
    out = []
    for ch in text:
        decimal = unicodedata.decimal(ch, None)
        if decimal is not None:
            out.append(str(decimal))
        elif unicodedata.numeric(ch, None) is not None:
            raise NumberProblem(f'found "{ch}" ({_name(ch)}), which looks like a digit but is not one; '
                                "expected the digits 0-9 only")
        else:
            out.append(ch)
    return "".join(out)


def normalise_number_text(text: str) -> str:
    """NFC, digits folded to ASCII, and no hidden character (NumberProblem otherwise)."""
    text = unicodedata.normalize("NFC", text)
    hidden = hidden_character(text)
    if hidden:
        raise NumberProblem(f'found the invisible character {hidden} in "{text.encode("unicode_escape").decode()}", '
                            "which can make a number look different from the one dialled; expected digits, spaces, "
                            "+, - and brackets only")
    return fold_digits(text).strip()


def is_short_code(text: str) -> bool:
    return text.isdigit() and len(text) <= 6


def parse_number(text: str, kind: str | None = None, country: str | None = None) -> Number:
    """Parse `text` as a number of `kind` (any kind when None) in `country` (Pakistan unless given);
    raise NumberProblem."""
    text = normalise_number_text(text)
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
    region = phonenumbers.region_code_for_number(number)
    if region != (country or REGION):
        raise NumberProblem(
            f'"{text}" is a number in {region or "no country"}, not in {country or REGION}; expected a '
            + (f"{country} number" if country else "Pakistani number, or country: " + (region or "XX")
               + " on this phone if the service really is abroad"))
    if kind is not None:
        actual = phonenumbers.number_type(number)
        if actual not in KINDS[kind]:
            found = TYPE_NAMES.get(actual, "different")
            raise NumberProblem(f'"{text}" is a {found} number, but kind says {kind}; '
                                f"expected kind: {_kind_for(actual)}")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    dial_form = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    uan = national[-9:]
    uan_form = (f"(0{national[:-9]}) {uan[:3]}-{uan[3:6]}-{uan[6:]}"
                if number.country_code == 92 and uan.startswith(UAN_PREFIX) and len(national) > 9 else None)
    return Number(key=e164, tel=f"tel:{e164}", national=national, dial_form=dial_form, uan_form=uan_form)


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
    """Whether `display` (the form people know) is the same number as the checked `number`, as
    libphonenumber parses both. `display` must already be normalised (normalise_number_text)."""
    digits = "".join(ch for ch in display if ch in "0123456789")
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
    hidden = hidden_character(address)
    if hidden:
        return (f'"{address.encode("unicode_escape").decode()}" contains the invisible character {hidden}; '
                "expected name@domain.tld")
    if not address.isascii() or any(ch in address for ch in "?&=/\\<>\"' "):
        return (f'"{address}" is not a plain e-mail address; expected name@domain.tld in ASCII letters, '
                "with nothing after it (no ?subject= or ?bcc=)")
    try:
        parsed = Address(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        parsed = None
    if (parsed is None or parsed.addr_spec != address or "." not in parsed.domain
            or parsed.domain.startswith(".") or parsed.domain.endswith(".") or ".." in parsed.domain):
        return f'"{address}" is not a valid e-mail address; expected name@domain.tld, e.g. info@mrc.org.pk'
    return None


URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$")


def url_problem(url: str) -> str | None:
    """An https:// address that shows where it leads: ASCII host (IDNA), no user name before an @,
    no look-alike letters from mixed scripts, nothing that could end the HTML attribute."""
    hidden = hidden_character(url)
    if hidden:
        return f'"{url.encode("unicode_escape").decode()}" contains the invisible character {hidden}; expected https://domain/path'
    parts = urlsplit(url)
    if parts.scheme == "http":
        return f'"{url}" uses http://, which can be read and changed on the way; expected the https:// address'
    if parts.scheme != "https" or "." not in parts.netloc or " " in url:
        return f'"{url}" is not a web address; expected https://domain/path'
    if "@" in parts.netloc:
        return (f'"{url}" has "{parts.netloc.rsplit("@", 1)[0]}@" before its host, so it leads to '
                f'{parts.netloc.rsplit("@", 1)[1]}; expected https://domain/path with no user name')
    host = parts.hostname or ""
    if not host.isascii():
        odd = next(ch for ch in host if not ch.isascii())
        return (f'"{url}" has the letter "{odd}" ({_name(odd)}) in its host, which can imitate another '
                "address; expected the host in plain ASCII letters, as the organisation publishes it")
    try:
        labels = idna.decode(host).split(".")
        idna.encode(host)
    except idna.IDNAError as error:
        return f'"{url}" has a host that is not a valid domain name ({error}); expected https://domain/path'
    for label in labels:
        if not label.isascii() and (confusables.is_mixed_script(label) or confusables.is_dangerous(label)):
            return (f'"{url}" has the host label "{label}", which mixes scripts or imitates another name; '
                    "expected plain ASCII")
    if not URL_CHARACTERS.match(url):
        odd = next(ch for ch in url if not URL_CHARACTERS.match(ch))
        return (f'"{url}" contains "{odd}", which is not allowed in a web address; '
                "expected https://domain/path (encode it as %XX)")
    return None


def normalise_url(url: str) -> str:
    """A checked URL rebuilt from its parsed parts, the host in lower case."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, (parts.hostname or "") + (f":{parts.port}" if parts.port else ""),
                       parts.path, parts.query, parts.fragment))
