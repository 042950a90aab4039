"""A page read as a reader's tools read it: every text node with the language it is in (the
nearest ``lang`` of its elements), and every link with its text. Python's own HTML parser,
so the tests need no other dependency."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Letters Azerbaijani writes and English and Russian do not.
AZERBAIJANI_LETTERS = set("əƏğĞıİşŞçÇöÖüÜ")


@dataclass
class Text:
    text: str
    lang: str
    path: tuple[str, ...]  # the open elements, outermost first


@dataclass
class Link:
    href: str
    lang: str
    parts: list[Text] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(part.text for part in self.parts).split())


class LangPage(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, lang)
        self.texts: list[Text] = []
        self.links: list[Link] = []
        self.options: list[tuple[str, str, str]] = []  # (value, lang, text) of <option>s
        self._link: Link | None = None
        self._option: list | None = None
        self.feed(html)
        self.close()

    @property
    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang", self.lang)
        if tag == "a" and "href" in attributes:
            self._link = Link(attributes["href"] or "", lang)
            self.links.append(self._link)
        if tag == "option":
            self._option = [attributes.get("value", ""), lang, ""]
            self.options.append(self._option)
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        if tag == "option":
            self._option = None
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if not data.strip():
            return
        path = tuple(tag for tag, _lang in self.stack)
        if {"script", "style"} & set(path):
            return
        text = Text(data, self.lang, path)
        self.texts.append(text)
        if self._link is not None:
            self._link.parts.append(text)
        if self._option is not None:
            self._option[2] += data

    def body_texts(self) -> list[Text]:
        """The text a reader meets in the page (``<title>`` and the rest of ``<head>`` hold
        no markup, so they cannot mark a language and are left out)."""
        return [text for text in self.texts if "head" not in text.path]

    def unmarked_azerbaijani(self) -> list[str]:
        """Text nodes with Azerbaijani letters that are not inside an element of lang="az"."""
        return [
            text.text.strip()
            for text in self.body_texts()
            if AZERBAIJANI_LETTERS & set(text.text) and not text.lang.startswith("az")
        ]

    def links_to(self, href: str) -> list[Link]:
        return [link for link in self.links if link.href == href]
