"""Markdown export: golden file, escaping that keeps notes literal, Obsidian details."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt  # installed with rich
from test_export_w3c import NOW, SOURCE, TITLE, check_golden, sample_annotations

from reader.export import export_annotations
from reader.export.markdown import escape_block, escape_inline, safe_tag, yaml_quote
from reader.notes.annotations import Annotation


def markdown(anns: list[Annotation] | None = None) -> str:
    return export_annotations(sample_annotations() if anns is None else anns, "markdown", now=NOW)


def test_markdown_matches_golden_file() -> None:
    check_golden("sample.md", markdown())


def front_matter(doc: str) -> list[str]:
    assert doc.startswith("---\n")
    return doc[4:].split("\n---\n", 1)[0].split("\n")


def test_single_article_starts_with_obsidian_front_matter() -> None:
    lines = front_matter(markdown())
    assert lines[0] == 'title: "Ken Livingstone quits Labour: \\"a distraction\\""'
    assert lines[1] == f'source: "{SOURCE}"'
    assert lines[2] == "tags:"
    assert '  - "red-ken"' in lines
    assert '  - "日本語"' in lines
    assert '  - "people/Jim-Murphy"' in lines


def unquote_yaml(scalar: str) -> str:
    """Decode a YAML double-quoted scalar using only escapes YAML and Python share."""
    assert scalar.startswith('"') and scalar.endswith('"')
    inner = scalar[1:-1].encode("latin-1", "backslashreplace")
    return inner.decode("unicode_escape")


def test_front_matter_values_read_back_exactly() -> None:
    tricky = 'Live: "quoted" \\ back\tslash — #1 of 2: [x] {y}\u2028日本語\x1b.'
    anns = [replace(a, title=tricky) for a in sample_annotations()]
    lines = front_matter(markdown(anns))
    key, _, value = lines[0].partition(": ")
    assert key == "title"
    assert unquote_yaml(value) == tricky
    assert "\x1b" not in value and "\u2028" not in value


def test_section_says_title_source_and_when_annotated() -> None:
    doc = markdown()
    assert f"# {escape_inline(TITLE)}\n" in doc
    assert f"Source: {SOURCE}\\\n" in doc
    assert "Annotated 2024-05-01 to 2024-05-03 · 6 annotations (1 orphaned)" in doc


def test_quote_shows_exact_text_in_context_and_its_speaker() -> None:
    doc = markdown()
    assert '> …against him had become a "**distraction**" to Jeremy Corbyn’s policies.\n' in doc
    assert "**I am loyal to the Labour Party and to Jeremy Corbyn.** However, any further…" in doc
    assert ">\n> — Ken Livingstone\n" in doc


def test_tags_are_safe_hashtags() -> None:
    doc = markdown()
    assert "\n#red-ken #Labour-party\n" in doc
    assert "\n#日本語 #ελληνικά-tag\n" in doc


def test_orphans_are_marked() -> None:
    doc = markdown()
    marker = "*Orphaned: this passage is no longer found in the article.*"
    assert doc.count(marker) == 1
    assert doc.index(marker) < doc.index("**disciplinary action**")


def test_notes_keep_line_breaks_and_special_characters() -> None:
    doc = markdown()
    assert (
        "\\# not a heading\\\n\\- not a list\\\n1\\. not a list either\\\n\\> not a quote\n\n"
    ) in doc
    assert "Second line: \\*stars\\*, \\_under\\_, \\<b\\>html\\</b\\> & \\[link\\](x)." in doc


def test_non_latin_text_is_written_as_is() -> None:
    assert "Ελληνικά: συγγνώμη; 日本語：本当に申し訳ない; عربي: آسف جدا\n" in markdown()


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*bold* _em_", "\\*bold\\* \\_em\\_"),
        ("<script>", "\\<script\\>"),
        ("`code`", "\\`code\\`"),
        ("[[wiki]]", "\\[\\[wiki\\]\\]"),
        ("==mark== 50%", "\\=\\=mark\\=\\= 50%"),
        ("$x$ and %%hidden%%", "\\$x\\$ and \\%\\%hidden\\%\\%"),
        ("&amp; & co", "\\&amp; & co"),
        ("#tag", "\\#tag"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_inline_escaping(raw: str, escaped: str) -> None:
    assert escape_inline(raw) == escaped


def test_block_escaping_stops_lists_headings_and_code_blocks() -> None:
    assert escape_block("- a\n+ b\n2) c\n=\n    code") == [
        "\\- a\\",
        "\\+ b\\",
        "2\\) c\\",
        "\\=\\",
        "&nbsp;&nbsp;&nbsp;&nbsp;code",
    ]


def render(doc: str) -> str:
    """CommonMark HTML of a document, without its front matter."""
    body = doc.split("\n---\n", 1)[1] if doc.startswith("---\n") else doc
    return MarkdownIt("commonmark").render(body)


def test_rendered_export_has_only_the_formatting_we_meant() -> None:
    rendered = render(markdown())
    tags = re.findall(r"<([a-z0-9]+)[ >/]", rendered)
    assert sorted(set(tags)) == ["blockquote", "br", "em", "h1", "hr", "p", "strong"]
    assert tags.count("h1") == 1
    assert tags.count("blockquote") == tags.count("strong") == 6
    assert tags.count("em") == 1  # the orphan notice


def test_rendered_notes_read_exactly_as_written() -> None:
    rendered = render(markdown())
    text = html.unescape(re.sub(r"<br />\n", "\n", rendered.replace("</p>\n<p>", "\n\n")))
    for ann in sample_annotations():
        if ann.note:
            assert ann.note in text


def test_escaped_markdown_renders_as_the_original_text() -> None:
    note = "*a* _b_ <i>c</i> `d` [e](f) # g\n- h\n1. i"
    out = MarkdownIt("commonmark").render("\n".join(escape_block(note)))
    assert "<em>" not in out and "<i>" not in out and "<code>" not in out
    assert "<a " not in out and "<li>" not in out and "<h1>" not in out
    assert "*a* _b_ &lt;i&gt;c&lt;/i&gt; `d` [e](f) # g<br />" in out


@pytest.mark.parametrize(
    ("tag", "safe"),
    [("red ken", "red-ken"), ("a & b!", "a-b"), ("nested/tag", "nested/tag"), ("!!", "")],
)
def test_safe_tag(tag: str, safe: str) -> None:
    assert safe_tag(tag) == safe


def test_yaml_quote_escapes_quotes_backslashes_and_controls() -> None:
    assert yaml_quote('a: "b" \\ c\n\x07') == '"a: \\"b\\" \\\\ c\\n\\x07"'


def test_multi_article_export_has_one_section_per_article() -> None:
    other = replace(
        sample_annotations()[0],
        id="urn:uuid:00000000-0000-4000-8000-0000000000aa",
        source="/articles/another.txt",
        fingerprint="0" * 64,
        title="Another article",
    )
    doc = markdown([*sample_annotations(), other])
    assert not doc.startswith("---")
    assert doc.startswith("# Annotations\n\nExported 2024-06-01 · 7 annotations from 2 articles\n")
    assert doc.index("\n## Another article\n") < doc.index(f"\n## {escape_inline(TITLE)}\n")
    assert "Annotated 2024-05-01 to 2024-05-02 · 1 annotation\n" in doc


def test_empty_export_says_so() -> None:
    assert markdown([]) == "# Annotations\n\nExported 2024-06-01 · no annotations\n"
