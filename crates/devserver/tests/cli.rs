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
