"""Mainland mobile numbers: normalising and masking."""

import re

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(raw: str) -> str:
    """Return the 11-digit mainland number, or '' if it is not one."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
    return digits if MOBILE_PATTERN.match(digits) else ""


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise one's own number, not to dial it."""
    local = normalize_mobile(phone) or phone or ""
    if len(local) < 7:
        return "*" * len(local)
    return f"{local[:3]}****{local[-4:]}"
