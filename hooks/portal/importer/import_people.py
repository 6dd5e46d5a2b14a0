"""People named in an article: who chaired, with the role as written.

Forms read (all seen on local-government portals):

- "đồng chí / đ/c / ông / bà Name – role" and, most often, "đồng chí Name, role, role
  chủ trì …" (a comma after the name; the role is the comma-separated titles that
  follow, up to the verb: "chủ trì", "dự", "phát biểu", "và đồng chí …");
- the role before the name without "đồng chí": "Phó Chủ tịch UBND huyện Trần Văn B chủ
  trì", "dưới sự chủ trì của Chủ tịch UBND thành phố Lê Văn C";
- lists: "Các đồng chí: A, role; B, role đồng chủ tọa hội nghị".

A name is a run of capitalised syllables. After "đồng chí" the whole run is the name;
after a role it may begin with a place ("UBND huyện Hà Trung Lê Văn Hùng"), so the
name is where a Vietnamese family name starts. When two starts are possible and the
registry does not decide, the name is returned unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.contract.text import fold, nfc

# Family names (NFC, as written); a name found after a role starts with one of these.
SURNAMES = set("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Lương Mai Hà Lưu
Đào Cao Tạ Chu Vương Tô Lâm Trương Quách Thái Tống Đoàn Kiều La Khúc Mạc Triệu Phùng Hứa Lại Đàm
Nghiêm Tăng Hàn Lò Cầm Lục Nông Thân Tôn Từ Viên Vi Âu Doãn Giang Kim Khổng Lã Lạc Mẫn Ninh Phí Quan
Thạch Thiều Tào Bạch Bế Bạc Chế Châu Diệp Hầu Kha Khuất Luyện Nhữ Phương Quản Sái Tiêu Trình Ứng Xa
Lường Hà Mã Mạch Lăng Yên Vy Đồng Đàm Giáp Trịnh Hoàng Hồ Lỗ Văn Đậu Cù Lữ Cấn Đèo Điêu Tòng Quàng Chử
Nhâm Tất Khương
""".split()) - {"Văn"}

HONORIFIC = re.compile(r"(?:(?:các\s+)?đồng\s+chí|đ/c|ông|bà|(?:đại|thượng|trung|thiếu)\s+(?:tướng|tá|úy|uý))\s*:?\s*$",
                       re.I)
_TITLE_START = re.compile(
    r"^(?:phó\s|chủ\s+tịch|chủ\s+nhiệm|bí\s+thư|giám\s+đốc|trưởng\s|(?:ủy|uỷ)\s+viên|"
    r"(?:tỉnh|thành|huyện|thị|đảng)\s+(?:ủy|uỷ)\s+viên|đại\s+biểu|thường\s+trực|chánh\s|thủ\s+trưởng|chỉ\s+huy|"
    r"tổng\s+biên\s+tập|quyền\s|nguyên\s|ủy\s+viên|bộ\s+trưởng|thứ\s+trưởng|chỉ\s+huy\s+trưởng|"
    r"(?:tuv|huv|uv\s?btv|pbt|pct|ubtv)\b|(?:ct|bt)\s+(?:ubnd|hđnd|ub\s?mttq|đảng|thành|tỉnh|huyện))")
_ROLE_WORDS = {"phó", "chủ", "bí", "giám", "trưởng", "ủy", "uỷ", "tỉnh", "thành", "huyện", "đại", "thường",
               "chánh", "thủ", "chỉ", "tổng", "quyền", "nguyên", "ban", "hội", "đoàn", "đảng", "bộ", "thứ",
               "thượng", "đại", "trung", "thiếu"}
