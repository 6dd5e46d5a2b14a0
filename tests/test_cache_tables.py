"""The build cache's tables of object names and attribute sets (portal_mkdocs.build_cache):
kept from build to build so a kept page's reads stay as stored, and compacted once most rows
are no longer used, every page's reads renumbered to the same names."""

from __future__ import annotations

from array import array

from portal_mkdocs.build_cache import BuildCache, _tables


def _cache(names, attrsets, pages) -> BuildCache:
    cache = object.__new__(BuildCache)
    cache.names, cache.attrsets = list(names), [tuple(a) for a in attrsets]
    cache.name_ids = {n: i for i, n in enumerate(cache.names)}
    cache.attr_ids = {a: i for i, a in enumerate(cache.attrsets)}
    cache.pages = {src: {"reads": cache._encode(reads)} for src, reads in pages.items()}
    return cache


def test_tables_are_kept_while_most_rows_are_used():
    cache = _cache(["src:a.md", "src:b.md"], [("title",)], {"a.md": [("src:a.md", ("title",))],
                                                             "b.md": [("src:b.md", ("title", "url"))]})
    names, attrsets = cache._compact()
    assert names == ["src:a.md", "src:b.md"] and attrsets == [("title",), ("title", "url")]
    assert list(cache.pages["b.md"]["reads"]) == [1, 1]


def test_tables_are_compacted_when_most_rows_are_gone():
    gone = [f"src:gone-{i}.md" for i in range(10)]
    pages = {"a.md": [("src:a.md", ("title",)), ("Commitment:ck-1", ("status", "text"))],
             "b.md": [("Commitment:ck-1", ("status", "text"))]}
    cache = _cache(gone, [("body",)] * 1, pages)
    before = {src: cache._named(e["reads"]) for src, e in cache.pages.items()}
    names, attrsets = cache._compact()
    assert names == ["src:a.md", "Commitment:ck-1"] and attrsets == [("title",), ("status", "text")]
    after = {src: [(names[f[i]], attrsets[f[i + 1]]) for i in range(0, len(f), 2)]
             for src, f in ((s, e["reads"]) for s, e in cache.pages.items())}
    assert after == before
    assert all(isinstance(e["reads"], array) for e in cache.pages.values())


def test_tables_not_of_their_form_are_not_used():
    assert _tables({"names": ["a"], "attrs": [["x"]]}) == (["a"], [("x",)])
    for bad in ({"names": "a", "attrs": []}, {"names": [1], "attrs": []}, {"names": [], "attrs": [[1]]},
                {"names": [], "attrs": ["x"]}, {}):
        assert _tables(bad) == ([], [])


def test_reads_pointing_outside_the_tables_are_not_trusted():
    import base64
    cache = _cache(["src:a.md"], [("title",)], {})
    good = base64.b64encode(array("I", [0, 0]).tobytes()).decode()
    assert list(cache._decode(good)) == [0, 0]
    for flat in ([0, 1], [1, 0], [0]):
        assert cache._decode(base64.b64encode(array("I", flat).tobytes()).decode()) is None
    assert cache._decode("not base64!") is None and cache._decode(None) is None


def test_objects_are_named_the_same_whatever_holds_a_shared_list_first():
    """A list many views share is walked once when it can name nothing (name_objects): an object
    without a name of its own is still named by its place in the shortest list, whatever the order."""
    from dataclasses import dataclass, field

    from portal_mkdocs.build_cache import name_objects

    @dataclass(eq=False)
    class Item:
        id: str

    @dataclass(eq=False)
    class Thing:
        label: str

    @dataclass(eq=False)
    class Holder:
        items: list
        things: list = field(default_factory=list)
        extra: list = field(default_factory=list)

    shared = [Item("a"), Item("b")]
    lonely, other, unnamed = Thing("x"), Thing("y"), Thing("z")
    shared_unnamed = [unnamed]  # shared too, but holds an object only a place can name
    first, second = Holder(shared, [other, lonely], shared_unnamed), Holder(shared, [lonely])
    third = Holder([shared, [other, lonely, other]])  # a list of lists: walked each time
    fourth = Holder(shared_unnamed)
    holders = {"h1": first, "h2": second, "h3": third, "h4": fourth}
    for order in (("h1", "h2", "h3", "h4"), ("h4", "h3", "h2", "h1")):
        roots = {name: holders[name] for name in order}
        names = {obj_id: name for obj_id, (name, _) in name_objects(roots).items()}
        assert names[id(shared[0])] == "Item:a" and names[id(shared[1])] == "Item:b"
        assert names[id(lonely)] == "h2.things[0]"  # the shortest list holding it, not the first walked
        assert names[id(other)] == "h1.things[0]"
        assert names[id(unnamed)] == "h1.extra[0]"  # ".extra[0]" comes before ".items[0]" (h4)
