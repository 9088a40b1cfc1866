//! `just models-verify`: the store functions as the CLI will call them.
//!
//!     cargo run --release -p demarche-encoder --example models -- list|verify [MODELS_DIR]

use std::path::Path;
use std::process::ExitCode;

use demarche_encoder::store;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = Path::new(args.get(1).map_or("models", String::as_str));
    match args.first().map(String::as_str) {
        Some("list") => match store::list(dir) {
            Ok(models) => {
                for m in models {
                    match m {
                        Ok(info) => println!("{info}"),
                        Err(e) => println!("error: {e}"),
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some("verify") => match store::verify_all(dir) {
            Ok(results) => {
                let mut failed = false;
                for (path, r) in results {
                    match r {
                        Ok(card) => println!("ok     {} ({} files)", path.display(), card.files.len()),
                        Err(e) => {
                            failed = true;
                            println!("FAILED {e}");
                        }
                    }
                }
                if failed {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: models list|verify [MODELS_DIR]");
            ExitCode::from(2)
        }
    }
}
