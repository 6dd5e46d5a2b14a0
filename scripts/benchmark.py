"""Build-speed benchmark on synthetic archives made from the seed bulletins' sentences.

Usage: python scripts/benchmark.py [N ...]      (default: 1000 5000)

For each N it writes N bulletins (dates spread over 2010-2026, commitments and
reviews of earlier commitments included) into a temporary project that uses the
repository's hooks, templates and registries, runs a real `mkdocs build` in a
child process, and prints build seconds, peak RSS of the build, total output
bytes, mean bytes per bulletin page, the tracker's first page (target: under 150 KB of HTML
at any archive size) and its on-demand data (tracker.json, fetched when a reader filters). "build s" is a first build (every link-preview
image drawn); "rebuild s" a second one, which reuses images cached by content. Targets: linear growth; 5,000 bulletins
in under 30 s with peak RSS under 1 GB on a 2-core machine.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from portal.yamlsrc import split_front_matter  # noqa: E402

STATUSES = ["not-started", "in-progress", "stalled", "done", "partly-done", "not-done"]


def seed_material():
    """Sentences of the bulletin texts, and the seed commitments' sentences."""
    sentences, directives = [], []
    for path in sorted((ROOT / "docs/meetings").rglob("*.md")):
        fm, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(fm)
        body = "\n".join(line for line in body.splitlines() if not line.startswith("{:"))
        sentences += [s.strip() for s in re.split(r"(?<=[.…])\s+", body) if len(s.strip()) > 30]
        directives += [c["text"] for c in meta.get("commitments") or []]
    return sentences, directives


def registry_keys(name: str) -> list[str]:
    # One file per entry (docs/data/<name>/<key>.yml) or one mapping (docs/data/<name>.yml).
    folder = ROOT / "docs/data" / name
    if folder.is_dir():
        return sorted(path.stem for path in folder.glob("*.yml"))
    return list(yaml.safe_load((ROOT / f"docs/data/{name}.yml").read_text(encoding="utf-8")))


def write_archive(dest: Path, n: int, seed: int = 2020) -> int:
    """Write ``n`` bulletins under dest/docs/meetings; return the number of commitments."""
    rng = random.Random(seed)
    sentences, directives = seed_material()
    orgs = registry_keys("organizations")
    people = registry_keys("people")
    topics = registry_keys("topics")
    kinds = registry_keys("meeting-kinds")
    made: list[tuple[str, str]] = []  # (id, iso date)
    dates = sorted(f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(n))
    commitments = 0
    for i, date in enumerate(dates):
        meta = {
            "title": f"Hội nghị {rng.choice(['giao ban', 'phối hợp', 'sơ kết'])} số {i + 1} về "
                     f"{rng.choice(sentences)[:60].rstrip(',.… ')}",
            "date": date,
            "kind": rng.choice(kinds),
            "chairs": [{"person": rng.choice(people), "role": "Chủ tịch UBND thành phố"}],
            "organizations": rng.sample(orgs, 4),
            "topics": rng.sample(topics, 3),
        }
        if rng.random() < 0.5:
            meta["commitments"] = []
            for j in range(rng.randint(1, 4)):
                cid = f"ck-{i + 1}-{j + 1}"
                entry = {"id": cid, "text": rng.choice(directives), "owners": rng.sample(orgs, 1)}
                if rng.random() < 0.6:
                    entry["due"] = f"{int(date[:4]) + rng.randint(0, 2)}-12-31"
                meta["commitments"].append(entry)
                made.append((cid, date))
                commitments += 1
        earlier = [cid for cid, d in made[-200:] if d < date]
        if earlier and rng.random() < 0.4:
            meta["reviews"] = [{"commitment": cid, "status": rng.choice(STATUSES), "note": rng.choice(sentences)}
                               for cid in rng.sample(earlier, min(len(earlier), rng.randint(1, 3)))]
        body = "\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(3, 7)))
        path = dest / "docs/meetings" / date[:4] / f"{date}-hoi-nghi-{i + 1}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n",
                        encoding="utf-8")
    return commitments


def make_project(dest: Path) -> None:
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("meetings"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        (dest / name).symlink_to(ROOT / name)


def timed_build(project: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) of one `mkdocs build` child process."""
    env = {**os.environ, "PORTAL_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], env=env, cwd=project, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed:\n{proc.stderr.read()}")
    return seconds, usage.ru_maxrss * 1024


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'commitments':>11} {'build s':>8} {'rebuild s':>9} {'peak RSS MB':>11} {'output MB':>9} "
          f"{'pages':>6} {'KB/bulletin page':>16} {'tracker KB':>10} {'tracker.json KB':>15}  largest page")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            project = Path(tmp) / "project"
            make_project(project)
            commitments = write_archive(project, n)
            out = Path(tmp) / "site"
            seconds, rss = timed_build(project, out)
            # A second build reuses the preview images cached by content (.cache/previews).
            again, rss_again = timed_build(project, Path(tmp) / "site2")
            rss = max(rss, rss_again)
            files = [p for p in out.rglob("*") if p.is_file()]
            pages = [p for p in files if p.name == "index.html"]
            bulletin_pages = list((out / "meetings").rglob("index.html"))
            assert len(bulletin_pages) == n, (len(bulletin_pages), n)
            total = sum(p.stat().st_size for p in files)
            per_page = sum(p.stat().st_size for p in bulletin_pages) / n
            largest = max(pages, key=lambda p: p.stat().st_size)
            tracker_kb = (out / "cam-ket/index.html").stat().st_size / 1024
            tracker_json_kb = (out / "cam-ket/tracker.json").stat().st_size / 1024
            print(f"{n:>6} {commitments:>11} {seconds:>8.1f} {again:>9.1f} {rss / 2**20:>11.0f} {total / 2**20:>9.1f} "
                  f"{len(pages):>6} {per_page / 1024:>16.1f} {tracker_kb:>10.1f} {tracker_json_kb:>15.0f}  {largest.relative_to(out).parent.as_posix()}/ "
                  f"{largest.stat().st_size / 2**20:.1f} MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
