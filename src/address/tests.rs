//! Host tests of the address syntax: vectors of every type on both networks (BIP-173/350/86
//! and the devserver's fixture wallet), and what must be refused.

use super::*;
use proptest::prelude::*;

fn kind_of(text: &str) -> Result<(Network, Kind), AddressError> {
    parse(text).map(|a| (a.network, a.kind))
}

#[test]
fn every_type_on_both_networks() {
    use Kind::*;
    use Network::*;
    for (text, network, kind) in [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Mainnet, P2pkh),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", Mainnet, P2sh),
        (
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            Mainnet,
            P2wpkh,
        ),
        (
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            Mainnet,
            P2wpkh,
        ),
        (
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            Mainnet,
            P2wsh,
        ),
        (
            "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
            Mainnet,
            P2tr,
        ),
        ("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", Testnet, P2pkh),
        ("mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT", Testnet, P2pkh),
        ("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", Testnet, P2sh),
        ("2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9", Testnet, P2sh),
        (
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            Testnet,
            P2wpkh,
        ),
        (
            "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
            Testnet,
            P2wpkh,
        ),
        (
            "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s37",
            Testnet,
            P2tr,
        ),
        (
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            Testnet,
            P2tr,
        ),
        (
            "bcrt1q6rhpng9evdsfnn833a4f4vej0asu6dk5srld6x",
            Regtest,
            P2wpkh,
        ),
        (
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            Mainnet,
            OtherSegwit,
        ),
    ] {
        assert_eq!(kind_of(text), Ok((network, kind)), "{text}");
        // surrounding blanks are not part of it
        assert_eq!(
            kind_of(&format!("  {text}\n")),
            Ok((network, kind)),
            "{text}"
        );
    }
}

#[test]
fn a_wrong_checksum_is_refused() {
    for text in [
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfm",
        "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vd",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdv",
        "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45w",
        "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s38",
        // two characters swapped
        "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd4v5",
        // BIP-350: bech32 where bech32m is due (v1+), and the other way round (v0)
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt2s",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    ] {
        assert_eq!(parse(text), Err(AddressError::Checksum), "{text}");
    }
}

#[test]
fn a_bad_program_or_padding_is_refused() {
    for text in [
        "bc1pw5dgrnzv",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "bc1gmk9yu",
    ] {
        assert!(parse(text).is_err(), "{text}");
    }
}

