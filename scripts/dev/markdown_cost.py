"""Time and peak memory of converting adversarial bulletin text, per family (issue 18).

    .venv/bin/python scripts/dev/markdown_cost.py                 # every family at 200 KB
    .venv/bin/python scripts/dev/markdown_cost.py --kb 20 80      # two sizes: the ratio shows the growth
    .venv/bin/python scripts/dev/markdown_cost.py --unbounded --only span_attr autolink --timeout 300
    .venv/bin/python scripts/dev/markdown_cost.py --list

Each family is one short unit repeated to the size asked (UTF-8 bytes), laid out in blocks
that the loader accepts (``guards.markdown_problems``: 20,000 characters, 50 "[" and 400
"*"/"_" per block...); a family the loader refuses is printed as such and not converted. The
text is converted as a page's text is (``portal_mkdocs.markdown.new_markdown`` and
``convert_text``: the site's extensions, MkDocs' raw HTML pass, the bounds of
``markdown_bounds``); ``--unbounded`` converts with plain Python-Markdown and MkDocs' own
raw HTML pass instead, as before issue 18. Each conversion runs in its own process:
seconds are its CPU time, MB the growth of its peak resident memory during the conversion.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT)]

from portal.contract import guards  # noqa: E402

EXTENSIONS = ["attr_list", "md_in_html", "pymdownx.superfences", "tables", "toc"]
CONFIGS = {"toc": {"permalink": False}}

# name -> (what it is, unit, units per block or 0 for "the unit holds its own blank lines"[,
# what starts each block])
FAMILIES: dict[str, tuple] = {
    # Raw HTML: an opener whose close the parser looks for in the rest of the page. Each after
    # "x ": at a line start, more than guards.MAX_HTML_LINES of them are refused by the loader.
    "span_attr": ("start tag, unclosed quoted attribute", 'x <span a="\n\n', 0),
    "autolink": ("autolink without its >", "x <http://a\n\n", 0),
    "comment": ("comment never closed", "x <!--\n\n", 0),
    "tag_name": ("start tag, name only", "x <a\n\n", 0),
    "tag_dense": ("start tags every 3 characters, a > within the window", "<a " * 300 + ">\n\n", 0),
    "tag_inline": ("start tag inside a paragraph", "x <b c=\"d ", 200),
    "mail": ("mail autolink without its >", "x <a@b\n\n", 0),
    "end_tag": ("end tag never closed", "x </a\n\n", 0),
    "pi": ("processing instruction never closed", "x <?\n\n", 0),
    "decl": ("declaration never closed", "x <!x\n\n", 0),
    "cdata": ("CDATA section never closed", "x <![CDATA[\n\n", 0),
    "marked": ("marked section never closed", "x <![if x\n\n", 0),
    "comment_gt": ("comment with > but no -->", "x <!-- >\n\n", 0),
    "odd_quotes": ("unclosed quoted attributes with a > far after", 'x <span a="\n\nx <i>\n\n', 0),
    "inline_comments": ("comments inside open inline tags", "<b><!-- x -->", 500),
    "raw_blocks": ("raw HTML blocks (as many as guards allow at 200 KB)", "<div></div>\n" + "x " * 200 + "\n\n", 0),
    "hr_blocks": ("block-level empty tags (idem)", "<hr>\n" + "x " * 205 + "\n\n", 0),
    # Markdown itself, within the loader's limits.
    "emphasis": ("emphasis never closed", "*a **b _c ", 40),
    "brackets": ("links never closed", "[a](b ", 50),
    "ref_brackets": ("reference-style brackets", "[a][b] ", 25),
    "backticks": ("backtick runs of growing length", "` `` ``` x ", 300),
    "entities": ("character references without ;", "&#12 &#x1f &amp ", 500),
    "table": ("tables of 20 columns", "| a " * 20 + "|\n", 200, "| h " * 20 + "|\n" + "|---" * 20 + "|\n"),
    "attr_list": ("attribute lists", "a {: #x .y z=\"w\" }\n\n", 0),
    "attr_open": ("attribute lists never closed", "{: #x .y ", 400),
    "quotes": ("nested quotes, 20 levels", "> " * 20 + "a\n", 400),
    "lists": ("nested lists, 20 levels", "".join("    " * k + "- a\n" for k in range(10)) + "\n", 0),
    "headings": ("the same heading again and again", "## a\n\n", 0),
    "fences": ("code blocks (as many as guards allow at 200 KB)", "```\nx\n```\n\n" + "x " * 2100 + "\n\n", 0),
    "html_code": ("unclosed tags inside code spans", "`<span a=\"` ", 300),
}


def family_text(name: str, size: int) -> str:
    """About ``size`` bytes of the family, in blocks the loader accepts."""
    _, unit, per_block, *head = FAMILIES[name]
    head = head[0] if head else ""
    count = max(1, size // len(unit.encode()))
    if not per_block:
        return unit * count
    blocks = [head + unit * per_block] * (count // per_block)
    if count % per_block:
        blocks.append(head + unit * (count % per_block))
    return "\n\n".join(blocks)


def refused(text: str) -> str:
    problems = guards.markdown_problems(text, 1)
    if problems:
        line, message = problems[0]
        return f"line {line}: {message}"
    return ""


def _convert(name: str, size: int, unbounded: bool, queue) -> None:
    import markdown

    text = family_text(name, size)
    if unbounded:
        from mkdocs.structure.pages import _RawHTMLPreprocessor

        md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)

        def convert(text: str) -> str:
            md.reset()
            _RawHTMLPreprocessor()._register(md)
            return md.convert(text)
    else:
        from portal_mkdocs.markdown import convert_text, new_markdown

        md = new_markdown(EXTENSIONS, CONFIGS)

        def convert(text: str) -> str:
            return convert_text(md, text)
    convert("warm *up* <b>x</b>")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    convert(text)
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    queue.put((seconds, peak / 1024))


def measure(name: str, size: int, unbounded: bool = False, timeout: float = 600) -> tuple[float, float] | None:
    """(CPU seconds, MB) of one conversion in a child process, or None past ``timeout``."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_convert, args=(name, size, unbounded, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="+", default=[200], help="sizes in KB (default 200)")
    parser.add_argument("--only", nargs="+", choices=sorted(FAMILIES), help="these families only")
    parser.add_argument("--unbounded", action="store_true", help="plain Python-Markdown, as before issue 18")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per conversion (default 600)")
    parser.add_argument("--list", action="store_true", help="list the families and exit")
    args = parser.parse_args(argv)
    names = args.only or list(FAMILIES)
    if args.list:
        for name in names:
            print(f"{name:16} {FAMILIES[name][0]}")
        return 0
    mode = "unbounded (plain Python-Markdown)" if args.unbounded else "bounded (the portal's conversion)"
    print(f"{mode}; CPU seconds / peak MB growth per size; ratio = time at the largest size / time at the smallest")
    header = "".join(f"{f'{kb} KB':>18}" for kb in args.kb)
    print(f"{'family':16}{header}   ratio  what")
    worst = 0.0
    for name in names:
        cells, times = [], []
        why = refused(family_text(name, max(args.kb) * 1024))
        if why:
            print(f"{name:16}{'refused by the loader':>{18 * len(args.kb)}}          {FAMILIES[name][0]} ({why[:60]})")
            continue
        for kb in args.kb:
            result = measure(name, kb * 1024, args.unbounded, args.timeout)
            if result is None:
                cells.append(f"> {args.timeout:.0f} s")
                times.append(None)
            else:
                cells.append(f"{result[0]:8.2f} s {result[1]:5.0f} MB")
                times.append(result[0])
                worst = max(worst, result[0] / kb)
        ratio = (f"{times[-1] / times[0]:6.1f}" if len(times) > 1 and None not in times and times[0] > 0
                 else "     -")
        print(f"{name:16}" + "".join(f"{c:>18}" for c in cells) + f"  {ratio}  {FAMILIES[name][0]}", flush=True)
    print(f"worst: {worst * 1000:.1f} ms per KB ({worst * 200:.1f} s per 200 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
