"""Vietnamese text: NFC storage, collation keys and diacritic-free search text.

Vietnamese order is alphabetical over the 29 letters (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
ư v x y), tones only breaking ties. Neither SQLite nor every PostgreSQL locale knows it, so names carry
a precomputed key made only of digits, which every collation compares the same way.
"""

import re
import unicodedata

# Base letters in Vietnamese alphabetical order, with the foreign letters f, j, w, z slotted where
# the Latin alphabet puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_CODE = {letter: f"{index + 30:02d}" for index, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): f"{d + 20:02d}" for d in range(10)}
# Tone marks (combining characters) in the traditional order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_SEPARATOR = "01"  # spaces and punctuation: lower than any letter, so "Sở Tài" < "Sở Tài chính"
_END = "00"  # ends the primary part, lower than everything


def nfc(value: str) -> str:
    """Return ``value`` NFC-normalised (forms already strip whitespace; imported text is kept as given)."""
    return unicodedata.normalize("NFC", value or "")


def _split_letter(char: str) -> tuple[str, str]:
    """Return (base letter with its letter marks, tone digit) for one character."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = "".join(c for c in decomposed if c not in _TONES)
    tone = next((_TONES[c] for c in decomposed if c in _TONES), "0")
    return unicodedata.normalize("NFC", base), tone


def sort_key(value: str) -> str:
    """Collation key: compare keys as plain strings to get Vietnamese alphabetical order."""
    primary: list[str] = []
    tones: list[str] = []
    last_was_separator = True
    for char in nfc(value):
        letter, tone = _split_letter(char)
        if letter in _LETTER_CODE:
            primary.append(_LETTER_CODE[letter])
            tones.append(tone)
            last_was_separator = False
        elif letter in _DIGIT_CODE:
            primary.append(_DIGIT_CODE[letter])
            last_was_separator = False
        elif not last_was_separator:
            primary.append(_SEPARATOR)
            last_was_separator = True
    while primary and primary[-1] == _SEPARATOR:
        primary.pop()
    return "".join(primary) + _END + "".join(tones)


def fold(value: str) -> str:
    """Lower-case ``value`` and strip diacritics (đ becomes d), collapsing whitespace."""
    decomposed = unicodedata.normalize("NFD", (value or "").lower().replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def _fold_variants() -> dict[str, str]:
    """Each ASCII letter and the Latin letters ``fold`` turns into it, both cases ("d": "dDđĐ"…)."""
    variants: dict[str, set[str]] = {}
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            variants.setdefault(folded, {folded}).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


_FOLD_VARIANTS = _fold_variants()
# Combining marks (U+0300–U+036F): text kept as imported may carry its tones decomposed.
_COMBINING = "[\u0300-\u036f]*"


def fold_pattern(word: str) -> str:
    """A regular expression finding ``word`` in text as stored, as ``fold`` would: "nguyen" finds "Nguyễn",
    "qd" finds "QĐ". For columns without a folded copy (``search_text``); SQLite and PostgreSQL both read it."""
    parts = []
    for char in fold(word):
        if char in _FOLD_VARIANTS:
            parts.append(f"[{_FOLD_VARIANTS[char]}]{_COMBINING}")
        else:
            parts.append(re.escape(char))
    return "".join(parts)
