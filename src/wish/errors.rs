//! Readable texts for the backend's refusals of a wish.

use stargate_api::ApiError;

/// What the form says before sending while this tab holds no key: the backend records a wish's
/// creator only from the key in the header, never from the login cookie, and only the creator
/// can approve its proposals.
pub const NO_CREATOR_TEXT: &str = "Not signed in with a key in this tab: a wish sent now is \
    recorded without a creator, and nobody can ever approve its proposals. Sign in first to be \
    its creator.";

/// The backend's refusal of a wish without an image when it requires one.
const IMAGE_REQUIRED: &str = "Image is required for inscription";

/// What the form says when `/api/inscribe` fails. The draft is always kept.
pub fn submit_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => "Could not reach the server; your draft is kept.".into(),
        ApiError::Http { status: 401, .. } => {
            "Sign in first: the server needs your API key (your draft is kept).".into()
        }
        ApiError::Http {
            status: 403,
            message,
        } => format!("The server refused your API key: {message}. Sign in again with a valid key."),
        // A backend started with STARGATE_REQUIRE_IMAGE=true takes no wish without an image.
        ApiError::Http {
            status: 400,
            message,
        } if message == IMAGE_REQUIRED => {
            "This Stargate takes a wish only with an image: add one above and send again (your \
             draft is kept)."
                .into()
        }
        ApiError::Http {
            status: 400,
            message,
        } => format!("The server did not accept the wish: {message}"),
        other => format!("{} Your draft is kept.", other.message()),
    }
}