_ROLE_END = re.compile(
    r"\s+(?:đồng\s+chủ\s+trì|chủ\s+trì|đồng\s+chủ\s+t[ọo]a|chủ\s+t[ọo]a|chủ\s+toạ|đồng\s+chủ\s+toạ|dự\b|tham\s+dự|"
    r"đến\s+dự|tới\s+dự|cùng\b|cũng\b|và\s+(?:các\s+)?(?:đồng\s+chí|đ/c|ông|bà)\b|đánh\s+giá|ghi\s+nhận|phát\s+biểu|"
    r"(?:và|với)\s+(?:các\s+|tập\s+thể\s+)?(?:lãnh\s+đạo|đại\s+diện|thành\s+viên|cán\s+bộ)\b|(?:các|những)\s+đồng\s+chí\b|"
    r"(?:với|có)\s+sự\b|"
    r"yêu\s+cầu|đề\s+nghị|nhấn\s+mạnh|khẳng\s+định|biểu\s+dương|cho\s+biết|chỉ\s+đạo|kết\s+luận|giao\b|đã\b|"
    r"điều\s+hành|làm\s+việc|trao\b|tặng\b|khai\s+mạc|thăm\b|kiểm\s+tra|chúc\s+mừng|lưu\s+ý|đồng\s+ý|"
    r"thống\s+nhất|quán\s+triệt|trình\s+bày|báo\s+cáo|tiếp\b|đối\s+thoại|gợi\s+mở|đề\s+xuất|về\s+dự|làm\b|"
    r"tham\s+gia|phát\s+động|trả\s+lời|giải\s+đáp|tiếp\s+thu|ký\b|chứng\s+kiến|trực\s+tiếp|đi\b|có\b|được\b|"
    r"vừa\b|sẽ\b|đang\b|thay\s+mặt|gửi\b|động\s+viên|tuyên\s+bố|bế\s+mạc|phát\s+lệnh|dẫn\s+đầu|nêu\b|"
    r"mong\s+muốn|lưu\s+ý|chia\s+sẻ|thông\s+tin|cảm\s+ơn|ghi\s+nhận|nhận\s+định|cho\s+rằng)", re.I)
