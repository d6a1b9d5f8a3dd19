//! Readable texts for the backend's refusals of a sign-in.

use stargate_api::ApiError;

use super::challenge::Refusal;

/// What the sign-in form says when `/api/auth/login` fails.
pub fn login_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; try again.".into(),
        ApiError::Http {
            status: 400 | 403,
            message,
        } => format!("Not signed in: {message}."),
        other => other.message(),
    }
}

/// What the wallet form says when `/api/auth/challenge` fails.
pub fn challenge_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; try again.".into(),
        ApiError::Http {
            status: 503,
            message,
        } => format!("The server cannot issue challenges right now ({message}); try again later."),
        ApiError::Http {
            status: 400,
            message,
        } => format!("No challenge: {message}."),
        other => other.message(),
    }
}

/// What the wallet form says when `/api/auth/verify` fails; `refusal` is what the tab knows
/// about a 403 (the backend answers every refusal with the same "invalid signature").
pub fn verify_error_text(error: &ApiError, refusal: Refusal) -> String {
    match error {
        ApiError::Network(_) => {
            "Could not reach the server; your signature is kept, try again.".into()
        }
        ApiError::Http { status: 403, .. } => match refusal {
            Refusal::Expired => "Not signed in: this challenge has expired. Get a new challenge \
                                 and sign its nonce."
                .into(),
            Refusal::TooManyTries => "Not signed in: too many tries with this challenge (the \
                                      server allows five, then forgets it). Get a new \
                                      challenge and sign its nonce."
                .into(),
            Refusal::Signature => "Not signed in: the server says “invalid signature”. It says \
                                   so for a signature of another text or by another key than \
                                   this address's, for an expired challenge, and after too \
                                   many tries: check that you signed exactly this nonce with \
                                   this address, or get a new challenge."
                .into(),
        },
        ApiError::Http {
            status: 400,
            message,
        } => format!("Not signed in: {message}."),
        ApiError::Http {
            status: 503,
            message,
        } => format!("The server cannot check signatures right now ({message}); try again later."),
        other => other.message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_refusals_read_as_sentences() {
        assert_eq!(
            login_error_text(&ApiError::http(403, "invalid api key")),
            "Not signed in: invalid api key."
        );
        assert!(login_error_text(&ApiError::Network("x".into())).contains("try again"));
    }

    #[test]
    fn challenge_and_verify_refusals_read_as_sentences() {
        assert_eq!(
            challenge_error_text(&ApiError::http(400, "wallet_address required")),
            "No challenge: wallet_address required."
        );
        assert!(
            challenge_error_text(&ApiError::http(503, "challenge store unavailable"))
                .contains("challenge store unavailable")
        );
        let bad = ApiError::http(403, "invalid signature");
        assert!(verify_error_text(&bad, Refusal::Signature).contains("invalid signature"));
        assert!(verify_error_text(&bad, Refusal::Expired).contains("expired"));
        assert!(verify_error_text(&bad, Refusal::TooManyTries).contains("too many tries"));
        assert_eq!(
            verify_error_text(
                &ApiError::http(400, "wallet_address and signature required"),
                Refusal::Signature
            ),
            "Not signed in: wallet_address and signature required."
        );
        assert!(
            verify_error_text(&ApiError::http(503, "x"), Refusal::Signature).contains("right now")
        );
        assert!(
            verify_error_text(&ApiError::Network("down".into()), Refusal::Signature)
                .contains("try again")
        );
        assert_eq!(
            verify_error_text(
                &ApiError::http(500, "failed to issue api key"),
                Refusal::Signature
            ),
            "The server answered 500: failed to issue api key"
        );
    }
}
