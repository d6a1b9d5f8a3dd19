//! Readable texts for the backend's refusals of an action on a contract (approve, rework).
//! Nothing is changed on the server when these come back, and the form keeps what was typed.

use stargate_api::ApiError;

/// What the action's place on the page says when it fails.
pub fn action_error_text(error: &ApiError) -> String {
    let ApiError::Http { status, message } = error else {
        return match error {
            ApiError::Network(_) => {
                "Could not reach the server; nothing was changed. Try again.".into()
            }
            other => other.message(),
        };
    };
    let m = message.as_str();
    match status {
        403 if m.contains("invalid api key") => {
            "The server no longer accepts your API key: sign in again.".into()
        }
        403 if m.contains("wallet binding required")
            || m.contains("authenticated user required") =>
        {
            "Your API key is not bound to a wallet: sign in with your wallet to do this.".into()
        }
        403 if m.contains("does not match wish creator") => {
            format!("Only the wish's creator can approve its proposals ({m}).")
        }
        403 if m.contains("original requester") => {
            "Only the person who asked for this rework can resolve it.".into()
        }
        403 => format!("Not allowed: {m}."),
        400 => format!("The server did not accept this: {m}."),
        404 => format!("Not found: {m}."),
        409 => format!("Someone got there first: {m}."),
        415 => format!("The server refused the request's format: {m}."),
        503 => format!("The server cannot do this right now ({m}); try again later."),
        500..=599 => format!("The server failed ({status}): {m}."),
        _ => error.message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_as_a_sentence() {
        let cases = [
            (
                403,
                "api key with wallet binding required for approval",
                "not bound to a wallet",
            ),
            (403, "authenticated user required", "not bound to a wallet"),
            (
                403,
                "approver wallet bc1qx does not match wish creator",
                "Only the wish's creator",
            ),
            (
                403,
                "only the original requester can resolve this rework request",
                "Only the person",
            ),
            (403, "invalid api key", "sign in again"),
            (
                400,
                "proposal p must be pending to update",
                "did not accept",
            ),
            (404, "contract x not found", "Not found"),
            (
                409,
                "another proposal is already approved",
                "got there first",
            ),
            (415, "Content-Type must be application/json", "format"),
            (503, "store unavailable", "try again later"),
            (500, "contract x not found", "failed (500)"),
        ];
        for (status, message, expected) in cases {
            let text = action_error_text(&ApiError::http(status, message));
            assert!(text.contains(expected), "{status} {message}: {text}");
        }
        assert!(action_error_text(&ApiError::Network("x".into())).contains("nothing was changed"));
    }
}
