use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use tokio_util::sync::CancellationToken;

use clashwatch::bot;
use clashwatch::cli::{facts, health, refacts, summarize, Cli, Command};
use clashwatch::config::Config;
use clashwatch::logging;

// The facts reader allocates many short-lived strings and vectors per
// sentence; mimalloc serves them in about half the instructions of glibc
// malloc (measured with callgrind on `clashwatch facts`, see docs/scores.md).
// Built with `no_thp`: otherwise mimalloc asks for transparent huge pages, and
// the kernel zeroes 2 MiB for every first touch of one: 10-17% of the time of
// `clashwatch facts` on 10k short texts went to that (perf), and the heap
// took 80 MB where 52 MB do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn real_main() -> anyhow::Result<ExitCode> {
    // A missing .env is normal; a malformed one is worth saying.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("warning: ignoring .env: {e}");
        }
    }
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref()).context("loading configuration")?;
    logging::init(&config.log);

    // Pure and synchronous: no async runtime needed.
    if let Command::Facts = cli.command {
        let stdin = std::io::stdin();
        let settings = facts::Settings::from_config(&config);
        facts::run_with(stdin.lock(), std::io::stdout().lock(), &settings)
            .context("reading facts")?;
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let code = match cli.command {
        Command::Run => {
            let conn = bot::Connection::from_env()?;
            bot::Shards::parse(&config.bot.shards)?;
            until_stopped(&runtime, |shutdown| bot::run(config, conn, shutdown))
        }
        Command::Worker => {
            let conn = bot::Connection::from_env()?;
            until_stopped(&runtime, |shutdown| bot::worker(config, conn, shutdown))
        }
        Command::Register => {
            let conn = bot::Connection::from_env()?;
            until_stopped(&runtime, |shutdown| bot::register(conn, shutdown))
        }
        Command::Summarize(args) => runtime.block_on(summarize::run(&config, args)),
        Command::Refacts(args) => runtime.block_on(refacts::run(&config, args.batch)),
        Command::Health(args) => runtime.block_on(health::run(&config, args)),
        Command::Facts => Ok(ExitCode::SUCCESS),
    };
    // A task still busy (an extraction on a blocking thread, a request that
    // won't answer) must not keep the process alive after a stop.
    runtime.shutdown_timeout(Duration::from_millis(500));
    code
}

/// Run a long-lived role until it ends or a stop signal ends it.
fn until_stopped<F, Fut>(runtime: &tokio::runtime::Runtime, role: F) -> anyhow::Result<ExitCode>
where
    F: FnOnce(CancellationToken) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    runtime
        .block_on(async {
            let shutdown = CancellationToken::new();
            tokio::spawn(stop_on_signal(shutdown.clone()));
            role(shutdown).await
        })
        // Stopped by a signal: say which, the way shells do (128 + number).
        .map(|()| match STOPPED_BY.load(Ordering::SeqCst) {
            0 => ExitCode::SUCCESS,
            signal => ExitCode::from(128 + signal as u8),
        })
}

/// The signal that started the stop (2 SIGINT, 15 SIGTERM), 0 before one.
static STOPPED_BY: AtomicI32 = AtomicI32::new(0);

/// How long a stop may take before the process exits anyway: under the 5 s
/// people and `docker stop` wait.
const STOP_DEADLINE: Duration = Duration::from_millis(4500);

/// SIGINT (Ctrl-C) or SIGTERM (docker stop, systemd) starts a graceful
/// shutdown; a second one, or a stop that takes too long, exits at once.
async fn stop_on_signal(shutdown: CancellationToken) {
    let mut signals = match Signals::listen() {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for stop signals; stop the bot with SIGKILL");
            return;
        }
    };
    let signal = signals.next().await;
    STOPPED_BY.store(signal, Ordering::SeqCst);
    tracing::info!(
        "{} received, shutting down (send it again to stop at once)",
        signal_name(signal)
    );
    shutdown.cancel();
    // A plain thread: it must fire even if every runtime thread is stuck.
    std::thread::spawn(move || {
        std::thread::sleep(STOP_DEADLINE);
        eprintln!(
            "clashwatch did not stop within {} s; exiting now",
            STOP_DEADLINE.as_secs_f32()
        );
        std::process::exit(128 + signal);
    });
    let again = signals.next().await;
    eprintln!("{} received again; exiting now", signal_name(again));
    std::process::exit(128 + again);
}

/// SIGINT and SIGTERM, listened to from start to exit.
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Signals {
    fn listen() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                int: signal(SignalKind::interrupt())?,
                term: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next signal's number: 2 for SIGINT, 15 for SIGTERM.
    async fn next(&mut self) -> i32 {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => 2,
                _ = self.term.recv() => 15,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            2
        }
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "a stop signal",
    }
}
