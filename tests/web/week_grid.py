"""Read the staff calendar's table as a user of a screen reader would: each cell by the
headers that name it (day, person, time)."""

from html.parser import HTMLParser


class WeekGrid(HTMLParser):
    """Cells keyed by the text of their headers, e.g. ("Dienstag, 17. November", "10:00")."""

    def __init__(self, html: str):
        super().__init__()
        self.headers: dict[str, str] = {}
        self.cells: dict[tuple[str, ...], str] = {}
        self.caption = ""
        self._open: tuple[str, dict] | None = None
        self._text: list[str] = []
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("th", "td", "caption") and self._in_table:
            self._open, self._text = (tag, attrs), []
        if tag == "table" and "week-table" in (attrs.get("class") or ""):
            self._in_table = True

    _in_table = False

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        if self._open is None or tag != self._open[0]:
            return
        kind, attrs = self._open
        text = " ".join("".join(self._text).split())
        if kind == "caption":
            self.caption = text
        elif kind == "th" and attrs.get("id"):
            self.headers[attrs["id"]] = text
        elif kind == "td":
            key = tuple(self.headers[ref] for ref in attrs["headers"].split())
            self.cells[key] = text
        self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def cell(self, *names: str) -> str:
        return self.cells[names]

    @property
    def days(self) -> list[str]:
        return [text for key, text in self.headers.items() if key[1:].isdigit() and key[0] == "d"]