#[test]
fn mixed_case_bech32_is_refused() {
    assert_eq!(
        parse("bc1qAr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        Err(AddressError::MixedCase)
    );
    assert_eq!(
        parse("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq"),
        Err(AddressError::MixedCase)
    );
}

#[test]
fn another_network_or_chain_is_refused() {
    // a valid bech32 address of another chain (Litecoin's "ltc1")
    let ltc = bech32::segwit::encode_v0(bech32::Hrp::parse("ltc").unwrap(), &[7; 20]).unwrap();
    assert_eq!(parse(&ltc), Err(AddressError::NotAnAddress));
    // the same program under bc1 is fine, and its checksum does not carry over to tb1
    let bc = bech32::segwit::encode_v0(bech32::Hrp::parse("bc").unwrap(), &[7; 20]).unwrap();
    assert_eq!(kind_of(&bc), Ok((Network::Mainnet, Kind::P2wpkh)));
    let swapped = format!("tb1{}", &bc[3..]);
    assert_eq!(parse(&swapped), Err(AddressError::Checksum));
    // base58check with a version byte of no Bitcoin network: every byte but the four known ones
    let known = [0x00, 0x05, 0x6f, 0xc4];
    for version in 0u8..=255 {
        let mut payload = vec![version];
        payload.extend([9u8; 20]);
        let text = base58ck::encode_check(&payload);
        assert_eq!(
            parse(&text).is_ok(),
            known.contains(&version),
            "{version:#x} {text}"
        );
    }
}

#[test]
fn typing_mistakes_get_precise_messages() {
    assert_eq!(parse("  "), Err(AddressError::Empty));
    assert_eq!(parse("hello"), Err(AddressError::NotAnAddress));
    assert_eq!(
        parse("bc1qbr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        Err(AddressError::Bech32Char('b'))
    );
    assert_eq!(parse("bc1qxyz"), Err(AddressError::Bech32Length));
    assert_eq!(
        parse("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0"),
        Err(AddressError::Base58Char('0'))
    );
    assert_eq!(parse("1Bv"), Err(AddressError::Base58Length));
    assert!(AddressError::Checksum.to_string().contains("checksum"));
}

#[test]
fn sign_in_takes_what_the_backend_can_check() {
    for text in [
        "tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v",
        "2MyQBsrfRnTLwEdpjVVYNWHDB8LXLJUcub9",
        "mjSSLdHFzft9NC5NNMik7WrMQ9rRhMhNpT",
        "tb1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5s3g3s37",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
    ] {
        assert!(parse_for_sign_in(text).is_ok(), "{text}");
    }
    let regtest = parse_for_sign_in("bcrt1q6rhpng9evdsfnn833a4f4vej0asu6dk5srld6x").unwrap_err();
    assert!(regtest.to_string().contains("Regtest"), "{regtest}");
    let wsh = parse_for_sign_in("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")
        .unwrap_err();
    assert!(wsh.to_string().contains("P2WSH"), "{wsh}");
}

#[test]
fn shortened_for_the_header() {
    assert_eq!(
        shorten("tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v"),
        "tb1q9vza…d45v"
    );
    assert_eq!(shorten("short"), "short");
}

fn hrp(network: Network) -> bech32::Hrp {
    let name = match network {
        Network::Mainnet => "bc",
        Network::Testnet => "tb",
        Network::Regtest => "bcrt",
    };
    bech32::Hrp::parse(name).unwrap()
}

fn network() -> impl Strategy<Value = Network> {
    prop_oneof![
        Just(Network::Mainnet),
        Just(Network::Testnet),
        Just(Network::Regtest)
    ]
}

proptest! {
    /// Every segwit address the reference encoder writes parses back as its network and type,
    /// in lower and upper case.
    #[test]
    fn encoded_segwit_round_trips(net in network(), taproot in any::<bool>(), seed in any::<[u8; 32]>()) {
        let (text, kind) = if taproot {
            (bech32::segwit::encode_v1(hrp(net), &seed).unwrap(), Kind::P2tr)
        } else {
            (bech32::segwit::encode_v0(hrp(net), &seed[..20]).unwrap(), Kind::P2wpkh)
        };
        prop_assert_eq!(parse(&text), Ok(Address { network: net, kind }));
        prop_assert_eq!(parse(&text.to_ascii_uppercase()), Ok(Address { network: net, kind }));
    }

    /// bech32 detects any one changed character: no substitution after the prefix parses.
    #[test]
    fn one_changed_character_is_caught(seed in any::<[u8; 20]>(), at in 0usize..39, by in 1usize..32) {
        let text = bech32::segwit::encode_v0(hrp(Network::Testnet), &seed).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let i = 3 + at % (chars.len() - 3);
        let pos = BECH32_CHARS.find(chars[i]).unwrap();
        chars[i] = BECH32_CHARS.chars().nth((pos + by) % 32).unwrap();
        let changed: String = chars.into_iter().collect();
        prop_assert!(parse(&changed).is_err(), "{} parsed", changed);
    }

    /// Every P2PKH/P2SH payload round-trips through base58check.
    #[test]
    fn encoded_base58_round_trips(v in 0usize..4, hash in any::<[u8; 20]>()) {
        let (version, net, kind) = [
            (0x00, Network::Mainnet, Kind::P2pkh),
            (0x05, Network::Mainnet, Kind::P2sh),
            (0x6f, Network::Testnet, Kind::P2pkh),
            (0xc4, Network::Testnet, Kind::P2sh),
        ][v];
        let mut payload = vec![version];
        payload.extend(hash);
        prop_assert_eq!(parse(&base58ck::encode_check(&payload)), Ok(Address { network: net, kind }));
    }

    /// Whatever is typed, parsing answers without panicking.
    #[test]
    fn any_text_is_answered(text in "\\PC{0,80}") {
        let _ = parse(&text);
        let _ = parse_for_sign_in(&text);
        let _ = shorten(&text);
    }
}
