"""Plain text with simple formatting as safe HTML: the annual report (its page and PDF) and the
newsletters (their preview and the mail's HTML part).

The text stays plain so that it reads as is (in the textarea, in an e-mail's text part):
blocks separated by blank lines, «- » at the start of a list line, and a heading as a short
line of its own at the start of a block. Everything is escaped; only the structure becomes markup.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LIST_MARKS = ("- ", "* ", "• ")
HEADING_MAX = 80
SENTENCE_ENDS = ".:;,!?"


def _is_list_line(line: str) -> bool:
    return line.startswith(LIST_MARKS)


def _is_heading(block: list[str], index: int) -> bool:
    """A block's first line is a heading when it is short, not a sentence, and stands alone or
    leads the block's list («Aktiviteter» over «- Styremøte: 4»)."""
    line = block[index]
    if index != 0 or _is_list_line(line) or len(line) > HEADING_MAX:
        return False
    if line.endswith(tuple(SENTENCE_ENDS)):
        return False
    return len(block) == 1 or _is_list_line(block[1])


def _blocks(tekst: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for raw in tekst.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _runs(block: list[str]) -> list[tuple[str, list[str]]]:
    """A block as runs of («heading» | «list» | «text», lines)."""
    runs: list[tuple[str, list[str]]] = []
    for index, line in enumerate(block):
        if _is_heading(block, index):
            runs.append(("heading", [line]))
            continue
        kind = "list" if _is_list_line(line) else "text"
        item = line[2:].strip() if kind == "list" else line
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(item)
        else:
            runs.append((kind, [item]))
    return runs


def _run_html(kind: str, lines: list[str], tag: str) -> SafeString:
    if kind == "heading":
        return format_html("<{}>{}</{}>", tag, lines[0], tag)
    if kind == "list":
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in lines))
        )
    return format_html(
        "<p>{}</p>", format_html_join(SafeString("<br>"), "{}", ((i,) for i in lines))
    )


def tekst_html(tekst: str, heading_level: int = 2) -> SafeString:
    """Headings, lists and paragraphs (lines within a paragraph keep their breaks). Every
    piece of the text is escaped by ``format_html``; only the structure becomes markup."""
    tag = f"h{heading_level}"
    runs = [run for block in _blocks(tekst) for run in _runs(block)]
    return format_html_join("\n", "{}", ((_run_html(kind, lines, tag),) for kind, lines in runs))
