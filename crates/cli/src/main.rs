//! `demarche`: turns diplomatic text into tables of who said what.
//!
//! Exit codes: 0 the run completed (bad inputs are rows in `errors`, not failures);
//! 1 the run could not start or its outputs could not be written; 2 bad command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use demarche_runs::{default_run_dir, merge, run, Config, RunOptions, Shard, Summary, DEFAULT_TOML};
use indicatif::{ProgressBar, ProgressStyle};

/// `print!` that never panics: a full disk is an error, and a reader that has gone away
/// (`demarche … | head`) ends the program quietly, its work already done.
macro_rules! out {
    ($($arg:tt)*) => {
        emit(format_args!($($arg)*))?
    };
}

fn emit(args: std::fmt::Arguments) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
    }
}

#[derive(Parser)]
#[command(
    name = "demarche",
    version,
    about = "Turns diplomatic text into tables of who said what, and what position they took."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the pipeline over files and folders (walked recursively) and write a run directory.
    Run {
        /// Input files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The run directory; by default runs/<name or timestamp>-<config hash>.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Name for the default run directory.
        #[arg(long)]
        name: Option<String>,
        /// Configuration file (TOML); omitted keys keep the built-in values (`demarche config`).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Worker threads (overrides run.threads; 0 = one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Process only shard K of N (e.g. 2/3): a deterministic share of the inputs.
        #[arg(long)]
        shard: Option<Shard>,
        /// Keep each document's model outputs in DIR and reuse them: a killed run resumes, and
        /// new files in a corpus cost only themselves (`just run` uses runs/.cache).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Merge the run folders of sharded runs into one run, equal to a run over all inputs.
    Merge {
        /// Run folders written by `demarche run --shard K/N`.
        #[arg(required = true)]
        runs: Vec<PathBuf>,
        /// The merged run folder to write (replaced whole if it is a demarche run).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a run's tables as a Hive-partitioned Parquet dataset by year
    /// (`OUT/<table>/year=YYYY/part-0.parquet`), for DuckDB, Polars, pyarrow or Spark.
    Partition {
        /// The run folder whose tables to partition.
        run: PathBuf,
        /// The dataset folder to write (replaced whole if it is a dataset of this tool).
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare two runs: stance agreement, kappa and confusion per target, the sentences whose
    /// label changed, entity agreement, and the change of every actor × year × target position.
    Compare {
        /// The first run folder (the baseline).
        run_a: PathBuf,
        /// The second run folder, compared with the first.
        run_b: PathBuf,
        /// The folder to write the comparison tables into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Score a stage against gold data.
    #[command(subcommand)]
    Eval(Eval),
    /// Train a model from labelled examples.
    #[command(subcommand)]
    Train(Train),
    /// Propose sentences of a run to label for a stance target: keyword matches ranked by
    /// similarity to the codebook's examples, then by the current model's uncertainty.
    Candidates {
        /// The codebook target.
        #[arg(long)]
        target: String,
        /// A run folder whose sentences are the pool (a text-only run is enough).
        #[arg(long)]
        run: PathBuf,
        /// The CSV to write, in the training set's columns with labels left empty.
        #[arg(long)]
        out: PathBuf,
        /// How many sentences to propose.
        #[arg(long, default_value_t = 200)]
        n: usize,
        /// At most this many keyword matches are embedded (a deterministic sample beyond).
        #[arg(long, default_value_t = 5000)]
        pool: usize,
        /// The codebook with the target's keywords and worked examples.
        #[arg(long, default_value = "config/codebook.toml")]
        codebook: PathBuf,
        /// The sentence encoder that ranks matches by similarity to the examples.
        #[arg(long, default_value = "models/all-minilm-l6-v2")]
        encoder: PathBuf,
        /// The current stance model, for uncertainty sampling (skipped if it lacks the target).
        #[arg(long, default_value = "models/stance-minilm-ft")]
        model: PathBuf,
        /// Labelled CSV files (a `text` column) whose sentences are not proposed again.
        #[arg(long)]
        exclude: Vec<PathBuf>,
    },
    /// The model store: list the models and check their files.
    #[command(subcommand)]
    Models(Models),
    /// Print the built-in configuration, or with --config the configuration in force: the
    /// file's values over the built-in ones, its relative paths resolved.
    Config {
        /// A configuration file (TOML) to read and print in full.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print the column reference of every table, a run's and a comparison's (docs/schema.md).
    Schema,
}

#[derive(Subcommand)]
enum Eval {
    /// Quotations and their speakers against PolNeAR (a split folder with text/ and attributions/).
    Quotes {
        /// A PolNeAR split folder (text/ and attributions/).
        split: PathBuf,
        /// Score only the first N articles (in file-name order).
        #[arg(long, value_name = "N")]
        max_docs: Option<usize>,
        /// Also print, per article, the wrong speakers and names, missed and spurious quotes.
        #[arg(long)]
        findings: bool,
    },
    /// Entity-level strict precision, recall and F1 (conlleval) on CoNLL-2003 files, gold tokens.
    Ner {
        /// CoNLL-2003 files (one token per line, blank lines between sentences).
        #[arg(required = true)]
        conll: Vec<PathBuf>,
        /// The NER model folder.
        #[arg(long, default_value = "models/ner-conll-minilm")]
        model: PathBuf,
        /// The configuration whose `[encoder] runtime` runs the model (ONNX Runtime by default).
        #[arg(long)]
        config: Option<PathBuf>,
        /// After each file's table, one JSON line of its figures (for the model card).
        #[arg(long)]
        json: bool,
    },
    /// Stance F1 (favor, against, their mean per target) and holder accuracy of a run against
    /// gold sentences (CSV with doc, byte_start, byte_end, holder and one column per target).
    Stance {
        /// The gold sentences (CSV: doc, byte_start, byte_end, holder, one column per target).
        #[arg(long)]
        gold: PathBuf,
        /// The run folder to score.
        #[arg(long, required_unless_present = "model", conflicts_with = "model")]
        run: Option<PathBuf>,
        /// Or: score this stance model on the gold sentences directly (their documents are
        /// read from --docs and segmented as in a run; only gold sentences are scored).
        #[arg(long, requires = "docs")]
        model: Option<PathBuf>,
        /// The folder that gold `doc` paths are relative to.
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Targets to score (default: the codebook's).
        #[arg(long, default_value = "config/codebook.toml")]
        codebook: PathBuf,
        /// With --model: write the figures into the model card's [metrics] (dev_*).
        #[arg(long, requires = "model")]
        record: bool,
        /// Write the gold rows the run got wrong (a label or the holder) to this CSV.
        #[arg(long)]
        errors: Option<PathBuf>,
        /// With --model: the configuration whose `[encoder]` section runs the model (runtime,
        /// precision); its stance model and codebook are replaced by --model and --codebook.
        #[arg(long, requires = "model")]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Train {
    /// Stance heads over frozen encoder embeddings, one per codebook target, from labelled
    /// sentences (CSV: `text`, one column per target, optionally `prev`).
    Stance {
        /// Labelled sentences (CSV); several files are concatenated.
        #[arg(long, required = true)]
        examples: Vec<PathBuf>,
        /// The codebook: one head per target, its labels from the target's column.
        #[arg(long, default_value = "config/codebook.toml")]
        codebook: PathBuf,
        /// The sentence encoder (Hugging Face layout).
        #[arg(long, default_value = "models/all-minilm-l6-v2")]
        encoder: PathBuf,
        /// The model folder to write; without it, only cross-validate.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The model's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Add the embedding of the sentence before (same turn, the `prev` column) to the features.
        #[arg(long)]
        context: bool,
        /// L2 penalty of the logistic regression.
        #[arg(long, default_value_t = 1e-3)]
        l2: f64,
        /// Report K-fold cross-validated F1 on the examples (0: none).
        #[arg(long, default_value_t = 0)]
        cv: usize,
        /// Use only N examples (a deterministic subset): learning curves.
        #[arg(long)]
        limit: Option<usize>,
        /// Seed of the folds and the subset.
        #[arg(long, default_value_t = 13)]
        seed: u64,
        /// Gold dev sentences to score the saved model on (never trained on); the figures go
        /// into the model card's [metrics]. Needs --docs.
        #[arg(long, requires = "docs", requires = "out")]
        dev: Option<PathBuf>,
        /// The folder that the gold `doc` paths are relative to.
        #[arg(long)]
        docs: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Models {
    /// Every model folder under DIR with its card.
    List {
        /// The folder holding the model folders.
        #[arg(default_value = "models")]
        dir: PathBuf,
    },
    /// Check every file of every model under DIR against its card's sha256.
    Verify {
        /// The folder holding the model folders.
        #[arg(default_value = "models")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DEMARCHE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never in a log file or a pipe.
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .init();
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", message(&e));
            ExitCode::from(1)
        }
    }
}

/// The run's progress bar: documents done, rate, ETA and the stage of the current chunk.
/// The run's progress: a bar on a terminal; elsewhere (a log, a batch job) a plain line at
/// most every [`PLAIN_EVERY`], so that a long run still says where it is.
struct Bar {
    bar: ProgressBar,
    plain: Option<std::sync::Mutex<Plain>>,
}

#[derive(Default)]
struct Plain {
    last: Option<std::time::Instant>,
    documents: (usize, usize),
    stage: String,
}

const PLAIN_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

impl Bar {
    fn new(bar: ProgressBar) -> Self {
        use std::io::IsTerminal;
        let plain = (!std::io::stderr().is_terminal()).then(|| std::sync::Mutex::new(Plain::default()));
        Bar { bar, plain }
    }

    /// A plain line, when the last one is old enough (or `force`).
    fn line(&self, change: impl FnOnce(&mut Plain), force: bool) {
        let Some(plain) = &self.plain else { return };
        let Ok(mut p) = plain.lock() else { return };
        change(&mut p);
        if force || p.last.is_none_or(|t| t.elapsed() >= PLAIN_EVERY) {
            p.last = Some(std::time::Instant::now());
            eprintln!("progress: documents {}/{} · {}", p.documents.0, p.documents.1, p.stage);
        }
    }
}

impl demarche_runs::Progress for Bar {
    fn update(&self, done: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        self.line(|p| p.documents = (done, total), done == total && total > 0);
    }
    fn stage(&self, stage: &str) {
        self.bar.set_message(stage.to_string());
        self.line(|p| p.stage = stage.to_string(), false);
    }
    fn sentences(&self, done: usize, total: usize) {
        let message = format!("ner, stance: sentences {done}/{total} of this chunk");
        self.bar.set_message(message.clone());
        self.line(|p| p.stage = message, false);
    }
}

/// The error and its causes, `a: b: c`. The project's errors show a cause once: wrapping
/// errors say what was being done and leave it to `source()`, leaf errors put it in their
/// message (`path: No such file or directory`) and have none. Errors of other crates may do
/// both (and `quotes`' I/O error still does): a cause that its error's message already ends
/// with is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut previous = String::new();
    for cause in e.chain().map(|c| c.to_string()) {
        if out.is_empty() {
            out.clone_from(&cause);
        } else if !previous.ends_with(&cause) {
            out = format!("{out}: {cause}");
        }
        previous = cause;
    }
    out
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Config { config: None } => out!("{DEFAULT_TOML}"),
        Command::Config { config: Some(path) } => {
            let config = demarche_runs::Config::load(&path)?;
            out!("{}", toml::to_string(&config.resolved()).context("printing the configuration")?);
        }
        Command::Eval(Eval::Quotes { split, max_docs, findings }) => {
            let registry = demarche_actors::Registry::builtin()?;
            let max = max_docs.unwrap_or(usize::MAX);
            let (report, found) = demarche_quotes::eval::evaluate_with_findings(&split, &registry, max)?;
            for f in found.iter().filter(|_| findings) {
                out!("## {}\n", f.file.display());
                for (u, s, g) in &f.wrong_speakers {
                    out!("SPEAKER ours={s:?} gold={g:?} | {}\n", u.replace('\n', " "));
                }
                for (u, s, g) in &f.wrong_names {
                    out!("NAME ours={s:?} gold={g:?} | {}\n", u.replace('\n', " "));
                }
                for m in &f.missed {
                    out!("MISSED | {}\n", m.replace('\n', " "));
                }
                for s in &f.spurious {
                    out!("SPURIOUS | {}\n", s.replace('\n', " "));
                }
            }
            out!("{report}");
        }
        Command::Eval(Eval::Ner { conll, model, config, json }) => {
            let config = match &config {
                Some(p) => Config::load(p)?,
                None => Config::default(),
            };
            let runtime = demarche_runs::runtime(&config)?;
            let model = demarche_ner::NerModel::load_with(&model, &runtime)?;
            for file in conll {
                let r = demarche_ner::eval::conll_with(&model, &file)?;
                out!("{r}");
                if json {
                    let per: serde_json::Map<String, serde_json::Value> =
                        r.per_type.iter().map(|(t, p)| (t.clone(), round2(p.f1).into())).collect();
                    let line = serde_json::json!({
                        "file": file.display().to_string(),
                        "f1": round2(r.overall.f1),
                        "precision": round2(r.overall.precision),
                        "recall": round2(r.overall.recall),
                        "per_type": per,
                        "f1_interval": r.f1_interval.map(|(lo, hi)| [round2(lo), round2(hi)]),
                        "sentences_per_s": (r.sentences as f64 / r.seconds * 10.0).round() / 10.0,
                    });
                    out!("{line}\n");
                }
            }
        }
        Command::Eval(Eval::Stance { gold: gold_path, run, model, docs, codebook, record, errors, config }) => {
            let targets = demarche_stance::Codebook::load(&codebook)?.names();
            let gold = demarche_stance::examples::read(&gold_path, &targets)?;
            let model_dir = model.clone();
            let predicted = match (run, model, docs) {
                (Some(run), ..) => demarche_stance::eval::read_run(&run)?,
                (None, Some(model), Some(docs)) => {
                    let mut config = match &config {
                        Some(p) => Config::load(p)?,
                        None => Config::default(),
                    };
                    config.stance.model = model;
                    config.stance.codebook = codebook.clone();
                    demarche_runs::stance_predictions(&config, &docs, &gold)?
                }
                _ => anyhow::bail!("give --run, or --model with --docs"),
            };
            let report = demarche_stance::eval::evaluate(&gold, &predicted, &targets)?;
            out!("{report}");
            if let Some(path) = errors {
                report.write_misses(&path)?;
            }
            if let (true, Some(dir)) = (record, model_dir) {
                demarche_stance::train::record_dev(&dir, &gold_path, &report)?;
            }
        }
        Command::Train(Train::Stance {
            examples,
            codebook,
            encoder,
            out,
            name,
            context,
            l2,
            cv,
            limit,
            seed,
            dev,
            docs,
        }) => {
            let codebook_path = codebook.clone();
            let name = name
                .or_else(|| out.as_ref().and_then(|o| o.file_name()).map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "stance".into());
            let command =
                std::env::args().map(|a| if a.contains(' ') { format!("{a:?}") } else { a }).collect::<Vec<_>>();
            let spec = demarche_stance::train::TrainSpec {
                examples,
                codebook,
                encoder,
                out: out.clone(),
                name,
                context,
                l2,
                folds: cv,
                limit,
                seed,
                command: command.join(" "),
            };
            let report = demarche_stance::train::train(&spec)?;
            out!("{} examples\n", report.rows);
            if !report.cv.is_empty() {
                let r = demarche_stance::eval::Report { targets: report.cv.clone(), ..Default::default() };
                out!("{cv}-fold cross-validation:\n{r}");
            }
            if let Some(out) = out {
                out!("saved {}\n", out.display());
                if let (Some(dev), Some(docs)) = (dev, docs) {
                    let targets = demarche_stance::Codebook::load(&codebook_path)?.names();
                    let gold = demarche_stance::examples::read(&dev, &targets)?;
                    let mut config = Config::default();
                    config.stance.model = out.clone();
                    let predicted = demarche_runs::stance_predictions(&config, &docs, &gold)?;
                    let report = demarche_stance::eval::evaluate(&gold, &predicted, &targets)?;
                    out!("dev ({}):\n{report}", dev.display());
                    demarche_stance::train::record_dev(&out, &dev, &report)?;
                }
            }
        }
        Command::Candidates { target, run, out, n, pool, codebook, encoder, model, exclude } => {
            use demarche_stance::candidates;
            let codebook = demarche_stance::Codebook::load(&codebook)?;
            let mut done = std::collections::HashSet::new();
            for path in &exclude {
                done.extend(demarche_stance::examples::read(path, &[])?.into_iter().map(|e| e.text.trim().to_string()));
            }
            let sentences = candidates::read_run_sentences(&run)?;
            let encoder = demarche_encoder::SentenceEncoder::load(&encoder)?;
            // No model yet (a new project): similarity only. A model that is there must load.
            let model = if model.exists() { Some(demarche_stance::Classifier::load(&model)?) } else { None };
            let opts = candidates::Options { target: &target, n, pool, exclude: done };
            let found = candidates::propose(sentences, &codebook, &encoder, model.as_ref(), &opts)?;
            candidates::write(&out, &found, &codebook)?;
            out!("{} candidates for `{target}` -> {}\n", found.len(), out.display());
        }
        Command::Models(Models::List { dir }) => {
            for m in demarche_encoder::store::list(&dir)? {
                match m {
                    Ok(info) => out!("{info}\n"),
                    Err(e) => out!("error: {e}\n"),
                }
            }
        }
        Command::Models(Models::Verify { dir }) => {
            let mut bad = 0;
            for (path, result) in demarche_encoder::store::verify_all(&dir)? {
                match result {
                    Ok(m) => out!("ok     {} ({} files)\n", path.display(), m.files.len()),
                    Err(e) => {
                        bad += 1;
                        out!("FAILED {}: {e}\n", path.display());
                    }
                }
            }
            anyhow::ensure!(bad == 0, "{bad} model folder(s) failed verification");
        }
        Command::Schema => out!(
            "{}# Comparison tables\n\n`demarche compare A B --out DIR` writes these, as CSV and Parquet like a run's.\n\n{}",
            demarche_tables::schema_markdown(),
            demarche_compare::schema_markdown()
        ),
        Command::Compare { run_a, run_b, out } => {
            let summary = demarche_compare::compare(&run_a, &run_b, &out)
                .with_context(|| format!("compare into {}", out.display()))?;
            out!("{summary}\n");
            out!("tables in {}\n", out.display());
        }
        Command::Partition { run, out } => {
            demarche_tables::RunDir::open(&run, &[demarche_tables::DOCUMENTS])?;
            let counts = demarche_tables::partition::partition_by_year(&run, &out)
                .with_context(|| format!("partition {} into {}", run.display(), out.display()))?;
            for (table, years) in &counts {
                let rows: usize = years.values().sum();
                out!("{table:<10} {rows:>8} rows in {} partitions\n", years.len());
            }
            out!("{}\n", out.display());
        }
        Command::Merge { runs, out } => {
            let summary = merge(&runs, &out).with_context(|| format!("merge into {}", out.display()))?;
            report(&summary)?;
        }
        Command::Run { inputs, out, name, config, threads, shard, cache } => {
            let mut config = match &config {
                Some(p) => Config::load(p)?,
                None => Config::default(),
            };
            if let Some(t) = threads {
                config.run.threads = t;
            }
            let out = match out {
                Some(out) => out,
                None => default_run_dir(&PathBuf::from("runs"), name.as_deref(), &config)?,
            };
            // Drawn on stderr only when it is a terminal (indicatif hides it otherwise).
            let bar = Bar::new(ProgressBar::new(0).with_style(
                ProgressStyle::with_template(
                    "{spinner} documents {pos}/{len} [{elapsed_precise}] {per_sec} ETA {eta} · {msg}",
                )
                .expect("valid template"),
            ));
            // Ticks on its own, so elapsed time moves during a long model stage.
            bar.bar.enable_steady_tick(std::time::Duration::from_millis(250));
            let sharded = shard.is_some();
            let summary = run(&RunOptions { inputs, out: out.clone(), config, shard, cache }, &bar)
                .with_context(|| format!("run into {}", out.display()))?;
            bar.bar.finish_and_clear();
            report(&summary)?;
            // A run that read nothing is a failure to report, not an empty success (a shard
            // may be empty when there are more shards than files).
            let m = &summary.manifest;
            if !sharded && m.counts.get("documents").copied().unwrap_or(0) == 0 {
                match m.errors {
                    0 => anyhow::bail!("nothing was read: no input files were found"),
                    n => anyhow::bail!(
                        "nothing was read: {n} input{} could not be read (the reasons are in {})",
                        if n == 1 { "" } else { "s" },
                        out.join("errors.csv").display()
                    ),
                }
            }
        }
    }
    Ok(())
}

/// The summary line of a finished run or merge. Its tables are in place already, so a closed
/// or full standard output only loses the line: a warning, exit 0.
fn report(summary: &Summary) -> Result<()> {
    let m = &summary.manifest;
    let count = |t: &str| m.counts.get(t).copied().unwrap_or(0);
    let line = format!(
        "{}: {} documents, {} turns, {} sentences; {} errors, {} warnings ({:.1} s)\n",
        summary.out.display(),
        count("documents"),
        count("turns"),
        count("sentences"),
        m.errors,
        m.warnings,
        m.wall_seconds
    );
    if let Err(e) = emit(format_args!("{line}")) {
        tracing::warn!("the summary line was not written: {e:#}");
    }
    Ok(())
}

/// Two decimals, as the model cards keep F1.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
