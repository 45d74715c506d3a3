"""The manage link is a key: the page says so, and no shared calendar feed carries it."""

import re

from tests.helpers import TUESDAY_9, book_by_api, manage_path


def test_the_manage_page_warns_that_anyone_with_the_link_can_change_the_request(client, office):
    answer = book_by_api(client, start=TUESDAY_9, accept_language="en")
    page = client.get(manage_path(answer).replace("/de/", "/en/")).get_data(as_text=True)
    assert "Anyone with this link can change your request." in page


def test_no_shared_feed_carries_the_manage_link(client, auth, office):
    answer = book_by_api(client, start=TUESDAY_9, language="ar")
    token = manage_path(answer).rsplit("/", 1)[1]
    auth.login(office[0].email)  # the Arabic speaker got the appointment
    page = client.post("/staff/feed").get_data(as_text=True)
    feed = client.get(re.search(r"https?://[^/]+(/staff/feed/[^<]+\.ics)", page).group(1))
    closures = client.get("/closures.ics")
    assert answer["reference"] in feed.get_data(as_text=True), "the feed does show the booking"
    for shared in (feed, closures):
        text = shared.get_data(as_text=True).replace("\r\n ", "")  # unfold long lines
        assert token not in text
        assert "/r/" not in text
