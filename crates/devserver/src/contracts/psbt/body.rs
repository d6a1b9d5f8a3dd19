//! The PSBT request body as Go's `json.Decoder` fills the handler's struct: the first JSON
//! value, keys exact else case-insensitive, `null` leaves a field empty, unknown keys ignored,
//! a type mismatch (a float for an int64, a number for a string, …) is "invalid json".

use serde_json::{Map, Value};

use crate::compat::go_field;

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

fn string(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v {
        None | Some(Value::Null) => Some(0),
        Some(n) => n.as_i64(),
    }
}

fn boolean(v: Option<&Value>) -> Option<Option<bool>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::Bool(b)) => Some(Some(*b)),
        _ => None,
    }
}

fn list<T>(v: Option<&Value>, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(a)) => a.iter().map(item).collect(),
        _ => None,
    }
}

fn payout(v: &Value) -> Option<(String, i64)> {
    let empty = Map::new();
    let o = match v {
        Value::Null => &empty,
        Value::Object(o) => o,
        _ => return None,
    };
    Some((
        string(go_field(o, "address"))?,
        int(go_field(o, "amount_sats"))?,
    ))
}

impl PsbtBody {
    /// `None` is the handler's 400 "invalid json" (an empty body too).
    pub fn decode(body: &[u8]) -> Option<PsbtBody> {
        let value = serde_json::Deserializer::from_slice(body)
            .into_iter::<Value>()
            .next()?
            .ok()?;
        let o = match value {
            Value::Null => return Some(PsbtBody::default()),
            Value::Object(o) => o,
            _ => return None,
        };
        let f = |k: &str| go_field(&o, k);
        Some(PsbtBody {
            contractor_api_key: string(f("contractor_api_key"))?,
            contractor_wallet: string(f("contractor_wallet"))?,
            payer_addresses: list(f("payer_addresses"), |v| string(Some(v)))?,
            change_address: string(f("change_address"))?,
            budget_sats: int(f("budget_sats"))?,
            pixel_hash: string(f("pixel_hash"))?,
            product_pixel_hash: string(f("product_pixel_hash"))?,
            commitment_sats: int(f("commitment_sats"))?,
            fee_rate_sats_vb: int(f("fee_rate_sats_vb"))?,
            use_pixel_hash: boolean(f("use_pixel_hash"))?,
            commitment_target: string(f("commitment_target"))?,
            task_id: string(f("task_id"))?,
            split_psbt: boolean(f("split_psbt"))?.unwrap_or(false),
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
