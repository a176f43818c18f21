"""Completion certificates as PDF, in Chinese, from a Django template
rendered by WeasyPrint (fonts come from the system: fonts-noto-cjk)."""

from __future__ import annotations

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from families.models import Completion

CERTIFICATE_LANGUAGE = "zh-hans"


def verification_url(number: str) -> str:
    query = urlencode({"number": number})
    return f"{settings.PORTAL_BASE_URL}{reverse('families:verify-certificate')}?{query}"


def qr_svg(data: str, *, box_size: int = 10) -> str:
    """An inline SVG QR code (no image file, no network)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=box_size,
        border=2,
    )
    return image.to_string(encoding="unicode")


def _qr_data_uri(data: str) -> str:
    svg = qr_svg(data).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def seal_characters(text: str) -> list[tuple[str, float]]:
    """Each character of the seal's ring and its angle from the top, so the
    name runs round the upper arc as on a real seal (CSS has no text path)."""
    characters = list(text)
    arc = min(270.0, 22.0 * len(characters))
    step = arc / max(len(characters), 1)
    return [
        (character, round(-arc / 2 + step * (index + 0.5), 2))
        for index, character in enumerate(characters)
    ]


def certificate_context(completion: Completion) -> dict:
    course = completion.course
    url = verification_url(completion.certificate_number)
    return {
        "completion": completion,
        "holder_name": completion.user.name or completion.user.display_name,
        "course": course,
        "parent_school": course.parent_school,
        "completed_on": timezone.localtime(completion.completed_at).date(),
        "number": completion.certificate_number,
        "verification_url": url,
        "verification_qr": _qr_data_uri(url),
        "seal_characters": seal_characters(course.parent_school.name),
    }


def render_certificate_html(completion: Completion) -> str:
    with translation.override(CERTIFICATE_LANGUAGE):
        return render_to_string(
            "families/certificates/certificate.html", certificate_context(completion)
        )


def render_certificate_pdf(completion: Completion) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    html = render_certificate_html(completion)
    buffer = io.BytesIO()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(buffer)
    return buffer.getvalue()


def certificate_filename(completion: Completion) -> str:
    return f"certificate-{completion.certificate_number}.pdf"
