"""Build-speed benchmark: this portal beside vanilla Material, and the preview's reload time.

Usage: python scripts/dev/benchmark.py [N ...] [--serve N ...] [--content city|province]
                                       [--no-vanilla] [--no-serve] [--no-builds]
       (default: 1000 5000, serve at 1000; about 8 minutes on a quiet 2-core machine)

For each N it writes N synthetic bulletins (``--content city``: made from the seed
bulletins' sentences over the city's registries, dates over 2010-2024, ~1.2 commitments
and some reviews per bulletin; ``--content province``: spread over the province's
localities by ``scripts/dev/province.py``'s ``make_province`` once it exists) and builds
them, each in a child process (`mkdocs build`):

- "vanilla": the same bulletin files in a bare Material site (theme language vi, a nav of
  one page, Material's own search plugin, no hooks, no overrides), once;
- "portal" **cold**: this repository's hooks, templates and registries with no cache at all
  (empty .cache/build and .cache/previews: every page drawn, every preview image drawn);
- "portal" **+1 cached**: one bulletin added (the newest, with a commitment and a review),
  then `mkdocs build` again with the cache the cold build left, as the publishing
  workflow does for a commit of one bulletin.

It prints wall seconds, CPU seconds (user + system of the build and every process it
forked: a fairer figure on a busy machine), peak RSS (the largest process), output size,
the mean size of a meeting page, and the two ratios the targets are about (issue 23):
+1 cached <= 0.5 x vanilla and cold <= 2 x vanilla at 5,000; at 50,000 peak RSS under 2 GB
and +1 cached under 60 s. Then, for each `--serve N`, it starts `mkdocs serve` on
127.0.0.1 at a free port, opens a meeting page in headless Chromium (Debian's
/usr/bin/chromium driven by Playwright), rewrites that bulletin's title on disk, and
measures from the save until the page shows the new title (live reload), three times,
then the same for a sentence of its text. Target: the times of issue 14 at 1,000.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

from portal.contract.yamlsrc import split_front_matter  # noqa: E402
from portal.contract import routes  # noqa: E402
from scripts.dev.synthetic import (  # noqa: E402,F401 (also for the tools that import them from here)
    STATUSES, Run, make_project, page_sizes, seed_material, timed_build)



# Where meeting pages are published (not their old address, where redirect pages stand).
MEETING_PAGES = routes.BY_NAME["meeting"].pattern.partition("{")[0]


def registry(name: str, root: Path = ROOT) -> dict[str, dict]:
    # One file per entry (docs/data/<name>/<key>.yml) or one mapping (docs/data/<name>.yml).
    folder = root / "docs/data" / name
    if folder.is_dir():
        return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))}
    return yaml.safe_load((root / f"docs/data/{name}.yml").read_text(encoding="utf-8"))


def registry_keys(name: str, root: Path = ROOT) -> list[str]:
    return list(registry(name, root))


def bodies_valid_between(first: str, last: str, root: Path = ROOT) -> list[str]:
    """The bodies that exist on every day from ``first`` to ``last`` (ISO dates): a bulletin may name them."""
    return [key for key, e in registry("organizations", root).items()
            if str(e.get("valid_from") or first) <= first and str(e.get("valid_until") or last) >= last]


def write_archive(dest: Path, n: int, seed: int = 2020) -> int:
    """Write ``n`` bulletins under dest/docs/meetings; return the number of commitments."""
    rng = random.Random(seed)
    sentences, directives = seed_material()
    orgs = bodies_valid_between("2010-01-01", "2024-12-31")  # the span of the dates below
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


def add_bulletin(dest: Path, name: str = "2024-12-31-hoi-nghi-them-mot-ban-tin") -> Path:
    """One more bulletin, the newest: what a commit of one bulletin adds."""
    rng = random.Random(name)
    sentences, directives = seed_material()
    bulletins = sorted((dest / "docs/meetings").rglob("*.md"))
    made = []
    for path in bulletins[-50:]:
        fm, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        made += [c["id"] for c in (yaml.safe_load(fm) or {}).get("commitments") or []]
    # The project's own registries (a province-wide project has its own bodies and people).
    orgs, topics = bodies_valid_between(name[:10], name[:10], dest), registry_keys("topics", dest)
    meta = {"title": "Hội nghị giao ban bổ sung về " + rng.choice(sentences)[:50].rstrip(",.… "),
            "date": name[:10], "kind": rng.choice(registry_keys("meeting-kinds", dest)),
            "chairs": [{"person": rng.choice(registry_keys("people", dest)), "role": "Chủ tịch UBND"}],
            "organizations": rng.sample(orgs, 4), "topics": rng.sample(topics, 3),
            "commitments": [{"id": "ck-" + name[11:], "text": rng.choice(directives), "owners": rng.sample(orgs, 1),
                             "due": f"{int(name[:4]) + 1}-12-31"}]}
    if made:
        meta["reviews"] = [{"commitment": made[-1], "status": "in-progress", "note": rng.choice(sentences)}]
    path = dest / "docs/meetings" / name[:4] / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(4))
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n",
                    encoding="utf-8")
    return path


def write_content(dest: Path, n: int, content: str = "city", seed: int = 2020) -> int:
    """``n`` bulletins of the chosen kind of content; the number of commitments."""
    if content == "province":
        try:
            from scripts.dev.province import make_province
        except ImportError:
            raise SystemExit("--content province needs scripts/dev/province.py (make_province), "
                             "not merged on this branch yet") from None
        make_province(dest, n, seed)
        return sum(len((yaml.safe_load(split_front_matter(p.read_text(encoding="utf-8"))[0]) or {})
                       .get("commitments") or []) for p in (dest / "docs/meetings").rglob("*.md"))
    return write_archive(dest, n, seed)


VANILLA_YML = """site_name: Vanilla Material
theme:
  name: material
  language: vi
