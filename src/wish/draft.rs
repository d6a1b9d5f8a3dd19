//! The wish form's fields: message rules, funding mode, and the request body built from a
//! valid draft (the price as exact satoshis).

use stargate_api::InscribeRequest;

use super::price::{parse_price, PriceUnit};
use crate::text::group_thousands;

/// The payout address: any Bitcoin address, checksum included (`crate::address`; regtest
/// too, for a local backend).
pub fn check_address(text: &str) -> Result<(), String> {
    match crate::address::parse(text) {
        Ok(_) => Ok(()),
        Err(crate::address::AddressError::Empty) => {
            Err("Enter the Bitcoin address for this wish.".into())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Longest wish message, in characters (the counter shows it).
pub const MAX_MESSAGE_CHARS: usize = 2_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FundingMode {
    #[default]
    Payout,
    RaiseFund,
}

impl FundingMode {
    /// The backend's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payout => "payout",
            Self::RaiseFund => "raise_fund",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Payout => "Payout",
            Self::RaiseFund => "Raise a fund",
        }
    }
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Payout => "You pay the price to whoever builds the wish.",
            Self::RaiseFund => "Investors fund the wish; the price is collected from contractors.",
        }
    }
}

/// The message's problem, if any.
pub fn check_message(text: &str) -> Result<(), String> {
    let count = text.chars().count();
    if text.trim().is_empty() {
        Err("Write the wish: the message is required.".into())
    } else if count > MAX_MESSAGE_CHARS {
        Err(format!(
            "The message is {} characters too long (at most {}).",
            count - MAX_MESSAGE_CHARS,
            group_thousands(MAX_MESSAGE_CHARS as u64)
        ))
    } else {
        Ok(())
    }
}

/// `"42 / 2,000"`.
pub fn message_counter(text: &str) -> String {
    format!(
        "{} / {}",
        group_thousands(text.chars().count() as u64),
        group_thousands(MAX_MESSAGE_CHARS as u64)
    )
}

/// The form's text fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub message: String,
    pub price: String,
    pub unit: PriceUnit,
    pub funding: FundingMode,
    pub address: String,
}

/// One message per field; all `None` = ready to send.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors {
    pub message: Option<String>,
    pub price: Option<String>,
    pub address: Option<String>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.price.is_none() && self.address.is_none()
    }
}

/// An image ready to send: PNG bytes as base64 (no data-URL prefix) and a `.png` name.
#[derive(Clone, Debug, PartialEq)]
pub struct PngUpload {
    pub base64: String,
    pub filename: String,
}

impl Draft {
    pub fn errors(&self) -> FieldErrors {
        FieldErrors {
            message: check_message(&self.message).err(),
            price: parse_price(&self.price, self.unit).err(),
            address: check_address(&self.address).err(),
        }
    }

    /// The request body, or the field errors. The price goes as a dot-less satoshi string with
    /// `price_unit: "sats"`: the backend reads a string without `.` as sats whatever the unit,
    /// so this is exact either way.
    pub fn request(&self, image: Option<&PngUpload>) -> Result<InscribeRequest, FieldErrors> {
        let errors = self.errors();
        let sats = match parse_price(&self.price, self.unit) {
            Ok(sats) if errors.is_empty() => sats,
            _ => return Err(errors),
        };
        Ok(InscribeRequest {
            message: Some(self.message.clone()),
            price: Some(sats.to_string()),
            price_unit: Some("sats".into()),
            address: Some(self.address.trim().to_owned()),
            funding_mode: Some(self.funding.as_str().into()),
            method: Some("alpha".into()),
            image_base64: image.map(|i| i.base64.clone()),
            filename: image.map(|i| i.filename.clone()),
            ..Default::default()
        })
    }
}
