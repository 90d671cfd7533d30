"""Pictures rewritten from their pixels: no EXIF (place, device, date), no comment, no
colour profile (it can name the device), upright and in sRGB so that they look the same."""

import io

from PIL import ExifTags, Image, ImageOps, ImageSequence
from PIL.JpegImagePlugin import get_sampling

try:  # Pillow's wheels ship LittleCMS; without it the colour profile is only dropped.
    from PIL import ImageCms
except ImportError:  # pragma: no cover
    ImageCms = None

# Pillow's name for what the file really is -> the format it is written back in. A phone
# JPEG often opens as MPO (extra depth or gain-map pictures, each with its own EXIF): only
# the main picture is kept.
_IMAGE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_JPEG_QUALITY = 95


def image_strip(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        target = _IMAGE_FORMATS.get(image.format or "")
        if target is None:
            raise ValueError(f"unsupported image format {image.format!r}")
        image.load()
        icc_profile = image.info.get("icc_profile")
        animated = target != "JPEG" and getattr(image, "n_frames", 1) > 1
        options: dict = {}
        if target == "JPEG":
            options.update(quality=_JPEG_QUALITY, optimize=True)
            if (sampling := get_sampling(image)) >= 0:
                options["subsampling"] = sampling
            if image.info.get("progressive") or image.info.get("progression"):
                options["progressive"] = True
        elif target == "WEBP":
            if _webp_is_lossless(data):
                options["lossless"] = True
            else:
                options["quality"] = _JPEG_QUALITY
        if target != "WEBP" and "dpi" in image.info:
            options["dpi"] = image.info["dpi"]

        if animated:
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
            frames, durations = [], []
            for frame in ImageSequence.Iterator(image):
                durations.append(frame.info.get("duration", 0))
                frames.append(_frame_clean(frame, target, icc_profile, orientation))
            options.update(
                save_all=True,
                append_images=frames[1:],
                duration=durations,
                loop=image.info.get("loop", 0),
            )
        else:
            frames = [_frame_clean(image, target, icc_profile, None)]

    out = io.BytesIO()
    frames[0].save(out, format=target, **options)
    return out.getvalue()


# EXIF orientation -> the transposition that makes the picture upright, as ImageOps does.
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _frame_clean(frame: Image.Image, target: str, icc_profile, orientation) -> Image.Image:
    """The pixels of ``frame``, upright, in sRGB, with an empty ``info``.

    Pillow writes some of ``info`` back when saving (the JPEG comment, the PNG colour
    profile), so only the PNG transparency is carried over.
    """
    transparency = frame.info.get("transparency")
    if orientation is None:
        clean = ImageOps.exif_transpose(frame)
    else:
        clean = frame.copy()
        if (method := _ORIENTATION.get(orientation)) is not None:
            clean = clean.transpose(method)
    clean = _srgb(clean, icc_profile)
    if target == "JPEG" and clean.mode not in ("L", "RGB", "CMYK"):
        clean = clean.convert("RGB")
    elif target == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in clean.mode or transparency is not None
        clean = clean.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}
    if target == "PNG" and transparency is not None and clean.mode == frame.mode:
        clean.info["transparency"] = transparency
    return clean


def _srgb(image: Image.Image, icc_profile) -> Image.Image:
    """Colours converted from the embedded profile to sRGB, so that dropping it (it can
    name the device) does not change how the picture looks."""
    if not icc_profile or ImageCms is None or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _webp_is_lossless(data: bytes) -> bool:
    """Whether the (first) picture of a WebP file is VP8L, so it is kept lossless."""
    pos = 12  # after "RIFF", the size and "WEBP"
    while pos + 8 <= len(data):
        fourcc = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":  # an animation frame: 16 bytes of header, then its chunks
            pos += 8 + 16
            continue
        pos += 8 + size + (size & 1)
    return False
