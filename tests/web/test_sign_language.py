"""The German Sign Language page: the lead's video with German captions, served with range
requests, and the ways a deaf person reaches the office, with or without a video."""

import io

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from config import Config

MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(range(256)) * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 4000
VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nGuten Tag, wir sind die Integrationsbeauftragte.\n"
NO_VIDEO = (
    "We do not have a video in German Sign Language yet; "
    "this page tells you in writing how to reach us."
)


@pytest.fixture
def media(app, tmp_path):
    app.config["SIGN_LANGUAGE_MEDIA_DIR"] = str(tmp_path / "media")
    return tmp_path / "media"


def upload(client, video=None, captions=None, *, video_name="dgs.mp4", captions_name="dgs.vtt"):
    """A multipart body built in memory (the test client spools large ones to a file it
    never closes)."""
    data = {}
    if video is not None:
        data["video"] = FileStorage(io.BytesIO(video), video_name)
    if captions is not None:
        data["captions"] = FileStorage(io.BytesIO(captions.encode()), captions_name)
    boundary, body = encode_multipart(data)
    return client.post(
        "/staff/sign-language", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def page(client, lang="en") -> str:
    return client.get(f"/{lang}/sign-language").get_data(as_text=True)


def test_without_a_video_the_page_says_so_in_one_sentence_and_lists_every_way_in(client, media):
    text = page(client)
    assert "<video" not in text
    assert NO_VIDEO in text
    assert 'href="sms:03514882131"' in text  # the office's number when no other takes texts
    assert "mailto:" in text
    assert 'href="https://www.tess-relay-dienste.de/" lang="de"' in text
    assert "“German Sign Language (DGS)” as interpreter language" in text


def test_a_number_for_text_messages_is_named_when_the_office_has_one(make_app, tmp_path):
    app = make_app(OFFICE_SMS="+49 170 1234567", SIGN_LANGUAGE_MEDIA_DIR=str(tmp_path))
    text = app.test_client().get("/en/sign-language").get_data(as_text=True)
    assert 'href="sms:+491701234567" dir="ltr" class="nowrap">+49 170 1234567</a>' in text


def test_the_leads_video_is_shown_with_german_captions_and_served_in_ranges(client, auth, media):
    auth.login_as("lead")
    assert upload(client, MP4, VTT).status_code == 302
    text = page(client, "ar")
    assert "<video controls" in text
    assert NO_VIDEO not in text
    assert 'type="video/mp4"' in text
    track = '<track kind="captions" srclang="de" label="Deutsch" src="/media/sign-language/captions'
    assert track in text
    with client.get("/media/sign-language/video.mp4", headers={"Range": "bytes=4-11"}) as video:
        assert video.status_code == 206
        assert video.data == b"ftypisom"
        assert video.headers["Content-Range"] == f"bytes 4-11/{len(MP4)}"
        assert video.headers["Accept-Ranges"] == "bytes"
    with client.get("/media/sign-language/captions.vtt") as captions:
        assert captions.mimetype == "text/vtt"
        assert captions.get_data(as_text=True) == VTT


def test_a_webm_video_replaces_the_mp4_and_keeps_the_captions(client, auth, media):
    auth.login_as("lead")
    upload(client, MP4, VTT)
    assert upload(client, WEBM, video_name="dgs.webm").status_code == 302
    assert sorted(path.name for path in media.iterdir()) == ["captions.vtt", "video.webm"]
    assert 'type="video/webm"' in page(client)
    with client.get("/media/sign-language/video.mp4") as gone:
        assert gone.status_code == 404


@pytest.mark.parametrize(
    ("video", "video_name", "captions", "captions_name", "field", "message"),
    [
        (
            b"just text, not a video",
            "dgs.mp4",
            VTT,
            "dgs.vtt",
            "video",
            "Please choose an MP4 or WebM video file.",
        ),
        (MP4, "dgs.mov", VTT, "dgs.vtt", "video", "Please choose an MP4 or WebM video file."),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "dgs.webm",
            VTT,
            "dgs.vtt",
            "video",
            "Please choose an MP4 or WebM video file.",
        ),
        (
            MP4,
            "dgs.mp4",
            "1\n00:00 --> 00:01\nHallo\n",
            "dgs.vtt",
            "captions",
            "Please choose a WebVTT caption file (.vtt).",
        ),
        (MP4, "dgs.mp4", VTT, "dgs.srt", "captions", "Please choose a WebVTT caption file (.vtt)."),
        (
            MP4,
            "dgs.mp4",
            None,
            None,
            "captions",
            "Please add the German caption file (.vtt) with the video.",
        ),
        (
            None,
            None,
            VTT,
            "dgs.vtt",
            "video",
            "Please upload the video together with its captions.",
        ),
    ],
)
def test_a_wrong_file_gets_a_german_error_beside_its_field_and_nothing_is_stored(
    client, auth, media, video, video_name, captions, captions_name, field, message
):
    auth.login_as("lead")
    response = upload(client, video, captions, video_name=video_name, captions_name=captions_name)
    assert response.status_code == 422
    with force_locale("de"):
        expected = _(message)
    assert f'id="{field}-error"><span>{expected}</span>' in response.get_data(as_text=True)
    assert not media.exists() or list(media.iterdir()) == []
    assert "<video" not in page(client)


def test_a_too_large_video_is_refused_and_nothing_is_stored(client, auth, media, app):
    app.config["SIGN_LANGUAGE_VIDEO_MAX_MB"] = 1
    auth.login_as("lead")
    big = MP4 + b"\x00" * (1024 * 1024)
    response = upload(client, big, VTT)
    assert response.status_code == 422
    with force_locale("de"):
        assert "Die Datei ist zu groß: höchstens 1 MB." in response.get_data(as_text=True)
    assert not media.exists() or list(media.iterdir()) == []


def test_a_video_larger_than_the_form_limit_still_reaches_the_upload(client, auth, media):
    auth.login_as("lead")
    big = MP4 + b"\x00" * (Config.MAX_CONTENT_LENGTH * 2)
    assert upload(client, big, VTT).status_code == 302
    assert (media / "video.mp4").stat().st_size == len(big)


def test_the_lead_removes_the_video_and_the_page_says_there_is_none(client, auth, media):
    auth.login_as("lead")
    upload(client, MP4, VTT)
    assert client.post("/staff/sign-language/remove").status_code == 303
    assert NO_VIDEO in page(client)
    with client.get("/media/sign-language/captions.vtt") as gone:
        assert gone.status_code == 404


def test_a_counsellor_cannot_upload(client, auth, media):
    auth.login_as("counsellor")
    assert upload(client, MP4, VTT).status_code == 403
    assert not media.exists()


@pytest.mark.parametrize("lang", Config.LANGUAGES.split(","))
def test_every_landing_page_links_the_sign_language_page(client, lang):
    text = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'href="/{lang}/sign-language"' in text
