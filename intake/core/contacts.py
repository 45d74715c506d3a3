"""Contact details normalised and hashed with the app's key, to recognise a returning person
without storing more about them (a copy of the database alone reveals nothing)."""

import phonenumbers

from intake.core.security import keyed_hash

PHONE_REGION = "DE"


def normalised_phone(text: str | None) -> str | None:
    """The number in E.164 ("0176 1234567" and "+49 176 1234567" are both "+491761234567"),
    or None when it is no valid phone number."""
    if not text or not any(char.isdigit() for char in text):
        return None
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised_email(text: str | None) -> str | None:
    text = (text or "").strip().lower()
    return text if "@" in text and " " not in text else None


def phone_hash(text: str | None) -> str | None:
    number = normalised_phone(text)
    return keyed_hash("phone:" + number) if number else None


def email_hash(text: str | None) -> str | None:
    address = normalised_email(text)
    return keyed_hash("email:" + address) if address else None


def contact_hashes(phone: str | None, email: str | None) -> dict[str, str | None]:
    """The columns a new case stores to be recognised later."""
    return {"phone_hash": phone_hash(phone), "email_hash": email_hash(email)}
