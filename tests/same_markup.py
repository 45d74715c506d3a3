"""HTML and SVG compared as a browser reads them: tags, attributes and text, whichever way
each character was escaped (`&#39;` or `&#x27;`, `&#34;` or `&quot;`)."""

from html.parser import HTMLParser


class _Events(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("empty", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def markup_events(markup: str) -> list[tuple]:
    """The tags, attributes (in order) and texts of `markup`, character references resolved."""
    parser = _Events()
    parser.feed(str(markup))
    parser.close()
    return parser.events
