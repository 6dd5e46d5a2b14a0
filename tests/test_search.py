"""The search index and its Vietnamese text rules, without a browser."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

from hypothesis import given, strategies as st

from portal.content.loader import load_site
from portal.outputs.search import abbreviation_groups, accented, build_index, hash_key, syllables
from portal.content.views import Portal


def test_syllables_fold_tones_d_and_case():
    assert syllables("Giải phóng mặt bằng") == ["giai", "phong", "mat", "bang"]
    assert syllables("ĐẢNG ỦY, đường bê-tông") == ["dang", "uy", "duong", "be", "tong"]
    assert syllables(unicodedata.normalize("NFD", "Thanh Hóa")) == ["thanh", "hoa"]


def test_accented_syllables_unify_tone_placement():
    assert accented("Thanh Hoá") == accented("Thanh Hóa") == ["hóa"]
    assert accented("thuỷ lợi") == accented("thủy lợi") == ["thủy", "lợi"]
    assert accented("Hoà bình") == ["hòa", "bình"]
    assert accented("camera") == []  # plain ASCII words are matched by the folded lists


def test_hash_is_fnv1a_32():
    assert hash_key("") == 0x811C9DC5
    assert hash_key("a") == 0xE40C292C
    assert hash_key("foobar") == 0xBF9CF968


def test_abbreviation_groups_both_ways(tmp_path):
    site, _ = load_site("docs")
    groups = abbreviation_groups(site.registries)
    as_sets = [set(g) for g in groups]
    assert any({"vsattp", "ve sinh an toan thuc pham"} <= g for g in as_sets)
    assert any({"ubnd", "uy ban nhan dan"} <= g for g in as_sets)
    assert any({"hlhpn", "hoi lien hiep phu nu"} <= g for g in as_sets)
    mttq = next(g for g in as_sets if "ub mttq" in g)
    assert "uy ban mat tran to quoc viet nam thanh pho thanh hoa" in mttq and "mat tran to quoc" in mttq
    members = [m for g in groups for m in g]
    assert len(members) == len(set(members))  # every phrase in one group only


def test_index_files_and_postings():
    site, _ = load_site("docs")
    portal = Portal(site, dt.date(2026, 11, 23))
    files = build_index(portal)
    meta = json.loads(files["search/meta.json"])
    assert meta["count"] == 2 + 7 and meta["meetings"] == 2
    assert sum(meta["made"]) == 7 and meta["made"] == [7, 0]  # newest first: the 2020 meeting made all seven

    def postings(key):
        shard = json.loads(files[f"search/idx/{hash_key(key) % meta['shards']}.json"])
        ids, prev = [], -1
        for part in shard.get(key, "").split(".") if key in shard else []:
            prev += int(part, 36)
            ids.append(prev)
        return ids

    assert postings("w:giai") == [0, 1]
    assert postings("b:giai phong") == [0, 1]
    assert postings("b:phong giai") == []
    assert postings("a:hóa") == [0]  # only the 2020 bulletin writes "Thanh Hóa"
    camera = next(i for i in range(9) if "camera" in json.loads(files[f"search/docs/{i}.json"])["t"])
    doc = json.loads(files[f"search/docs/{camera}.json"])
    assert doc["u"].endswith("#cam-ket-camera-cong-cong-ba-phuong-2020") and doc["y"] == "c"
    assert doc["s"] == "Chưa có báo cáo"


@given(st.text())
def test_syllables_ignore_normal_form(text):
    assert syllables(unicodedata.normalize("NFD", text)) == syllables(unicodedata.normalize("NFC", text))


@given(st.text(alphabet="aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ hnmgtc"))
def test_folded_syllables_are_ascii(text):
    assert all(s.isascii() and s.isalnum() for s in syllables(text))
