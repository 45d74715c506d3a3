"""The commissioner's title: feminine in every catalogue, and the office's own wording per
language when the lead sets one."""

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from intake.models import OfficeSettings, Role
from tests.web.test_office_settings_admin import ALL

FEMININE = {
    "uk": "Уповноважена",
    "ru": "Уполномоченная",
    "fr": "Déléguée",
    "ar": "مفوّضة",
}


@pytest.mark.parametrize(("lang", "word"), FEMININE.items())
def test_the_title_is_the_feminine_one_of_the_woman_holding_the_office(client, lang, word):
    assert word in client.get(f"/{lang}/").get_data(as_text=True)


def test_vietnamese_no_longer_calls_her_a_committee_member(client):
    assert "Ủy viên" not in client.get("/vi/").get_data(as_text=True)


def test_the_lead_sets_the_title_for_one_language_and_the_others_keep_the_catalogue(
    client, auth, db
):
    auth.login_as(Role.LEAD)
    title = "Уповноважена з питань інтеграції та іноземців міста Дрезден"
    data = {**ALL, "commissioner_titles-uk": title, "commissioner_titles-ar": ""}
    assert client.post("/staff/settings", data=data).status_code == 302
    assert db.session.get(OfficeSettings, 1).commissioner_titles == {"uk": title}
    assert title in client.get("/uk/").get_data(as_text=True)
    assert title in client.get("/uk/privacy").get_data(as_text=True)
    with force_locale("ru"):
        default = str(escape(_("The city's commissioner for integration and foreigners")))
    assert default in client.get("/ru/").get_data(as_text=True)


def test_an_overlong_or_doubled_title_is_refused_and_nothing_saved(client, auth, db):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/settings", data={**ALL, "commissioner_titles-fr": "x" * 201})
    assert response.status_code == 422
    assert 'id="commissioner_titles-error"' in response.get_data(as_text=True)
    doubled = MultiDict([*ALL.items(), ("commissioner_titles-fr", "a")])
    doubled.add("commissioner_titles-fr", "b")
    assert client.post("/staff/settings", data=doubled).status_code == 422
    assert db.session.get(OfficeSettings, 1) is None


def test_a_title_with_markup_is_shown_as_text(client, auth, db):
    auth.login_as(Role.LEAD)
    client.post("/staff/settings", data={**ALL, "commissioner_titles-fr": "<script>x</script>"})
    page = client.get("/fr/").get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
