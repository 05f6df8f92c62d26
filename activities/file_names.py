"""The name a shared file downloads as: what a person called it, made safe.

The name is only ever shown and offered as a download's name; files are stored under random
names (`activities.services.resources`), so nothing here decides where a file goes.
"""

import re
import unicodedata

# Names Windows will not create a file with, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
_NAME_UNSAFE = re.compile(r"[^\w\s().,&+'-]")
_STEM_MAX = 100


def sanitise_file_name(raw: str) -> str:
    """A name safe to offer as a download: no folders, control or direction-changing
    characters, or punctuation that means something to a shell or a file system; at most
    about 100 characters; never empty or hidden (a leading dot)."""
    name = unicodedata.normalize("NFKC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    stem, extension = split_extension(name)
    stem = _NAME_UNSAFE.sub("-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-_")[:_STEM_MAX].strip(" .-_")
    if not stem or stem.lower() in _RESERVED:
        stem = f"file-{stem}" if stem else "file"
    return f"{stem}.{extension.lower()}" if extension else stem


def split_extension(name: str) -> tuple[str, str]:
    """("report", "pdf") from "report.pdf"; a last part with spaces, punctuation or only
    digits ("v1.2", "notes. final") is not an extension."""
    stem, dot, extension = name.rpartition(".")
    if dot and re.fullmatch(r"[A-Za-z0-9]{1,10}", extension) and not extension.isdigit():
        return stem, extension
    return name, ""
