"""schemathesis hooks for scripts/api-fuzz.sh.

`no_server_error` replaces schemathesis' `not_a_server_error` with FIVE documented exceptions,
all real-backend quirks that openapi/stargate.yaml documents and the devserver keeps on purpose:
POST /api/inscribe answering 500 "Failed to embed steganography: ..." (a JPEG, GIF, SVG or
undecodable image; the explorer converts images to PNG first), a rework request or its
resolution on an unknown contract answering 500 "contract <id> not found", and a review of an
unknown submission answering 500 "sql: no rows in result set" (the SQLite store's), and one
submission read (`GET …/submissions/{id}`, and a GET on any longer path under it, which the
backend reads as the same) answering 500 "submission <id> not found" for an unknown id or
"sql: Scan error on column index 6, …" for one never reviewed, and an image the scanner cannot
decode answering 500 EXTRACTION_FAILED in shape E (`POST /bitcoin/v1/extract`: fuzzed bytes are
rarely an image). Any other 5xx, or those 500s with another body, fails the run.
"""

import schemathesis

STEGO_QUIRK = "Failed to embed steganography: "
REVIEW = ("POST", "/api/smart_contract/submissions/{id}/review")
NO_ROWS = "sql: no rows in result set"
ONE_SUBMISSION = "/api/smart_contract/submissions/{id}"
SCAN_ERROR = "sql: Scan error on column index 6, "
EXTRACT = ("POST", "/bitcoin/v1/extract")
REWORK_PATHS = (
    ("POST", "/api/smart_contract/contracts/{id}/rework"),
    ("PATCH", "/api/smart_contract/contracts/{id}/rework/{request_id}"),
)


def _core_error_code(response):
    try:
        return response.json()["error"]["code"]
    except Exception:  # not JSON or not shape E
        return ""


def _message(response):
    try:
        return response.json()["error"]["error"]["message"]
    except Exception:  # not JSON or not envelope A: not the quirk
        return ""


@schemathesis.check
def no_server_error(ctx, response, case):
    if response.status_code < 500:
        return None
    op = (case.operation.method.upper(), case.operation.path)
    message = _message(response)
    stego = op == ("POST", "/api/inscribe") and message.startswith(STEGO_QUIRK)
    rework = (
        op in REWORK_PATHS
        and message.startswith("contract ")
        and message.endswith(" not found")
    )
    review = op == REVIEW and message == NO_ROWS
    method = str(getattr(case, "method", op[0])).upper()
    one = (
        method == "GET"
        and case.operation.path in (ONE_SUBMISSION, REVIEW[1])
        and (
            (message.startswith("submission ") and message.endswith(" not found"))
            or message.startswith(SCAN_ERROR)
        )
    )
    undecodable = op == EXTRACT and _core_error_code(response) == "EXTRACTION_FAILED"
    quirk = response.status_code == 500 and (stego or rework or review or one or undecodable)
    if quirk:
        return None
    raise AssertionError(f"Server error {response.status_code}: {response.text[:300]}")