plugins:
  - search
nav:
  - index.md
validation:
  nav: {omitted_files: info, not_found: info}
  links: {not_found: info, anchors: info, unrecognized_links: info}
"""


def make_vanilla(dest: Path, portal_project: Path) -> None:
    """The portal project's bulletins in a bare Material site."""
    shutil.copytree(portal_project / "docs/meetings", dest / "docs/meetings")
    (dest / "docs/index.md").write_text("# Các hội nghị\n\nBản tin các hội nghị.\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(VANILLA_YML, encoding="utf-8")


def output_figures(out: Path, n: int, meetings: str = MEETING_PAGES) -> tuple[float, float]:
    """Total output MB and mean KB of a meeting page."""
    files = [p for p in out.rglob("*") if p.is_file()]
    meeting_pages = list((out / meetings).rglob("index.html"))
    assert len(meeting_pages) == n, (len(meeting_pages), n)
    total = sum(p.stat().st_size for p in files)
    return total / 2**20, sum(p.stat().st_size for p in meeting_pages) / n / 1024


def _row(n, commitments, name, run: Run, out_mb=None, page_kb=None):
    figures = f"{out_mb:>8.1f} {page_kb:>9.1f}" if out_mb is not None else f"{'':>8} {'':>9}"
    print(f"{n:>6} {commitments:>6} {name:<14} {run.wall:>8.1f} {run.cpu:>8.1f} {run.rss / 2**20:>8.0f} {figures}",
          flush=True)


def bench_builds(counts: list[int], vanilla: bool, content: str = "city") -> None:
    print(f"{'N':>6} {'commit':>6} {'build':<14} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'out MB':>8} "
          f"{'KB/mtg pg':>9}")
    sizes, ratios = [], []
    for n in counts:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            project = Path(tmp) / "project"
            if content == "city":
                make_project(project)  # the province kit makes its own project
            commitments = write_content(project, n, content)
            plain_run = None
            if vanilla:
                plain = Path(tmp) / "vanilla"
                make_vanilla(plain, project)
                plain_run = timed_build(plain, Path(tmp) / "vsite")
                _row(n, commitments, "vanilla", plain_run, *output_figures(Path(tmp) / "vsite", n, "meetings"))
                shutil.rmtree(plain)
                shutil.rmtree(Path(tmp) / "vsite")
            # Fresh project: empty .cache/build and .cache/previews, every page and image drawn.
            cold = timed_build(project, Path(tmp) / "site")
            _row(n, commitments, "portal cold", cold, *output_figures(Path(tmp) / "site", n))
            # The newest bulletin: the city's content ends in 2024, the province's in October 2026.
            add_bulletin(project, *(["2026-11-02-hoi-nghi-them-mot-ban-tin"] if content == "province" else []))
            # As the publishing workflow: a fresh checkout (no site/) with the cache restored.
            plus_one = timed_build(project, Path(tmp) / "site")
            _row(n + 1, commitments + 1, "portal +1 cached", plus_one, *output_figures(Path(tmp) / "site", n + 1))
            sizes.append((n, page_sizes(Path(tmp) / "site")))
            if plain_run:
                ratios.append(f"at {n}: +1 cached / vanilla = {plus_one.wall / plain_run.wall:.2f} (target <= 0.5), "
                              f"cold / vanilla = {cold.wall / plain_run.wall:.2f} (target <= 2); CPU: "
                              f"{plus_one.cpu / plain_run.cpu:.2f} and {cold.cpu / plain_run.cpu:.2f}")
            ratios.append(f"at {n}: peak RSS cold {cold.rss / 2**20:.0f} MB, +1 cached {plus_one.rss / 2**20:.0f} MB"
                          f"; +1 cached {plus_one.wall:.1f} s")
    for n, line in sizes:
        print(f"portal at {n}: {line}", flush=True)
    for line in ratios:
        print(line, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, proc, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {limit:.0f} s")


def bench_serve(n: int, edits: int = 3, content: str = "city") -> None:
    """Save-to-reload of a bulletin title under `mkdocs serve`, seen in headless Chromium."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS

    with tempfile.TemporaryDirectory(prefix=f"bench-serve-{n}-") as tmp:
        project = Path(tmp) / "project"
        make_project(project)
        write_content(project, n, content)
        bulletin = sorted((project / "docs/meetings").rglob("*.md"))[n // 2]
        rel = bulletin.relative_to(project / "docs").with_suffix("").as_posix()
        port = _free_port()
        env = {**os.environ, "PORTAL_AS_OF": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
        log_path = Path(tmp) / "serve.log"
        with open(log_path, "wb") as log:
            start = time.monotonic()
            proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                     "-f", str(project / "mkdocs.yml")], cwd=project, env=env,
                                    stdout=log, stderr=subprocess.STDOUT,
                                    # Ctrl+C must reach it even when this script runs in the background
                                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            url = f"http://127.0.0.1:{port}/{rel}/"
            _wait_http(url, proc, 300)
            first = time.monotonic() - start
            times = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url)
                time.sleep(1.0)  # let the live-reload script connect
                for i in range(2 * edits):
                    text = bulletin.read_text(encoding="utf-8")
                    if i < edits:  # the title: the meeting page and every list that shows it
                        wanted = f"Tiêu đề đã sửa lần {i + 1} – Hội nghị giao ban"
                        # The generated titles may be folded over several lines: replace them whole.
                        text = re.sub(r"^title: .*\n(?:[ \t]+.*\n)*", f"title: {wanted}\n", text, count=1, flags=re.M)
                        probe = "() => document.querySelector('article h1')?.textContent"
                    else:  # a sentence of the text: its page only
                        wanted = f"Câu thêm vào lần {i + 1 - edits}."
                        text = text.rstrip("\n") + f"\n\n{wanted}\n"
                        probe = "() => document.querySelector('.bulletin-text p:last-of-type')?.textContent"
                    saved = time.monotonic()
                    bulletin.write_text(text, encoding="utf-8")
                    seen = None
                    while time.monotonic() - saved < 120:
                        try:
                            if page.evaluate(probe) == wanted:
                                seen = time.monotonic() - saved
                                break
                        except PlaywrightError:
                            pass  # the page is reloading
                        time.sleep(0.02)
                    times.append(seen)
                    time.sleep(8)  # let the server place data and images (after the reload) before the next save
                browser.close()
        finally:
            proc.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs shuts the server down and calls on_shutdown
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        built = re.findall(r"Documentation built in ([\d.]+) seconds", log_path.read_text(errors="replace"))
        def shown(values):
            return ", ".join(f"{t:.2f} s" if t is not None else "not seen in 120 s" for t in values)
        print(f"serve at {n}: first page served {first:.1f} s after start; save-to-reload of a title: "
              f"{shown(times[:edits])}; of a sentence of the text: {shown(times[edits:])}; "
              f"server's rebuilds: {', '.join(b + ' s' for b in built[1:])}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000], help="archive sizes (bulletins)")
    parser.add_argument("--serve", type=int, nargs="*", default=[1000], help="archive sizes for the serve measurement")
    parser.add_argument("--content", choices=("city", "province"), default="city",
                        help="synthetic bulletins over the city's registries, or over the province's localities")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-vanilla", action="store_true")
    parser.add_argument("--no-builds", action="store_true", help="only the serve measurement")
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    if args.sizes and not args.no_builds:
        bench_builds(args.sizes, not args.no_vanilla, args.content)
    if not args.no_serve:
        for n in args.serve:
            bench_serve(n, content=args.content)


if __name__ == "__main__":
    main()
