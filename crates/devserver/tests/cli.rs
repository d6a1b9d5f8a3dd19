//! The command line as the Makefile and the Playwright suite use it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn devserver() -> Command {
    Command::new(env!("CARGO_BIN_EXE_devserver"))
}

#[test]
fn generate_refuses_to_overwrite_and_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for db in [&a, &b] {
        let out = devserver()
            .args([
                "generate",
                "--db",
                db.to_str().unwrap(),
                "--tip",
                "40",
                "--network",
                "testnet4",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = devserver()
        .args(["generate", "--db", a.to_str().unwrap(), "--tip", "40"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = devserver()
        .args([
            "generate",
            "--db",
            a.to_str().unwrap(),
            "--tip",
            "40",
            "--network",
            "testnet4",
            "--force",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());

    let rows = |db: &std::path::Path| -> Vec<(i64, String, Vec<u8>)> {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut st = c
            .prepare("SELECT height, hash, raw FROM blocks ORDER BY height")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (ra, rb) = (rows(&a), rows(&b));
    assert_eq!(ra.len(), 41);
    assert_eq!(ra, rb, "same options, same bytes");
    // testnet4 genesis.
    assert_eq!(
        ra[0].1,
        "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043"
    );
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        vec!["generate"],
        vec!["generate", "--db", "x.db", "--network", "moon"],
        vec!["serve", "--db", "x.db", "--addr", "nonsense"],
        vec!["serve", "--db", "x.db", "--mine-interval", "-1"],
        vec!["fly"],
    ] {
        let out = devserver().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn serve_reports_missing_and_corrupt_databases() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = devserver()
        .args([
            "serve",
            "--db",
            missing.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let out = devserver()
        .args([
            "serve",
            "--db",
            junk.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a devserver database"));
}

#[test]
fn serve_generates_when_missing_and_prints_the_real_port() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("auto.db");
    let mut child = devserver()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
            "--generate-tip",
            "12",
            "--sparse",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("devserver listening on http://")
        .expect(&line)
        .to_string();
    let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    assert!(db.exists());
    // A raw HTTP/1.0 request, no client needed.
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    s.write_all(b"GET /bitcoin/v1/health HTTP/1.0\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        resp.starts_with("HTTP/1.0 200") || resp.starts_with("HTTP/1.1 200"),
        "{resp}"
    );
    assert!(resp.contains("\"block_height\":12"), "{resp}");
}

/// A `serve` child with its address and API-key line (and the dir of its db).
struct Served {
    child: std::process::Child,
    addr: String,
    line: String,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a fresh tiny chain.
fn serve_with(args: &[&str], env_keys: Option<&str>) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db");
    let mut cmd = devserver();
    cmd.args([
        "serve",
        "--db",
        db.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ])
    .args(["--generate-tip", "3"])
    .args(args)
    .stdout(Stdio::piped());
    match env_keys {
        Some(k) => cmd.env("STARGATE_API_KEYS", k),
        None => cmd.env_remove("STARGATE_API_KEYS"),
    };
    let mut child = cmd.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    out.read_line(&mut first).unwrap();
    out.read_line(&mut second).unwrap();
    let addr = first
        .trim()
        .strip_prefix("devserver listening on http://")
        .expect(&first)
        .to_string();
    Served {
        child,
        addr,
        line: second.trim().to_string(),
        _dir: dir,
    }
}

/// Status code of `POST /api/auth/login {"api_key": key}` over raw HTTP/1.0.
fn login_status(addr: &str, key: &str) -> u16 {
    use std::io::{Read, Write};
    let body = format!(r#"{{"api_key":"{key}"}}"#);
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /api/auth/login HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    resp[9..12].parse().unwrap()
}

#[test]
fn api_keys_come_from_flags_or_the_env_else_the_printed_dev_key() {
    let s = serve_with(&[], None);
    assert_eq!(
        s.line,
        "devserver API key: stargate-dev-key (the dev key; set --api-key or STARGATE_API_KEYS to choose)"
    );
    assert_eq!(login_status(&s.addr, "stargate-dev-key"), 200);
    assert_eq!(login_status(&s.addr, "other"), 403);

    let s = serve_with(&[], Some("env-a,env-b,env-c"));
    assert_eq!(
        s.line,
        "devserver API keys: 3 configured (--api-key / STARGATE_API_KEYS)"
    );
    assert_eq!(login_status(&s.addr, "env-b"), 200);
    assert_eq!(login_status(&s.addr, "stargate-dev-key"), 403);

    // Flags replace the env var.
    let s = serve_with(
        &["--api-key", "flag-a", "--api-key", "flag-b"],
        Some("env-a"),
    );
    assert!(
        s.line.starts_with("devserver API keys: 2 configured"),
        "{}",
        s.line
    );
    assert_eq!(login_status(&s.addr, "flag-b"), 200);
    assert_eq!(login_status(&s.addr, "env-a"), 403);
}

#[test]
fn sign_message_prints_the_fixture_address_and_a_signature_the_server_accepts() {
    let nonce = "08d0ff0d35038832e4ddecdcee21baa5";
    let out = devserver().args(["sign-message", nonce]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        lines[0],
        "address: tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v"
    );
    let sig = lines[1].strip_prefix("signature: ").unwrap();
    assert_eq!(
        devserver::signature::verify("tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v", sig, nonce),
        Some((
            devserver::signature::Format::Legacy,
            devserver::signature::Signed::Nonce
        ))
    );
    let out = devserver()
        .args([
            "sign-message",
            "--address-type",
            "p2tr",
            "--format",
            "legacy",
            nonce,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot prove"));
    let out = devserver()
        .args(["sign-message", "--wif", "nope", nonce])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid WIF"));
}
