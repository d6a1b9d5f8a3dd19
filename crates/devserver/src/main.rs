//! `devserver generate …` / `devserver serve …` / `devserver sign-message …`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use devserver::signature::sign::{self, AddressType, SigFormat};
use devserver::{GenerateOptions, ServeConfig};

#[derive(Parser)]
#[command(
    name = "devserver",
    version,
    about = "Stargate-compatible API server for development, demos and tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum NetworkArg {
    Mainnet,
    Testnet4,
    Testnet,
    Signet,
    Regtest,
}

impl From<NetworkArg> for bitcoin::Network {
    fn from(n: NetworkArg) -> Self {
        match n {
            NetworkArg::Mainnet => bitcoin::Network::Bitcoin,
            NetworkArg::Testnet4 => bitcoin::Network::Testnet4,
            NetworkArg::Testnet => bitcoin::Network::Testnet,
            NetworkArg::Signet => bitcoin::Network::Signet,
            NetworkArg::Regtest => bitcoin::Network::Regtest,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Generate a deterministic chain into a new SQLite file.
    Generate {
        #[arg(long)]
        db: PathBuf,
        /// Height of the generated tip.
        #[arg(long, default_value_t = 300)]
        tip: u32,
        #[arg(long, value_enum, default_value = "mainnet")]
        network: NetworkArg,
        /// Leave a few runs of heights unindexed.
        #[arg(long)]
        sparse: bool,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Serve the Stargate API (and a built explorer) from a database.
    Serve(ServeConfig),
    /// Sign a wallet challenge's nonce with a TEST key, for `/api/auth/verify`. Prints
    /// `address: …` and `signature: …`.
    SignMessage {
        /// The key, in WIF (its network decides the address). Default: the fixture wallet.
        #[arg(long, default_value = sign::FIXTURE_WIF)]
        wif: String,
        #[arg(long, value_enum, default_value = "p2wpkh")]
        address_type: AddressType,
        /// `auto`: what the real backend accepts (legacy, or its witness form for P2TR).
        #[arg(long, value_enum, default_value = "auto")]
        format: SigFormat,
        /// The nonce from `/api/auth/challenge`, signed exactly (trimmed).
        nonce: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            db,
            tip,
            network,
            sparse,
            force,
        } => {
            let started = Instant::now();
            devserver::generate(&GenerateOptions { db: db.clone(), tip, network: network.into(), sparse, force }).map(
                |r| {
                    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
                    println!(
                        "generated {} heights (tip {}, {} indexed, {} inscriptions) into {} ({:.1} MB) in {:.2}s",
                        r.tip + 1,
                        r.tip,
                        r.indexed,
                        r.inscriptions,
                        db.display(),
                        size as f64 / 1e6,
                        started.elapsed().as_secs_f64()
                    );
                },
            )
        }
        Command::SignMessage {
            wif,
            address_type,
            format,
            nonce,
        } => sign::sign(&wif, address_type, format, &nonce)
            .map_err(anyhow::Error::msg)
            .and_then(|(address, signature)| {
                // One write, and a closed pipe is an error, not a panic.
                use std::io::Write;
                let text = format!("address: {address}\nsignature: {signature}\n");
                Ok(std::io::stdout().write_all(text.as_bytes())?)
            }),
        Command::Serve(config) => {
            match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt.block_on(devserver::serve(config)),
                Err(e) => Err(e.into()),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devserver: {e:#}");
            ExitCode::FAILURE
        }
    }
}
