"""The QR code of a public survey link, drawn as one SVG path (no Pillow, no inline style)."""

from __future__ import annotations


def qr_svg(url: str) -> str:
    import qrcode  # imported on use, with the survey page that shows the code
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(url, image_factory=SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    return str(image.to_string(encoding="unicode"))
