"""Our own JSON Schemas for GeoReport v2 answers, written from the spec's field tables
(not copied from open311/schema-validation, which states no licence)."""

NULLABLE_STR = {"type": ["string", "null"]}
DATETIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$"}

SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": NULLABLE_STR,
        "metadata": {"type": "boolean"},
        "type": {"enum": ["realtime", "batch", "blackbox"]},
        "keywords": NULLABLE_STR,
        "group": NULLABLE_STR,
    },
}
SERVICES = {"type": "array", "items": SERVICE}

VALUE = {"type": "object", "required": ["key", "name"],
         "properties": {"key": {"type": "string"}, "name": {"type": "string"}}}
ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": {"type": "string"},
        "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
        "required": {"type": "boolean"},
        "datatype_description": NULLABLE_STR,
        "order": {"type": ["integer", "null"]},
        "description": NULLABLE_STR,
        "values": {"type": "array", "items": VALUE},
    },
}
SERVICE_DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {"service_code": {"type": "string"}, "attributes": {"type": "array", "items": ATTRIBUTE}},
}

REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"enum": ["open", "closed"]},
        "status_notes": NULLABLE_STR,
        "service_name": NULLABLE_STR,
        "service_code": {"type": "string"},
        "description": {"type": ["string", "null"], "maxLength": 4000},
        "agency_responsible": NULLABLE_STR,
        "service_notice": NULLABLE_STR,
        "requested_datetime": DATETIME,
        "updated_datetime": {"anyOf": [DATETIME, {"type": "null"}]},
        "expected_datetime": {"anyOf": [DATETIME, {"type": "null"}]},
        "address": NULLABLE_STR,
        "address_id": NULLABLE_STR,
        "zipcode": NULLABLE_STR,
        "lat": {"type": ["number", "null"]},
        "long": {"type": ["number", "null"]},
        "media_url": NULLABLE_STR,
    },
}
REQUESTS = {"type": "array", "items": REQUEST}

POST_RESPONSE = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "oneOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"},
                       "service_notice": NULLABLE_STR, "account_id": NULLABLE_STR},
    },
}
TOKEN_RESPONSE = {
    "type": "array",
    "items": {"type": "object", "required": ["service_request_id", "token"]},
}
ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "object", "required": ["code", "description"],
              "properties": {"code": {"type": ["integer", "string"]}, "description": {"type": "string"}}},
}
