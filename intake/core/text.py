"""Rules for text people type: what is refused, what is quietly neutralised."""

import re
import unicodedata

# Embeddings, overrides and isolates can reorder what staff see ("Trojan source");
# ZWJ/ZWNJ and the plain direction marks stay, since Persian and Arabic need them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffd]")
LINE_BREAKS = re.compile("[\r\n\t\u2028\u2029\x85]")


def neutralise(value: str) -> str:
    """Strip direction overrides and normalise line ends; the rest stays exactly as typed."""
    return BIDI_CONTROLS.sub("", value).replace("\r\n", "\n").strip()


def has_forbidden_characters(value: str, *, multiline: bool) -> bool:
    """NUL and other control characters (and U+FFFD, which marks invalid UTF-8) are refused;
    line breaks only where a text area allows them."""
    if CONTROL_CHARS.search(value):
        return True
    return not multiline and bool(LINE_BREAKS.search(value))


def is_invisible(value: str) -> bool:
    """Nothing a person could read: only spaces and format characters (zero-width space,
    joiners, word joiner, BOM, direction marks)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in value)


def is_compatibility_lookalike(value: str) -> bool:
    """Fullwidth and other compatibility forms ("ｅxample.org") that NFKC folds into other
    letters: in an address they can only mislead."""
    return unicodedata.normalize("NFKC", value) != value


# What a phone number may be written with: digits, +, spaces, and - / ( ) . as separators.
PHONE_CHARACTERS = re.compile(r"[0-9+\s\-/().]+")


def is_phone_like(value: str) -> bool:
    """Letters are refused: phonenumbers would turn "0351-CALL-ME" into digits."""
    return bool(PHONE_CHARACTERS.fullmatch(value))
