//! Addresses as the backend decodes them: btcutil's `DecodeAddress(addr, &TestNet4Params)`.
//! Segwit addresses of ANY registered network decode (btcutil takes the network from the
//! bech32 prefix and the handler never checks it: a valid `bc1…` pays the same witness program
//! on testnet4); base58 ones only with the testnet version bytes (`m…`/`n…`, `2…`), else
//! "unknown address type". Witness versions other than 0 and 1 are refused. Leaf module: it
//! imports nothing of the server.

use std::str::FromStr;

use bitcoin::address::{Address, NetworkUnchecked};
use bitcoin::{Network, Script, ScriptBuf};

/// A decoded address: its script and its text as Go's `EncodeAddress` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoAddress {
    pub text: String,
    pub script: ScriptBuf,
}

/// The segwit prefixes btcutil knows (`chaincfg` registers mainnet, testnet, regtest, simnet).
const SEGWIT_PREFIXES: [&str; 4] = ["bc1", "tb1", "bcrt1", "sb1"];

/// Decodes `s` as the backend does; the error text follows Go's where it is its own, else
/// rust-bitcoin's wording.
pub fn decode(s: &str) -> Result<GoAddress, String> {
    let segwit = s
        .rfind('1')
        .filter(|i| *i > 1)
        .is_some_and(|i| SEGWIT_PREFIXES.contains(&s[..=i].to_lowercase().as_str()));
    let parsed: Address<NetworkUnchecked> = Address::from_str(s).map_err(|e| e.to_string())?;
    if !segwit && !parsed.is_valid_for_network(Network::Testnet4) {
        return Err("unknown address type".into());
    }
    let address = parsed.assume_checked();
    if let Some(program) = address.witness_program() {
        let version = program.version().to_num();
        if version > 1 {
            return Err(format!("unsupported witness version: {version:#x}"));
        }
        if version == 1 && program.program().len() != 32 {
            return Err("witness program must be 32 bytes for p2tr".into());
        }
    }
    Ok(GoAddress {
        text: address.to_string(),
        script: address.script_pubkey(),
    })
}

/// `estimateInputVBytes(addr)`: the selection's estimate of an input of this address, as by
/// script except that P2WSH gets the P2PKH fallback.
pub fn input_vbytes_by_address(a: &GoAddress) -> i64 {
    if a.script.is_p2wsh() {
        148
    } else {
        input_vbytes_by_script(&a.script)
    }
}

/// `estimateInputVBytesFromPkScript`: the final estimate, by the spent output's script.
pub fn input_vbytes_by_script(s: &Script) -> i64 {
    if s.is_p2wpkh() {
        69
    } else if s.is_p2wsh() {
        140
    } else if s.is_p2tr() {
        58
    } else if s.is_p2sh() {
        109
    } else {
        148
    }
}

/// Does spending this script leave the txid unmalleable (P2WPKH, P2WSH, P2TR)?
pub fn is_native_segwit(s: &Script) -> bool {
    s.is_p2wpkh() || s.is_p2wsh() || s.is_p2tr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testnet_forms_decode() {
        for a in [
            "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
            "2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9",
            "mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT",
            "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s37",
        ] {
            assert_eq!(decode(a).unwrap().text, a);
        }
    }

    #[test]
    fn mainnet_base58_is_refused_but_mainnet_segwit_decodes_as_in_btcutil() {
        assert_eq!(
            decode("1BoatSLRHtKNngkdXEeobR76b53LETtpyT").unwrap_err(),
            "unknown address type"
        );
        let bc = decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").unwrap();
        assert_eq!(bc.text, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
        assert!(decode("bc1qseedcreator0000000000000000000000000wish").is_err());
        assert!(decode("").is_err());
    }

    #[test]
    fn estimates_follow_the_go_tables() {
        let v = |a: &str| input_vbytes_by_address(&decode(a).unwrap());
        assert_eq!(v("tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v"), 69);
        assert_eq!(v("2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9"), 109);
        assert_eq!(v("mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT"), 148);
    }
}
