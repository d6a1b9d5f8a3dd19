//! The PSBT request body as Go's `json.Decoder` fills the handler's struct: the first JSON
//! value, keys exact else case-insensitive, `null` leaves a field empty, unknown keys ignored,
//! a type mismatch (a float for an int64, a number for a string, …) is "invalid json".

use serde_json::{Map, Value};

use crate::compat::{go_field, go_object, go_value};

/// The handler's `body` struct.
#[derive(Clone, Debug, Default)]
pub struct PsbtBody {
    pub contractor_api_key: String,
    pub contractor_wallet: String,
    pub payer_addresses: Vec<String>,
    pub change_address: String,
    pub budget_sats: i64,
    pub pixel_hash: String,
    pub product_pixel_hash: String,
    pub commitment_sats: i64,
    pub fee_rate_sats_vb: i64,
    pub use_pixel_hash: Option<bool>,
    pub commitment_target: String,
    pub task_id: String,
    pub split_psbt: bool,
    /// (address, amount_sats)
    pub payouts: Vec<(String, i64)>,
}

fn list<T>(v: Option<&Value>, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(a)) => a.iter().map(item).collect(),
        _ => None,
    }
}

fn payout(v: &Value) -> Option<(String, i64)> {
    let o: Map<String, Value> = go_value(Some(v))?;
    let address = go_value(go_field(&o, "address"))?;
    Some((address, go_value(go_field(&o, "amount_sats"))?))
}

impl PsbtBody {
    /// `None` is the handler's 400 "invalid json" (an empty body too).
    pub fn decode(body: &[u8]) -> Option<PsbtBody> {
        let o = go_object(body)?;
        let f = |k: &str| go_field(&o, k);
        Some(PsbtBody {
            contractor_api_key: go_value(f("contractor_api_key"))?,
            contractor_wallet: go_value(f("contractor_wallet"))?,
            payer_addresses: list(f("payer_addresses"), |v| go_value(Some(v)))?,
            change_address: go_value(f("change_address"))?,
            budget_sats: go_value(f("budget_sats"))?,
            pixel_hash: go_value(f("pixel_hash"))?,
            product_pixel_hash: go_value(f("product_pixel_hash"))?,
            commitment_sats: go_value(f("commitment_sats"))?,
            fee_rate_sats_vb: go_value(f("fee_rate_sats_vb"))?,
            use_pixel_hash: go_value(f("use_pixel_hash"))?,
            commitment_target: go_value(f("commitment_target"))?,
            task_id: go_value(f("task_id"))?,
            split_psbt: go_value(f("split_psbt"))?,
            payouts: list(f("payouts"), payout)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_go() {
        let b = PsbtBody::decode(
            br#"{"Fee_Rate_Sats_Vb":3,"payouts":[{"address":"a","amount_sats":5},null],"x":1}"#,
        )
        .unwrap();
        assert_eq!(b.fee_rate_sats_vb, 3);
        assert_eq!(b.payouts, [("a".to_string(), 5), (String::new(), 0)]);
        assert!(PsbtBody::decode(b"null").is_some());
        assert!(PsbtBody::decode(b"").is_none());
        assert!(PsbtBody::decode(br#"{"fee_rate_sats_vb":1.5}"#).is_none());
        assert!(PsbtBody::decode(br#"{"pixel_hash":1}"#).is_none());
        assert!(PsbtBody::decode(br#"{"use_pixel_hash":"yes"}"#).is_none());
        assert!(PsbtBody::decode(b"[]").is_none());
    }
}
