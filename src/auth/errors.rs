//! Readable texts for the backend's refusals of a sign-in.

use stargate_api::ApiError;

/// What the sign-in form says when `/api/auth/login` fails.
pub fn login_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; try again.".into(),
        ApiError::Http {
            status: 403,
            message,
        } if message.contains("rebind requires verification") => format!(
            "Not signed in: {message}. This key is bound to another wallet: sign in with that \
             wallet below, or leave the wallet field empty."
        ),
        ApiError::Http {
            status: 400 | 403,
            message,
        } => format!("Not signed in: {message}."),
        other => other.message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, message: &str) -> ApiError {
        ApiError::Http {
            status,
            message: message.into(),
        }
    }

    #[test]
    fn login_refusals_read_as_sentences() {
        assert_eq!(
            login_error_text(&http(403, "invalid api key")),
            "Not signed in: invalid api key."
        );
        let rebind = login_error_text(&http(
            403,
            "wallet already bound; rebind requires verification",
        ));
        assert!(rebind.contains("sign in with that wallet"), "{rebind}");
        assert!(login_error_text(&ApiError::Network("x".into())).contains("try again"));
    }
}
