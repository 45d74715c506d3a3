"""The OpenAPI 3.1 description of the public JSON API."""

import copy

from flask import jsonify

from intake.api.blueprint import bp
from intake.core import preferred_periods
from intake.core.i18n import offered_languages
from intake.core.vocabulary import (
    CONTACT_CHANNELS,
    INTERPRETER_LANGUAGES,
    MODES,
    SIGN_LANGUAGE,
    TOPICS,
)

ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["status", "message"],
        },
        "alternatives": {"type": "array", "items": {"$ref": "#/components/schemas/Slot"}},
    },
}
SLOT = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date-time"},
        "end": {"type": "string", "format": "date-time"},
        "counsellors": {"type": "integer", "minimum": 1},
        "languages": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["start", "end"],
}
REQUEST = {
    "type": "object",
    "description": "A field sent as null counts as left out. An e-mail address or a phone "
    "number (or both) is required.",
    "properties": {
        "topics": {"type": "array", "items": {"enum": list(TOPICS)}, "minItems": 1},
        "language": {"type": "string", "description": "Language to talk in, e.g. ar"},
        "interpreter_language": {
            "enum": [SIGN_LANGUAGE, *INTERPRETER_LANGUAGES],
            "description": f"'{SIGN_LANGUAGE}' for DGS",
        },
        "mode": {"enum": [str(mode) for mode in MODES]},
        "start": {"type": "string", "format": "date-time", "description": "From /slots"},
        "preferred_times": {"type": "string", "maxLength": 500},
        "preferred_periods": {
            "type": "array",
            "items": {"enum": list(preferred_periods.CODES)},
            "description": "When a call-back suits, in office time (Europe/Berlin): weekday and "
            "morning (before 12:00) or afternoon (from 12:00). Without a start, give at least "
            "one of these or preferred_times.",
        },
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "phone": {"type": "string", "minLength": 3, "maxLength": 32},
        "contact_channel": {"enum": list(CONTACT_CHANNELS)},
        "accessibility_needs": {"type": "string", "maxLength": 500},
        "description": {"type": "string", "maxLength": 1000},
        "consent": {"const": True},
        "locale": {
            "type": "string",
            "description": "Language of the requester's pages, e-mails and of this answer's "
            "messages, e.g. ar: one of the office's page languages. Without it the "
            "Accept-Language header decides.",
        },
    },
    "required": ["topics", "language", "name", "consent"],
    "anyOf": [{"required": ["email"]}, {"required": ["phone"]}],
}
CREATED = {
    "type": "object",
    "properties": {
        "reference": {"type": "string", "example": "EB-7K3M-Q9"},
        "manage_url": {"type": "string", "format": "uri"},
        "status": {"type": "string"},
        "interpreter_language": {
            "type": ["string", "null"],
            "description": "The language the office books an interpreter for, if any",
        },
        "appointment": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Slot"}]},
    },
    "required": ["reference", "manage_url", "status"],
}


def _error_response(description: str) -> dict:
    schema = {"$ref": "#/components/schemas/Error"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _json(schema_name: str, description: str) -> dict:
    schema = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, description: str, *, required: bool = False, fmt: str | None = None):
    schema = {"type": "string", **({"format": fmt} if fmt else {})}
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "intake: first-consultation requests", "version": "1.0.0"},
    "paths": {
        "/api/v1/slots": {
            "get": {
                "summary": "Free slots, merged across counsellors, in Europe/Berlin time",
                "parameters": [
                    _query("start", "First local day", required=True, fmt="date"),
                    _query(
                        "end", "Last local day (at most 92 days later)", required=True, fmt="date"
                    ),
                    _query("language", "Only counsellors who speak this language"),
                    {
                        **_query("mode", "in_person, phone or video"),
                        "schema": {"enum": [str(mode) for mode in MODES]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Free slots",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "timezone": {"type": "string"},
                                        "slots": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Slot"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": _error_response("Bad or too wide range"),
                },
            }
        },
        "/api/v1/requests": {
            "post": {
                "summary": "Ask for a first consultation, with a slot or a call-back",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Request"}}
                    },
                },
                "responses": {
                    "201": _json("Created", "Request stored"),
                    "400": _error_response("Not a JSON object"),
                    "409": _error_response("The slot was taken meanwhile; see alternatives"),
                    "422": _error_response("Invalid fields, localized by Accept-Language"),
                    "413": _error_response("Body larger than the server accepts"),
                    "429": _error_response("Too many requests from this address"),
                },
            }
        },
    },
    "components": {
        "schemas": {"Slot": SLOT, "Request": REQUEST, "Created": CREATED, "Error": ERROR}
    },
}


def spec() -> dict:
    """The description, with the languages this installation offers as the enum."""
    described = copy.deepcopy(SPEC)
    languages = offered_languages()
    described["components"]["schemas"]["Request"]["properties"]["language"]["enum"] = languages
    slot_params = described["paths"]["/api/v1/slots"]["get"]["parameters"]
    slot_params[2]["schema"] = {"enum": languages}
    return described


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())