_CLAUSE_START = re.compile(r"(?:[,;:.(–—]|\s-\s|\bcủa\b|\bcó\b|\bvà\b)\s*", re.I)
_LEVEL_WORDS = {"huyện", "xã", "phường", "tỉnh", "quận", "trấn", "xã", "phố", "thị"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Person:
    name: str
    role: str | None
    start: int            # where the mention (with its role) starts in the sentence
    end: int              # where it ends
    sure: bool = True
    note: str | None = None


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _runs(sentence: str) -> list[list[tuple[str, int, int]]]:
    runs: list[list[tuple[str, int, int]]] = []
    for m in _WORD.finditer(sentence):
        word = (m.group(), m.start(), m.end())
        if not _is_cap(m.group()):
            continue
        if runs and sentence[runs[-1][-1][2]:m.start()] == " ":
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _role_after(sentence: str, pos: int) -> tuple[str | None, int]:
    """The role written after a name: "– role" / ", role, role" / "(role)"; (role, end)."""
    sep = re.match(r"\s*(?:[–—-]|,|\()\s*", sentence[pos:])
    if not sep:
        return None, pos
    start = pos + sep.end()
    if sentence[pos:start].strip().startswith("("):
        close = sentence.find(")", start)
        if close > start and _TITLE_START.match(nfc(sentence[start:close]).lower()):
            return sentence[start:close].strip(), close + 1
        return None, pos
    end = start
    for part in re.finditer(r"[^,;]+", sentence[start:]):
        text = part.group()
        if not _TITLE_START.match(nfc(text.strip()).lower()):
            break
        cut = _ROLE_END.search(text)
        stop_name = _name_after_and(text)
        if stop_name is not None and (cut is None or stop_name < cut.start()):
            cut_at = stop_name
        else:
            cut_at = cut.start() if cut else None
        if cut_at is not None:
            end = start + part.start() + cut_at
            break
        end = start + part.end()
        following = sentence[end:end + 1]
        if following != ",":
            break
    role = sentence[start:end].strip(" ,.;")
    return (role or None), (end if role else pos)


def _name_after_and(text: str) -> int | None:
    """Position of " và <Family name> …" inside a role part (a second person without "đồng chí")."""
    for m in re.finditer(r"\s+và\s+([^\W\d_]+)", text):
        if m.group(1) in SURNAMES:
            return m.start()
    return None


def _cut_at_role_word(words):
    for i, (w, _, _) in enumerate(words):
        if i > 0 and w.lower() in _ROLE_WORDS:
            return words[:i]
    return words


def find_people(sentence: str, known: set[str] | None = None) -> list[Person]:
    """Each person the sentence names with an honorific, a role before the name, or in a list."""
    known = known or set()
    sentence = nfc(sentence)
    found: list[Person] = []
    listing = re.search(r"các\s+đồng\s+chí", sentence, re.I) is not None
    consumed = 0
    for run in _runs(sentence):
        if run[0][1] < consumed:
            continue
        words = run
        prefix = sentence[max(0, words[0][1] - 200):words[0][1]]  # what decides is close before the name
        base = words[0][1] - len(prefix)
        honorific = HONORIFIC.search(prefix)
        mention_start = base + honorific.start() if honorific else words[0][1]
        if words[0][0].lower() in ("ông", "bà") and len(words) > 1:
            honorific, mention_start, words = True, words[0][1], words[1:]
        first = words[0][0].lower()
        after_list_sep = listing and re.search(r"[;:]\s*$|\svà\s+$", prefix) is not None
        if (honorific or after_list_sep) and first not in _ROLE_WORDS:
            name_words = _cut_at_role_word(words)
            if not 2 <= len(name_words) <= 5:
                continue
            name = " ".join(w for w, _, _ in name_words)
            end = name_words[-1][2]
            sure, note = True, None
            if fold(name) not in known and name_words[0][0] not in SURNAMES:
                sure, note = False, f"\"{name}\": không chắc là họ tên người (chữ đầu không phải một họ thường gặp)"
            role, role_end = _role_after(sentence, end)
            found.append(Person(name, role, mention_start, max(end, role_end), sure, note))
            consumed = max(end, role_end)
            continue
        # The role, a dash, the name: "dưới sự chủ trì của Chủ tịch UBND thị xã – Trần Úc".
        dash = re.search(r"\s[–—-]\s*$", prefix)
        if dash and not honorific and words[0][0] in SURNAMES and 2 <= len(words) <= 4:
            head = prefix[:dash.start()]
            starts = [m.end() for m in _CLAUSE_START.finditer(head)]
            role_from = starts[-1] if starts else 0
            hon = re.match(r"\s*(?:(?:các\s+)?đồng\s+chí|đ/c)\s+", head[role_from:], re.I)
            role_from += hon.end() if hon else 0
            role = head[role_from:].strip(" ,")
            if role and _TITLE_START.match(nfc(role).lower()):
                name = " ".join(w for w, _, _ in words)
                found.append(Person(name, role, base + role_from, words[-1][2]))
                consumed = words[-1][2]
                continue
        # The role before the name: "Phó Chủ tịch UBND huyện Trần Văn Bình".
        clause_starts = [m.end() for m in _CLAUSE_START.finditer(prefix)]
        clause_from = clause_starts[-1] if clause_starts else 0
        clause = prefix[clause_from:]
        hon = re.match(r"\s*(?:(?:các\s+)?đồng\s+chí|đ/c)\s+", clause, re.I)
        if hon:
            clause_from += hon.end()
            clause = prefix[clause_from:]
        clause_from += base
        role_first = _TITLE_START.match(nfc(clause.strip()).lower()) if clause.strip() else None
        if honorific and first in _ROLE_WORDS:
            # "đồng chí Phó Chủ tịch UBND thành phố Nguyễn Văn A": the role starts in this run
            continue
        if not role_first:
            continue
        before_run = re.findall(r"[^\W\d_]+", prefix[-12:])
        person = _split_place_and_name(words, known, before_run[-1].lower() if before_run else "")
        if person is None:
            continue
        start_i, sure, note = person
        name_words = words[start_i:]
        name = " ".join(w for w, _, _ in name_words)
        role = sentence[clause_from:name_words[0][1]].strip(" ,")
        found.append(Person(name, role or None, clause_from, name_words[-1][2], sure, note))
        consumed = name_words[-1][2]
    return found


def _split_place_and_name(words, known: set[str], previous: str = ""):
    """(index where the name starts, sure, note) in a run that may begin with a place name."""
    n = len(words)
    for i in range(n - 1):  # a registry name decides
        if fold(" ".join(w for w, _, _ in words[i:])) in known:
            return i, True, None
    starts = [i for i in range(n - 1) if words[i][0] in SURNAMES and 2 <= n - i <= 4]
    if not starts and previous in _LEVEL_WORDS:
        return None  # "Bí thư Đảng ủy phường Hạc Thành – …": a place ends the role, no name here
    if not starts:
        if 2 <= n <= 4 and words[0][0] not in SURNAMES:
            return 0, False, (f"\"{' '.join(w for w, _, _ in words)}\": không chắc là họ tên người "
                              "(chữ đầu không phải một họ thường gặp)")
        return None
    if len(starts) == 1 or (starts[0] == 0 and previous not in _LEVEL_WORDS):
        return starts[0], True, None
    options = " / ".join(" ".join(w for w, _, _ in words[i:]) for i in starts)
    return starts[0], False, f"không rõ họ tên bắt đầu từ đâu: {options}"
