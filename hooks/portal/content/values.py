"""Reading values out of checked YAML data: what the loader and the registry entries' builders share.

The data has been validated already (its problems reported); these readers only keep a wrong value
out of the model (a list where text was due becomes None), so that building never raises.
"""

from __future__ import annotations

from portal.contract.dates import PartialDate


def text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def texts(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def choice(value, options) -> str | None:
    """``value`` when it is one of ``options``; a list or mapping (unhashable) is never one."""
    return value if isinstance(value, str) and value in options else None


def date(value) -> PartialDate | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def mappings(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
