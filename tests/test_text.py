import unicodedata

from hypothesis import given, strategies as st

from portal.contract.text import fold, nfc, normalise_source, slugify


def test_fold_removes_tones_and_d():
    assert fold("Giải phóng mặt bằng") == "giai phong mat bang"
    assert fold("Đảng ủy") == "dang uy"
    assert fold("ĐƯỜNG bê tông") == "duong be tong"


def test_fold_equates_old_and_new_tone_placement():
    assert fold("Thanh Hoá") == fold("Thanh Hóa")
    assert fold("thuỷ") == fold("thủy")
    assert fold("Hoà") == fold("Hòa")


def test_fold_maps_eth_lookalike():
    assert fold("ðường") == "duong"
    assert fold("Ðà Nẵng") == "da nang"


def test_nfd_input_folds_like_nfc():
    nfd = unicodedata.normalize("NFD", "Thanh Hóa")
    assert len(nfd) == 10 and len(nfc(nfd)) == 9
    assert fold(nfd) == fold("Thanh Hóa") == "thanh hoa"


def test_slugify_keeps_d_and_is_ascii():
    assert slugify("Đường bê tông") == "duong-be-tong"
    assert slugify("  Hội nghị giao ban — năm 2020! ") == "hoi-nghi-giao-ban-nam-2020"
    assert slugify("Vệ sinh an toàn thực phẩm", "_") == "ve_sinh_an_toan_thuc_pham"


def test_normalise_source_handles_bom_crlf_nfd():
    raw = "\ufeff---\r\ntitle: " + unicodedata.normalize("NFD", "Hóa") + "\r\n---\r\n"
    assert normalise_source(raw) == "---\ntitle: Hóa\n---\n"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_normal_form(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(st.text())
def test_slugify_is_ascii_slug(text):
    slug = slugify(text)
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789-" for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-")
