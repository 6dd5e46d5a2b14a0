"""Find registry entries by what a person types: key, name, short name or alias, accents optional."""

from __future__ import annotations

from portal.contract.text import fold


def search(entries: dict, query: str) -> list[tuple[str, object]]:
    """Entries whose key or any name contains ``query`` (folded); exact matches first."""
    q = fold(query).strip()
    if not q:
        return []
    exact, partial = [], []
    for key, entry in entries.items():
        names = [key, entry.name, getattr(entry, "short", None), *getattr(entry, "aliases", [])]
        folded = [fold(n) for n in names if n]
        if q in folded:
            exact.append((key, entry))
        elif any(q in n for n in folded):
            partial.append((key, entry))
    return exact + partial


def resolve(entries: dict, query: str) -> tuple[str | None, list[tuple[str, object]]]:
    """(key, []) when ``query`` names one entry; (None, candidates) otherwise."""
    if query in entries:
        return query, []
    found = search(entries, query)
    exact = [(k, e) for k, e in found if fold(query).strip() in
             {fold(n) for n in [k, e.name, getattr(e, "short", None), *getattr(e, "aliases", [])] if n}]
    if len(exact) == 1:
        return exact[0][0], []
    if len(found) == 1:
        return found[0][0], []
    return None, found
